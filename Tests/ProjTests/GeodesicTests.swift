// GeodesicTests.swift — ellipsoidal areas against GeographicLib (Python geographiclib 2.x).
//
// Each reference was printed by this command, with RING replaced by the (lon, lat) list shown:
//   python3 -c "from geographiclib.geodesic import Geodesic as G
//   def a(r):
//     p=G.WGS84.Polygon()
//     [p.AddPoint(la,lo) for lo,la in r]
//     return abs(p.Compute(False,True)[2])
//   print(repr(a(RING)))"

import Testing
import Proj
import Foundation
@testable import CityGen

let cell = [(121.0, 31.0), (122.0, 31.0), (122.0, 32.0), (121.0, 32.0)]
let building = [(121.47, 31.23), (121.471, 31.23), (121.471, 31.2309), (121.47, 31.2309)]
let block = [(121.47, 31.23), (121.48, 31.23), (121.48, 31.24), (121.47, 31.24)]
let courtyard = [(121.472, 31.232), (121.474, 31.232), (121.474, 31.234), (121.472, 31.234)]

// a([(121,31),(122,31),(122,32),(121,32)])
let cellArea = 10533592046.028198
// a([(121.47,31.23),(121.471,31.23),(121.471,31.2309),(121.47,31.2309)])
let buildingArea = 9507.001952588558
// a(block) - a(courtyard), i.e. print(repr(a([(121.47,31.23),(121.48,31.23),(121.48,31.24),(121.47,31.24)])
//   - a([(121.472,31.232),(121.474,31.232),(121.474,31.234),(121.472,31.234)])))
let blockWithCourtyardArea = 1014031.4555625916
// a(building) + a(block) - a(courtyard), same command summing the three rings
let buildingAndBlockArea = 1023538.4575151801
// a([(121.5,31.2),(121.51,31.2),(121.505,31.21)])
let triangleArea = 528328.8412456512

@Test func oneDegreeCellNearShanghai() throws {
    #expect(areaMatches(try Geodesic.area(lonLatWKB: polygonWKB([ring(cell)])), cellArea))
}

@Test func buildingAreaIgnoresOrientation() throws {
    let counterClockwise = try Geodesic.area(lonLatWKB: polygonWKB([ring(building)]))
    let clockwise = try Geodesic.area(lonLatWKB: polygonWKB([ring(building.reversed())]))
    #expect(areaMatches(counterClockwise, buildingArea))
    #expect(areaMatches(clockwise, buildingArea))
    #expect(clockwise > 0)
}

@Test(arguments: [false, true])
func polygonWithHole(holeReversed: Bool) throws {
    // The hole is wound like the shell, or opposite: the area is |shell| − |hole| either way.
    let hole = ring(holeReversed ? courtyard.reversed() : courtyard)
    #expect(areaMatches(try Geodesic.area(lonLatWKB: polygonWKB([ring(block), hole])), blockWithCourtyardArea))
}

@Test func multiPolygonSumsItsPolygons() throws {
    let wkb = WKB.encode(.multiPolygon([[ring(building.reversed())], [ring(block), ring(courtyard)]]))
    #expect(areaMatches(try Geodesic.area(lonLatWKB: wkb), buildingAndBlockArea))
}

@Test func polygonsInsideACollectionCountAndOthersDoNot() throws {
    let wkb = WKB.encode(.geometryCollection([
        .point([121.0, 31.0]), .lineString(ring(cell)), .polygon([ring(building)]),
    ]))
    #expect(areaMatches(try Geodesic.area(lonLatWKB: wkb), buildingArea))
}

@Test func closingVertexRepeatedOrNot() {
    let open = [121.5, 31.2, 121.51, 31.2, 121.505, 31.21]
    let closed = open + [121.5, 31.2]
    #expect(areaMatches(Geodesic.ringArea(open), triangleArea))
    #expect(areaMatches(Geodesic.ringArea(closed), triangleArea))
}

@Test func pointsLinesAndDegenerateRingsHaveNoArea() throws {
    #expect(try Geodesic.area(lonLatWKB: WKB.encode(.point([121.0, 31.0]))) == 0)
    #expect(try Geodesic.area(lonLatWKB: WKB.encode(.lineString([121.0, 31.0, 122.0, 32.0]))) == 0)
    #expect(try Geodesic.area(lonLatWKB: WKB.encode(.multiPolygon([]))) == 0)
    #expect(Geodesic.ringArea([121.0, 31.0, 122.0, 32.0, 121.0, 31.0]) == 0)
    #expect(Geodesic.ringArea([]) == 0)
}

@Test func projectedCoordinatesAreRejected() {
    // Easting/northing passed where lon/lat was expected: latitude 3456101 is impossible.
    let projected = polygonWKB([[354280.6, 3456101.1, 354375.9, 3456099.7, 354377.2, 3456199.5, 354280.6, 3456101.1]])
    #expect(throws: PROJError.self) { try Geodesic.area(lonLatWKB: projected) }
}

@Test func truncatedWKBThrowsInsteadOfTrapping() {
    let wkb = polygonWKB([ring(building)])
    #expect(throws: WKBError.self) { try Geodesic.area(lonLatWKB: Array(wkb.dropLast(3))) }
}

// Rings of about 1 km, small enough for the authalic-sphere form (`Geodesic.smallRingSpan`), at four
// latitudes. References from the same Python geographiclib command as above:
//   a([(121.47,31.23),(121.4795,31.2305),(121.478,31.2392),(121.4712,31.2371)])            Shanghai
//   a([(24.93,60.16),(24.949,60.161),(24.945,60.1695),(24.931,60.168),(24.929,60.163)])   Helsinki
//   a([(-58.40,-34.60),(-58.3912,-34.6003),(-58.3921,-34.5921)])                          Buenos Aires
//   a([(18.07,79.0),(18.1,79.0),(18.0995,79.0097),(18.072,79.0091)])                      Svalbard
// Without the per-edge geodesic correction these differ from the references by 1e-7 to 1e-6.
@Test(arguments: [
    ([(121.47, 31.23), (121.4795, 31.2305), (121.478, 31.2392), (121.4712, 31.2371)], 682155.0736644864),
    ([(24.93, 60.16), (24.949, 60.161), (24.945, 60.1695), (24.931, 60.168), (24.929, 60.163)], 887698.8657516241),
    ([(-58.40, -34.60), (-58.3912, -34.6003), (-58.3921, -34.5921)], 365774.6986246109),
    ([(18.07, 79.0), (18.1, 79.0), (18.0995, 79.0097), (18.072, 79.0091)], 642201.5978178978),
])
func smallRingsMatchGeographicLibClosely(points: [(Double, Double)], reference: Double) {
    for r in [ring(points), ring(points.reversed())] {
        let area = Geodesic.ringArea(r)
        #expect(abs(area - reference) <= 2e-9 * reference, "\(area) against \(reference)")
    }
}

/// Random star-shaped rings from 2 m to 1 km across latitudes ±84°, either orientation: the
/// small-ring form against GeographicLib (`geod_polygonarea`, PROJ's C port of it). Below ~100 m the
/// difference is GeographicLib's own rounding (its per-edge terms are ~1e5 times the area), hence the
/// absolute floor; above 1e5 m² the relative agreement is checked on its own.
@Test func smallRingFormAgreesWithGeographicLib() {
    var random = Rng(seed: 42)      // CityGen's seeded generator
    var worstRelative = 0.0
    for _ in 0..<4000 {
        let latitude = random.uniform(-84, 84), longitude = random.uniform(-179, 179)
        let size = pow(10, random.uniform(log10(2), 3))             // metres
        let n = Int(random.uniform(3, 13))
        let angles = (0..<n).map { _ in random.uniform(0, 2 * .pi) }.sorted()
        var lonLat: [Double] = []
        for angle in angles {
            let r = size * random.uniform(0.3, 1)
            lonLat += [longitude + r * cos(angle) / (111_320 * cos(latitude * .pi / 180)),
                       latitude + r * sin(angle) / 110_574]
        }
        if random.uniform(0, 1) < 0.5 { lonLat = stride(from: lonLat.count - 2, through: 0, by: -2).flatMap { [lonLat[$0], lonLat[$0 + 1]] } }
        let fast = Geodesic.ringArea(lonLat), exact = Geodesic.exactRingArea(lonLat)
        #expect(abs(fast - exact) <= max(5e-9 * exact, 1e-3), "\(lonLat): \(fast) against \(exact)")
        if exact > 1e5 { worstRelative = max(worstRelative, abs(fast - exact) / exact) }
    }
    #expect(worstRelative < 2e-9)   // measured 5.6e-10; without the correction ~1e-6
}

/// The geodesic midpoint the report's cut allowance takes an edge's lens from. pyproj (GeographicLib):
///   g = Geod(ellps='WGS84'); az, _, d = g.inv(121, 31, 122, 32); g.fwd(121, 31, az, d / 2)
///   → (121.49733905198612, 31.5009962476614)
@Test func geodesicMidpoint() {
    let m = Geodesic.midpoint(121, 31, 122, 32)
    #expect(abs(m.lon - 121.49733905198612) < 1e-11 && abs(m.lat - 31.5009962476614) < 1e-11, "\(m)")
}
