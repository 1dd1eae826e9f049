// `measureAreas`: ellipsoidal areas of longitude/latitude polygons near Shanghai against GeographicLib
// (the command that produced each figure is beside it), grouping, ring orientation, and a layer in
// US survey feet whose planar figure is hand arithmetic.
import Foundation
import Testing
import Proj
@testable import Parcels

/// Kinds of polygon, each with its GeographicLib area.
struct AreaCase: Sendable, CustomTestStringConvertible {
    let name: String
    let geometry: String
    let areaM2: Double
    var testDescription: String { name }
}

let triangle = [(121.48, 31.24), (121.482, 31.24), (121.481, 31.2415), (121.48, 31.24)]
let holeOuter = lonLatRect(121.49, 31.25, 121.492, 31.252), hole = lonLatRect(121.4905, 31.2505, 121.4915, 31.2515)
let partA = lonLatRect(121.5, 31.26, 121.5005, 31.2605), partB = lonLatRect(121.501, 31.26, 121.5015, 31.2605)
let district = [(121.4, 31.15), (121.46, 31.16), (121.47, 31.21), (121.43, 31.23), (121.39, 31.19), (121.4, 31.15)]

let areaCases = [
    AreaCase(name: "square", geometry: polygonJSON([square]), areaM2: squareM2),
    // python3 -c "from geographiclib.geodesic import Geodesic; p=Geodesic.WGS84.Polygon(); [p.AddPoint(la,lo) for lo,la in [(121.48,31.24),(121.482,31.24),(121.481,31.2415)]]; print(p.Compute(False,True)[2])"
    AreaCase(name: "triangle", geometry: polygonJSON([triangle]), areaM2: 15843.393831908703),
    // Shell minus hole:
    // python3 -c "from geographiclib.geodesic import Geodesic; A=lambda r: (lambda p: ([p.AddPoint(la,lo) for lo,la in r], abs(p.Compute(False,True)[2]))[1])(Geodesic.WGS84.Polygon()); print(sum([A([(121.49,31.25),(121.492,31.25),(121.492,31.252),(121.49,31.252)])*1, A([(121.4905,31.2505),(121.4915,31.2505),(121.4915,31.2515),(121.4905,31.2515)])*-1]))"
    AreaCase(name: "with hole", geometry: polygonJSON([holeOuter, hole]), areaM2: 31683.247829914093),
    // python3 -c "from geographiclib.geodesic import Geodesic; A=lambda r: (lambda p: ([p.AddPoint(la,lo) for lo,la in r], abs(p.Compute(False,True)[2]))[1])(Geodesic.WGS84.Polygon()); print(sum([A([(121.5,31.26),(121.5005,31.26),(121.5005,31.2605),(121.5,31.2605)])*1, A([(121.501,31.26),(121.5015,31.26),(121.5015,31.2605),(121.501,31.2605)])*1]))"
    AreaCase(name: "multipolygon", geometry: multiPolygonJSON([[partA], [partB]]), areaM2: 5280.034045159817),
    // A district-sized pentagon, about 7 km across (1e-6 relative is 46 m² here):
    // python3 -c "from geographiclib.geodesic import Geodesic; p=Geodesic.WGS84.Polygon(); [p.AddPoint(la,lo) for lo,la in [(121.4,31.15),(121.46,31.16),(121.47,31.21),(121.43,31.23),(121.39,31.19)]]; print(p.Compute(False,True)[2])"
    AreaCase(name: "district", geometry: polygonJSON([district]), areaM2: 45971040.33057356),
]

@Suite struct AreaTests {
    @Test(arguments: areaCases)
    func ellipsoidalAreaMatchesGeographicLib(_ c: AreaCase) throws {
        let s = Scenario()
        let (layer, metric) = try s.load(s.geoJSON("one", [(c.geometry, "{}")]))
        #expect(layer.features.count == 1 && layer.features[0].repair == nil)
        let r = try measureAreas(layer, by: nil, idField: nil, metricCRS: metric)
        #expect(r.features == 1 && r.groups.count == 1)
        #expect(close(r.totalM2, c.areaM2), "\(r.totalM2) vs \(c.areaM2)")
        #expect(r.totalPlanarM2 == nil && r.groups[0].planarM2 == nil)     // longitude/latitude has no planar figure
    }

    @Test func allKindsInOneLayerKeyedById() throws {
        let features = areaCases.map { ($0.geometry, #"{"name": "\#($0.name)"}"#) }
        let s = Scenario()
        let (layer, metric) = try s.load(s.geoJSON("all", features))
        let byName = try measureAreas(layer, by: nil, idField: "name", metricCRS: metric)
        #expect(byName.groups.map(\.key) == areaCases.map(\.name))
        for (g, c) in zip(byName.groups, areaCases) { #expect(close(g.areaM2, c.areaM2), "\(c.name)") }
        #expect(close(byName.totalM2, areaCases.reduce(0) { $0 + $1.areaM2 }))
        // Without --id-field: the feature's id in its layer (GDAL numbers GeoJSON features from 0).
        let byFid = try measureAreas(layer, by: nil, idField: nil, metricCRS: metric)
        #expect(byFid.groups.map(\.key) == ["0", "1", "2", "3", "4"])
    }

    @Test func groupingByAField() throws {
        // Groups keep the order of their first feature; counts and sums by hand from the cases above.
        let s = Scenario()
        let (layer, metric) = try s.load(s.geoJSON("grouped", [
            (polygonJSON([square]), #"{"district": "黄浦区", "pid": 11}"#),
            (polygonJSON([triangle]), #"{"district": "浦东新区", "pid": 12}"#),
            (polygonJSON([holeOuter, hole]), #"{"district": "黄浦区", "pid": 13}"#),
            (multiPolygonJSON([[partA], [partB]]), #"{"district": "浦东新区", "pid": 14}"#),
            (polygonJSON([lonLatRect(121.47, 31.24, 121.471, 31.241)]), #"{"district": "Minhang", "pid": 15}"#),
        ]))
        let r = try measureAreas(layer, by: "district", idField: "pid", metricCRS: metric)
        #expect(r.features == 5)
        #expect(r.groups.map(\.key) == ["黄浦区", "浦东新区", "Minhang"])
        #expect(r.groups.map(\.count) == [2, 2, 1])
        #expect(close(r.groups[0].areaM2, squareM2 + 31683.247829914093))
        #expect(close(r.groups[1].areaM2, 15843.393831908703 + 5280.034045159817))
        // python3 -c "from geographiclib.geodesic import Geodesic; p=Geodesic.WGS84.Polygon(); [p.AddPoint(la,lo) for lo,la in [(121.47,31.24),(121.471,31.24),(121.471,31.241),(121.47,31.241)]]; print(p.Compute(False,True)[2])"
        #expect(close(r.groups[2].areaM2, 10562.233893334866))
        #expect(close(r.totalM2, r.groups.reduce(0) { $0 + $1.areaM2 }))
        // --id-field keys features when there is no --by; an integer field keys as its digits.
        let ids = try measureAreas(layer, by: nil, idField: "pid", metricCRS: metric)
        #expect(ids.groups.map(\.key) == ["11", "12", "13", "14", "15"])
        #expect(ids.groups.allSatisfy { $0.count == 1 })
        #expect(!ids.warnings.contains { $0.contains("share") })
        // Two features with the same id: one row of both, and a warning says so.
        let (dup, metric2) = try s.load(s.geoJSON("dup", [
            (polygonJSON([square]), #"{"pid": "P1"}"#), (polygonJSON([triangle]), #"{"pid": "P1"}"#),
        ]))
        let d = try measureAreas(dup, by: nil, idField: "pid", metricCRS: metric2)
        #expect(d.groups.count == 1 && d.groups[0].count == 2)
        #expect(d.warnings.contains { $0.contains("2 features share the pid 'P1'") })
    }

    @Test func featuresWithoutAnIdAreRowsOfTheirOwn() throws {
        // GDAL numbers GeoJSON features from 0: the feature without a pid is number 1, the id of the
        // first. It must not be added to it, nor to the other feature without one (a blank pid).
        let s = Scenario()
        let (layer, metric) = try s.load(s.geoJSON("ids", [
            (polygonJSON([square]), #"{"pid": "1"}"#),
            (polygonJSON([triangle]), #"{"pid": null}"#),
            (polygonJSON([holeOuter, hole]), #"{"pid": " "}"#),
            (multiPolygonJSON([[partA], [partB]]), #"{"pid": "a"}"#),
        ]))
        let r = try measureAreas(layer, by: nil, idField: "pid", metricCRS: metric)
        #expect(r.groups.map(\.key) == ["1", "", "", "a"])
        #expect(r.groups.map(\.count) == [1, 1, 1, 1])
        #expect(close(r.groups[0].areaM2, squareM2) && close(r.groups[1].areaM2, 15843.393831908703))
        #expect(close(r.groups[2].areaM2, 31683.247829914093))
        #expect(r.warnings == ["\(layer.file): layer 'ids': 2 features have no pid (null or blank); each is listed on its own row with an empty key"])
        // Grouped with --by, the feature whose pid is null is a group of its own, key nil (it was ""):
        // NULL is no value, a blank is a value, trimmed of its spaces to "".
        let grouped = try measureAreas(layer, by: "pid", idField: nil, metricCRS: metric)
        #expect(grouped.groups.map(\.key) == ["1", nil, "", "a"])
    }

    @Test func ringOrientationDoesNotMatter() throws {
        // Clockwise shells, a counter-clockwise hole in a clockwise shell, and a multipolygon with one
        // part each way: every area positive and equal to its GeographicLib figure above.
        let s = Scenario()
        let (layer, metric) = try s.load(s.geoJSON("orientation", [
            (polygonJSON([square.reversed()]), #"{"name": "cw square"}"#),
            (polygonJSON([holeOuter.reversed(), hole]), #"{"name": "cw shell, ccw hole"}"#),
            (polygonJSON([holeOuter, hole.reversed()]), #"{"name": "ccw shell, cw hole"}"#),
            (multiPolygonJSON([[partA.reversed()], [partB]]), #"{"name": "mixed parts"}"#),
        ]))
        #expect(layer.features.allSatisfy { $0.repair == nil })
        let r = try measureAreas(layer, by: nil, idField: "name", metricCRS: metric)
        #expect(r.groups.allSatisfy { $0.areaM2 > 0 })
        #expect(close(r.groups[0].areaM2, squareM2))
        #expect(close(r.groups[1].areaM2, 31683.247829914093))
        #expect(close(r.groups[2].areaM2, 31683.247829914093))
        #expect(close(r.groups[3].areaM2, 5280.034045159817))
    }

    @Test func planarAreaInUSSurveyFeet() throws {
        // 1000 ft × 1000 ft in NAD83 / California zone 3 (ftUS, EPSG:2227), in San Francisco.
        let s = Scenario()
        let (layer, metric) = try s.load(s.layer("sf", fields: ["name"], [(rect(6006000, 2108000, 6007000, 2109000), ["lot 1"])], crs: "EPSG:2227"))
        let r = try measureAreas(layer, by: nil, idField: nil, metricCRS: metric)
        // Planar: a US survey foot is 1200/3937 m, so (1000 · 1200/3937)² = 92,903.4116… m².
        // python3 -c "print((1000*1200/3937)**2)"
        let planar = 92903.41161327485
        let p = try #require(r.totalPlanarM2)
        #expect(abs(p - planar) <= 1e-6 * planar, "\(p)")
        #expect(r.groups[0].planarM2 == p)
        // Ellipsoidal: close to the planar figure but not equal. The Lambert conformal conic of zone 3
        // shrinks the land between its standard parallels (37°04′ and 38°26′ N); at 37.77 N its scale is
        // k ≈ 0.99993, so ground area = planar / k² ≈ planar × 1.00014 — within 2e-4 of the planar figure,
        // and, corrected by the projection's areal scale there, within 1e-6:
        // python3 -c "from pyproj import Proj, Transformer as T; lon,lat=T.from_crs('EPSG:2227','EPSG:4269',always_xy=True).transform(6006500,2108500); print(Proj('EPSG:2227').get_factors(lon,lat).areal_scale)"
        let arealScale = 0.9998584703493979
        #expect(abs(r.totalM2 - planar) <= 2e-4 * planar, "\(r.totalM2)")
        #expect(abs(r.totalM2 - planar / arealScale) <= 1e-6 * planar, "\(r.totalM2)")
        // And against GeographicLib on the corners taken to longitude/latitude by pyproj:
        // python3 -c "from pyproj import Transformer as T; from geographiclib.geodesic import Geodesic; a=T.from_crs('EPSG:2227','EPSG:4326',always_xy=True); p=Geodesic.WGS84.Polygon(); [p.AddPoint(*a.transform(x,y)[::-1]) for x,y in [(6006000,2108000),(6007000,2108000),(6007000,2109000),(6006000,2109000)]]; print(p.Compute(False,True)[2])"
        #expect(close(r.totalM2, 92916.56206209213), "\(r.totalM2)")
    }
}

/// Beijing 1954 (EPSG:4214): PROJ knows six regional shifts to WGS 84 besides the ballpark one; the
/// Yellow Sea one (EPSG:15919, about 70 m) covers Shanghai north of about 31.23° N. Chosen point by
/// point, the corners of a square across that line move differently and its area grows by a fifth.
@Suite struct DatumShiftTests {
    // pyproj 3.7 (PROJ 9.5), the square's ground area on its own coordinates, which a shift moving
    // every corner alike keeps:
    // python3 -c "from pyproj import Geod; print(abs(Geod(ellps='WGS84').polygon_area_perimeter([121.47,121.471,121.471,121.47],[31.2295,31.2295,31.2305,31.2305])[0]))"
    let acrossM2 = 10563.384820878506

    @Test func oneShiftForEveryPointOfALayer() throws {
        let s = Scenario()
        let path = try s.layer("b54", fields: ["name"], [
            (WKB.encode(.polygon([lonLatRect(121.47, 31.2295, 121.471, 31.2305).flatMap { [$0.0, $0.1] }])), ["across"]),
            (WKB.encode(.polygon([lonLatRect(121.47, 31.2305, 121.471, 31.2315).flatMap { [$0.0, $0.1] }])), ["north"]),
        ], crs: "EPSG:4214")
        let (layer, metric) = try s.load(path)
        let r = try measureAreas(layer, by: nil, idField: "name", metricCRS: metric)
        // Each square within a millionth of its own coordinates' area (a shift of tens of metres
        // changes a square's area by far less), not the fifth more PROJ's point-by-point choice gave.
        #expect(abs(r.groups[0].areaM2 - acrossM2) <= 1e-6 * acrossM2, "\(r.groups[0].areaM2)")
        // python3 -c "from pyproj import Geod; print(abs(Geod(ellps='WGS84').polygon_area_perimeter([121.47,121.471,121.471,121.47],[31.2305,31.2305,31.2315,31.2315])[0]))"
        #expect(abs(r.groups[1].areaM2 - 10563.275224328041) <= 1e-6 * 10563.3, "\(r.groups[1].areaM2)")
    }

    @Test func theShiftValidOverAllOfTheArea() throws {
        // pyproj 3.7 with the area of interest north of the line picks EPSG:15919, and gives:
        // python3 -c "from pyproj import Transformer as T; from pyproj.aoi import AreaOfInterest as A; t=T.from_crs(4214,4326,always_xy=True,area_of_interest=A(121.47,31.2305,121.471,31.2315)); print(t.description, t.transform(121.47,31.2305))"
        let north = try Transformer(from: "EPSG:4214", to: "EPSG:4326", over: LonLatBox(west: 121.47, south: 31.2305, east: 121.471, north: 31.2315))
        var p = [121.47, 31.2305]
        try north.forward(&p)
        #expect(abs(p[0] - 121.47071076457523) <= 1e-9 && abs(p[1] - 31.230694407994772) <= 1e-9, "\(p)")
        // Across the line no regional shift covers the whole area: the ballpark one (no shift) for
        // every point, south and north alike.
        let across = try Transformer(from: "EPSG:4214", to: "EPSG:4326", over: LonLatBox(west: 121.47, south: 31.2295, east: 121.471, north: 31.2315))
        var corners = [121.47, 31.2295, 121.47, 31.2315]
        try across.forward(&corners)
        #expect(corners == [121.47, 31.2295, 121.47, 31.2315])
        // Without an area, PROJ's own choice point by point (the contrast this guards against).
        let perPoint = try Transformer(from: "EPSG:4214", to: "EPSG:4326")
        var both = [121.47, 31.2295, 121.47, 31.2305]
        try perPoint.forward(&both)
        #expect(both[0] == 121.47 && abs(both[2] - 121.47071076457523) <= 1e-9)
    }
}
