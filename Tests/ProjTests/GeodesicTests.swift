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
