// From a file to valid polygons: what is repaired, what is skipped (and said so), and what is bad
// input. Fixtures are GeoJSON text written at test time (longitude/latitude near People's Square,
// Shanghai); expected areas come from GeographicLib, with the command that produced each beside it.
import Foundation
@testable import GeoIO
import Proj
import Testing
@testable import Parcels

// MARK: - Helpers shared by the domain tests

/// A GeoJSON ring, the positions exactly as listed (no closing position added).
func ringJSON(_ points: [(Double, Double)]) -> String {
    "[" + points.map { "[\($0.0), \($0.1)]" }.joined(separator: ", ") + "]"
}

/// A GeoJSON Polygon geometry from rings of (longitude, latitude).
func polygonJSON(_ rings: [[(Double, Double)]]) -> String {
    #"{"type": "Polygon", "coordinates": ["# + rings.map(ringJSON).joined(separator: ", ") + "]}"
}

/// A GeoJSON MultiPolygon geometry.
func multiPolygonJSON(_ polygons: [[[(Double, Double)]]]) -> String {
    #"{"type": "MultiPolygon", "coordinates": ["#
        + polygons.map { "[" + $0.map(ringJSON).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]}"
}

/// Closed ring of the rectangle lon0…lon1 × lat0…lat1, counter-clockwise (clockwise if asked).
func lonLatRect(_ lon0: Double, _ lat0: Double, _ lon1: Double, _ lat1: Double, clockwise: Bool = false) -> [(Double, Double)] {
    let ccw = [(lon0, lat0), (lon1, lat0), (lon1, lat1), (lon0, lat1), (lon0, lat0)]
    return clockwise ? ccw.reversed() : ccw
}

extension Scenario {
    /// Writes a GeoJSON FeatureCollection (geometry JSON, properties JSON) as `name`.geojson.
    @discardableResult
    func geoJSON(_ name: String, _ features: [(geometry: String, properties: String)]) throws -> String {
        let path = "\(dir)/\(name).geojson"
        let body = features.map { #"{"type": "Feature", "properties": \#($0.properties), "geometry": \#($0.geometry)}"# }
        try (#"{"type": "FeatureCollection", "features": [\#n"# + body.joined(separator: ",\n") + "\n]}\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension Scenario {
    /// Reads `path` and prepares its polygons in the overlay CRS (`crs`, else the UTM zone of the
    /// data), as the commands do. A method, so the scenario's folder lives while the file is read.
    func load(_ path: String, assumeCRS: String? = nil, crs: String? = nil) throws -> (layer: PolygonLayer, metric: String) {
        let raw = try readInput(path, assumeCRS: assumeCRS)
        let metric = try crs ?? chooseMetricCRS(for: raw)
        return (try preparePolygons(raw, metricCRS: metric, area: studyArea(of: raw)), metric)     // as `parcels area` does
    }
}

/// The 0.001° square at 121.470 E, 31.230 N (about 95 m × 111 m).
let square = lonLatRect(121.47, 31.23, 121.471, 31.231)
// python3 -c "from geographiclib.geodesic import Geodesic; p=Geodesic.WGS84.Polygon(); [p.AddPoint(la,lo) for lo,la in [(121.47,31.23),(121.471,31.23),(121.471,31.231),(121.47,31.231)]]; print(p.Compute(False,True)[2])"
let squareM2 = 10563.330023050308

// MARK: - Repairs

struct RepairCase: Sendable, CustomTestStringConvertible {
    let name: String
    let ring: [(Double, Double)]
    let areaM2: Double
    /// The start of the repair note: GEOS's validity reason, or the loader's own.
    let reason: String
    var testDescription: String { name }
}

let repairCases = [
    // Bow-tie: the diagonals cross on the middle meridian (by symmetry), at latitude x below; the
    // repair keeps both triangles. Expected area, GeographicLib:
    //   python3 - <<'EOF'
    //   from geographiclib.geodesic import Geodesic
    //   g = Geodesic.WGS84
    //   line = g.InverseLine(31.23, 121.47, 31.231, 121.471)      # one diagonal; the other is its mirror image
    //   a, b = 0.0, line.s13
    //   for _ in range(200):                                       # where it crosses the middle meridian
    //       m = (a + b) / 2
    //       if line.Position(m)["lon2"] < 121.4705: a = m
    //       else: b = m
    //   x = line.Position(a)["lat2"]
    //   def area(ring):
    //       p = g.Polygon()
    //       for lo, la in ring: p.AddPoint(la, lo)
    //       return abs(p.Compute(False, True)[2])
    //   print(repr(x), area([(121.47, 31.23), (121.4705, x), (121.47, 31.231)]) + area([(121.471, 31.231), (121.471, 31.23), (121.4705, x)]))
    //   EOF
    //   → 31.23050000362418 5281.665053725243
    RepairCase(name: "bow-tie", ring: [(121.47, 31.23), (121.471, 31.231), (121.471, 31.23), (121.47, 31.231), (121.47, 31.23)],
               areaM2: 5281.665053725243, reason: "Self-intersection"),
    // Spike: the square with a 0.001° spike out of its north-east corner and back; the repair is the square.
    RepairCase(name: "spike", ring: [(121.47, 31.23), (121.471, 31.23), (121.471, 31.231), (121.471, 31.232),
                                     (121.471, 31.231), (121.47, 31.231), (121.47, 31.23)],
               areaM2: squareM2, reason: "Ring Self-intersection"),
    // Unclosed: the square's four corners without the closing position.
    RepairCase(name: "unclosed ring", ring: Array(square.dropLast()), areaM2: squareM2, reason: "unclosed ring closed"),
]

@Suite struct LoadingTests {
    @Test(arguments: repairCases)
    func invalidGeometryIsRepairedAndCounted(_ c: RepairCase) throws {
        let s = Scenario()
        let path = try s.geoJSON("repair", [(polygonJSON([c.ring]), #"{"name": "x"}"#),
                                            (polygonJSON([lonLatRect(121.48, 31.23, 121.481, 31.231)]), #"{"name": "ok"}"#)])
        let (layer, metric) = try s.load(path)
        #expect(layer.features.count == 2 && layer.skipped.isEmpty)
        #expect(layer.repairedCount == 1)
        let repair = try #require(layer.features[0].repair)
        #expect(repair.hasPrefix(c.reason), "\(repair)")
        #expect(layer.features[1].repair == nil)
        #expect(layer.warnings == ["\(path): layer 'repair', feature 1 (fid 0): repaired (\(repair))"])   // GeoJSON fids count from 0
        let areas = try measureAreas(layer, by: "name", idField: nil, metricCRS: metric)
        #expect(close(areas.groups[0].areaM2, c.areaM2), "\(areas.groups[0].areaM2) vs \(c.areaM2)")
        #expect(areas.warnings == layer.warnings)
    }

    @Test func bowTieBecomesTwoTriangles() throws {
        let s = Scenario()
        let (layer, _) = try s.load(s.geoJSON("bowtie", [(polygonJSON([repairCases[0].ring]), "{}")]))
        let parts = try WKB.decode(layer.features[0].wkb.array).polygons
        #expect(parts.count == 2)
        #expect(parts.allSatisfy { $0.count == 1 && $0[0].count == 2 * 4 })      // two closed triangles
    }

    @Test func ringOfTooFewPointsIsSkippedAndTheRestLoads() throws {
        let s = Scenario()
        let a = (121.47, 31.23), b = (121.471, 31.23)
        let path = try s.geoJSON("short", [
            (polygonJSON([square]), #"{"name": "first"}"#),
            (polygonJSON([[a, b, a]]), #"{"name": "two points"}"#),                         // 2 distinct points
            (polygonJSON([[a, b, b, a]]), #"{"name": "two points, repeated"}"#),             // 4 positions, still 2 points
            (polygonJSON([lonLatRect(121.48, 31.23, 121.481, 31.231), [a, b, a]]), #"{"name": "short hole"}"#),
            (polygonJSON([lonLatRect(121.49, 31.23, 121.491, 31.231)]), #"{"name": "last"}"#),
        ])
        let (layer, metric) = try s.load(path)
        #expect(layer.features.map(\.row) == [1, 4, 5])
        #expect(layer.skipped.map(\.row) == [2, 3])
        #expect(layer.skipped[0].reason == "ring of 2 distinct points dropped (a ring needs 3)")
        #expect(layer.skipped[1].reason.contains("Too few points"), "\(layer.skipped[1].reason)")
        // The short hole is dropped, the polygon kept and reported as repaired.
        #expect(layer.features[1].repair == "ring of 2 distinct points dropped (a ring needs 3)")
        #expect(layer.warnings.contains("\(path): layer 'short', feature 2 (fid 1): skipped (ring of 2 distinct points dropped (a ring needs 3))"))
        #expect(layer.warnings.filter { $0.contains(": skipped (") }.count == 2)
        // The three squares keep their areas; each is 0.001° × 0.001° at nearly the same latitude.
        let areas = try measureAreas(layer, by: "name", idField: nil, metricCRS: metric)
        #expect(areas.groups.map(\.key) == ["first", "short hole", "last"])
        #expect(close(areas.groups[0].areaM2, squareM2))
        #expect(close(areas.groups[1].areaM2, squareM2))   // same latitudes, so the same area as the first
    }

    @Test func roadNetworkDissolvedIntoOnePolygonIsKept() throws {
        // `streetGrid()`: a 1,000.5 m square of streets 0.5 m wide around 100 × 100 blocks of 9.5 m,
        // one polygon with 10,000 holes, as a road layer dissolved into one feature looks. Its outline is
        // 4 × 1,000.5 m + 10,000 × 38 m = 384,002 m, and 1e-6 of that squared (147,458 m²) exceeds
        // its area, so a test against the whole outline called it "zero area" and dropped it. Planar
        // area in the equal-area fixture CRS: 1,000.5² − 10,000 × 9.5² = 98,500.25 m²; on the
        // ellipsoid (the shell's 1 km edges are geodesics there, not the projection's straight lines)
        // 98,499.628 m², from pyproj 3.7.2 (GeographicLib's polygon area) on the same rings:
        //   t = Transformer.from_crs(<equalAreaCRS>, "EPSG:4326", always_xy=True)
        //   Geod(ellps="WGS84").polygon_area_perimeter(*t.transform(xs, ys)) per ring, shell − holes
        //   → 1,000,999.62817 − 902,500.00047 = 98,499.62770
        let s = Scenario()
        let path = try s.layer("roads", [(streetGrid(), [])])
        let (layer, _) = try s.load(path, crs: equalAreaCRS)
        #expect(layer.skipped.isEmpty, "\(layer.skipped.map(\.reason))")
        #expect(layer.features.count == 1)
        #expect(layer.features.first?.repair == nil)
        #expect(abs((layer.features.first?.areaM2 ?? 0) - 98_499.6277) < 0.01)
    }

    /// A GeometryCollection's polygons are kept, and the note says what was done to it: "non-polygon
    /// parts dropped" only when something else was in it. Fixture in EPSG:6933 (cylindrical equal-area:
    /// a rectangle's area is width × height, as CLITests.swift checks with GeographicLib), offsets in
    /// metres from (11,720,000, 3,794,000); GeoJSON fids count from 0.
    ///   fid 0: 0…20 × 0…20 and 10…30 × 0…20, overlapping: merged by the repair into 0…30 × 0…20 = 600 m²
    ///   fid 1: 100…110 × 0…10 and 120…130 × 0…10, apart: 2 × 100 = 200 m², nothing to repair
    ///   fid 2: 200…210 × 0…10 alone in its collection: 100 m²
    ///   fid 3: a point and 300…310 × 0…10: the point dropped, 100 m²
    @Test func geometryCollectionsSayWhatWasDropped() throws {
        let s = Scenario()
        func square(_ x0: Int, _ x1: Int, _ y1: Int) -> String {
            let (x, y) = (11_720_000, 3_794_000)
            return #"{"type": "Polygon", "coordinates": [[["# + "\(x + x0), \(y)], [\(x + x1), \(y)], [\(x + x1), \(y + y1)], [\(x + x0), \(y + y1)], [\(x + x0), \(y)]]]}"
        }
        func collection(_ parts: String...) -> String {
            #"{"type": "Feature", "properties": {}, "geometry": {"type": "GeometryCollection", "geometries": ["# + parts.joined(separator: ", ") + "]}}"
        }
        let path = "\(s.dir)/collections.geojson"
        try ("""
            {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6933"}}, "features": [
            \(collection(square(0, 20, 20), square(10, 30, 20))),
            \(collection(square(100, 110, 10), square(120, 130, 10))),
            \(collection(square(200, 210, 10))),
            \(collection(#"{"type": "Point", "coordinates": [11720305, 3794050]}"#, square(300, 310, 10)))
            ]}
            """).write(toFile: path, atomically: true, encoding: .utf8)
        let (layer, _) = try s.load(path)
        #expect(layer.skipped.isEmpty && layer.features.count == 4)
        let withoutPoint = { (r: String?) in
            r?.replacingOccurrences(of: #"Self-intersection\[[^\]]*\]"#, with: "Self-intersection[…]", options: .regularExpression)
        }
        #expect(withoutPoint(layer.features[0].repair) == "GeometryCollection of polygons merged; Self-intersection[…]")
        #expect(layer.features[1].repair == "GeometryCollection of polygons merged")
        #expect(layer.features[2].repair == "polygon taken out of a GeometryCollection")
        #expect(layer.features[3].repair == "non-polygon parts dropped")
        #expect(zip(layer.features.map(\.areaM2), [600.0, 200, 100, 100]).allSatisfy { close($0, $1) }, "\(layer.features.map(\.areaM2))")
        #expect(withoutPoint(layer.warnings.first) == "\(path): layer 'collections', feature 1 (fid 0): repaired (GeometryCollection of polygons merged; Self-intersection[…])")
    }

    @Test func lineInAPolygonLayerIsSkippedWithItsReason() throws {
        let s = Scenario()
        let path = try s.geoJSON("mixed", [
            (polygonJSON([square]), "{}"),
            (#"{"type": "LineString", "coordinates": [[121.47, 31.23], [121.471, 31.231]]}"#, "{}"),
        ])
        let (layer, _) = try s.load(path)
        #expect(layer.features.count == 1)
        #expect(layer.skipped.count == 1 && layer.skipped[0].row == 2)
        #expect(layer.skipped[0].reason == "not a polygon (LineString)")
        #expect(layer.warnings == ["\(path): layer 'mixed', feature 2 (fid 1): skipped (not a polygon (LineString))"])
        try requirePolygons(layer, role: "input")                                       // one polygon is enough
    }

    @Test func layerWithNothingUsableIsAnError() throws {
        let a = (121.47, 31.23), b = (121.471, 31.23)
        let s = Scenario()
        let path = try s.geoJSON("nothing", [
            (#"{"type": "LineString", "coordinates": [[121.47, 31.23], [121.471, 31.231]]}"#, "{}"),
            (polygonJSON([[a, b, a]]), "{}"),
        ])
        let (layer, _) = try s.load(path)
        #expect(layer.features.isEmpty && layer.skipped.count == 2)
        let error = try #require(throws: InputError.self) { try requirePolygons(layer, role: "parcels") }
        #expect(error.file == path && error.layer == "nothing")
        #expect(error.description == "\(path): layer 'nothing': no usable polygon in the parcels layer (feature 1 (fid 0): not a polygon (LineString))")
    }

    @Test(arguments: [("NaN", "NaN"), ("1e999", "infinite"), ("-Infinity", "infinite")])
    func nonFiniteCoordinateNamesTheFeature(_ literal: String, _ word: String) throws {
        let s = Scenario()
        let path = "\(s.dir)/nan.geojson"
        try """
        {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": \(polygonJSON([square]))},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[121.47, 31.23], [\(literal), 31.23], [121.471, 31.231], [121.47, 31.23]]]}}
        ]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: InputError.self) { try s.load(path) }
        #expect(error.description == "\(path): layer 'nan', feature 2 (fid 1): coordinate 2 is \(word)")
    }

    @Test func latitudeOver90NamesTheFeature() throws {
        let s = Scenario()
        let path = try s.geoJSON("lat95", [
            (polygonJSON([square]), "{}"),
            (polygonJSON([[(121.47, 31.23), (121.471, 31.23), (121.471, 95.0), (121.47, 31.23)]]), "{}"),
        ])
        let error = try #require(throws: InputError.self) { try s.load(path) }
        #expect(error.feature == 2 && error.fid == 1)
        #expect(error.description == "\(path): layer 'lat95', feature 2 (fid 1): coordinate 3 (121.471, 95.0) is outside longitude ±180 / latitude ±90; are longitude and latitude swapped, or is the CRS wrong?")
        #expect(!error.description.contains("\n"))
    }

    @Test func longitudeRoundedPastTheAntimeridianIsOnIt() throws {
        // Natural Earth's Russia and Fiji (naturalearth_lowres, as geopandas 0.14 ships it) hold
        // longitude 180.00000000000006: refused as "outside longitude ±180" before QA pass 11, the
        // whole world layer with it. Up to 1e-9° (0.1 mm) past the edge is rounding: put on it.
        let s = Scenario()
        let rounded = 180.00000000000006
        let path = try s.geoJSON("chukotka", [(polygonJSON([[(179.99, 71.5), (rounded, 71.5), (rounded, 71.51), (179.99, 71.51), (179.99, 71.5)]]), "{}")])
        let (layer, metric) = try s.load(path)
        #expect(metric == "EPSG:32660")
        // python3 -c "from geographiclib.geodesic import Geodesic; p=Geodesic.WGS84.Polygon(); [p.AddPoint(la,lo) for lo,la in [(179.99,71.5),(180,71.5),(180,71.51),(179.99,71.51)]]; print(p.Compute(False,True)[2])"
        #expect(abs(layer.features[0].areaM2 - 395215.3597898483) < 1e-6)
        // A thousandth of a degree past it is no rounding: still refused.
        let far = try s.geoJSON("far", [(polygonJSON([[(179.99, 71.5), (180.001, 71.5), (180.001, 71.51), (179.99, 71.5)]]), "{}")])
        let error = try #require(throws: InputError.self) { try s.load(far) }
        #expect(error.reason.hasPrefix("coordinate 2 (180.001, 71.5) is outside longitude ±180"))
    }

    @Test func polygonAcrossTheAntimeridianIsRefusedWhereTheOverlayCRSIsCut() throws {
        // A 214 m × 111 m building on Taveuni, Fiji, across 180°. In EPSG:6933 (the overlay CRS of a
        // report whose zones cover the world) its corners land at the map's two edges: it became a
        // band round the world, skipped as "zero area" (QA pass 11; a large zone so torn passed as a
        // valid band, and took the land of every other zone at its latitudes). Now an error naming it.
        let s = Scenario()
        let box = [(179.999, -16.3), (-179.999, -16.3), (-179.999, -16.299), (179.999, -16.299), (179.999, -16.3)]
        let path = try s.geoJSON("taveuni", [(polygonJSON([box]), "{}")])
        let error = try #require(throws: InputError.self) { try s.load(path, crs: "EPSG:6933") }
        #expect(error.description == "\(path): layer 'taveuni', feature 1 (fid 0): crosses the antimeridian (longitude ±180°), where the overlay CRS EPSG:6933 is cut: the polygon would be torn across the map; give --crs a metric CRS that holds it whole (its UTM zone is EPSG:32760), or split the data at ±180° (GeoJSON's RFC 7946 rule)")
        // In the UTM zone by the antimeridian (chosen for it) or around the pole it is whole.
        // python3 -c "from geographiclib.geodesic import Geodesic; p=Geodesic.WGS84.Polygon(); [p.AddPoint(la,lo) for lo,la in [(179.999,-16.3),(-179.999,-16.3),(-179.999,-16.299),(179.999,-16.299)]]; print(p.Compute(False,True)[2])"
        for crs in [nil, "EPSG:3031"] {
            let (layer, metric) = try s.load(path, crs: crs)
            #expect(metric == crs ?? "EPSG:32760")
            #expect(abs(layer.features[0].areaM2 - 23653.62436133623) < 1e-6)
            #expect(layer.skipped.isEmpty)
        }
        // Antarctica as Natural Earth draws it runs along the map's edge (down 180° to the pole, along
        // the pole, up −180°): not across it. The cap south of 85° S:
        // python3 -c "from geographiclib.geodesic import Geodesic; p=Geodesic.WGS84.Polygon(); [p.AddPoint(la,lo) for lo,la in [(-180,-85),(-90,-85),(0,-85),(90,-85),(180,-85),(180,-90),(-180,-90)]]; print(abs(p.Compute(False,True)[2]))"
        let cap = try s.geoJSON("cap", [(polygonJSON([[(-180, -85), (-90, -85), (0, -85), (90, -85), (180, -85), (180, -90), (-180, -90), (-180, -85)]]), "{}")])
        let (antarctic, _) = try s.load(cap, crs: "EPSG:6933")
        #expect(abs(antarctic.features[0].areaM2 - 624537055980.0) < 1)
    }

    @Test func multipolygonSplitAtTheAntimeridianIsJoinedWithoutARepair() throws {
        // RFC 7946 asks GeoJSON to split a polygon across the antimeridian; Natural Earth's Fiji is so
        // split. In UTM 60S the two halves meet along 180°, which GEOS calls a self-intersection: every
        // such feature was "repaired (Self-intersection[lon 180.000000, …])" in the warnings (QA pass
        // 11: Natural Earth's Fiji as a zone, and 41 buildings of an RFC 7946 survey of Taveuni). Valid
        // data: joined into one polygon, no warning, the area the halves' own.
        // python3 -c "from geographiclib.geodesic import Geodesic as G
        // def A(q): p=G.WGS84.Polygon(); [p.AddPoint(la,lo) for lo,la in q]; return abs(p.Compute(False,True)[2])
        // print(A([(179.999,-16.3),(180,-16.3),(180,-16.299),(179.999,-16.299)])+A([(-180,-16.3),(-179.999,-16.3),(-179.999,-16.299),(-180,-16.299)]))"
        let s = Scenario()
        let halves = multiPolygonJSON([[lonLatRect(179.999, -16.3, 180, -16.299)], [lonLatRect(-180, -16.3, -179.999, -16.299)]])
        let path = try s.geoJSON("taveuni", [(halves, "{}")])
        let (layer, metric) = try s.load(path)
        #expect(metric == "EPSG:32760")
        #expect(layer.warnings.isEmpty)
        #expect(abs(layer.features[0].areaM2 - 23653.62435990572) < 1e-6)
        #expect(try WKB.decode(layer.features[0].wkb.array).polygons.count == 1)
        // Halves that overlap are still repaired, and said so.
        let overlapping = multiPolygonJSON([[lonLatRect(179.999, -16.3, 180, -16.299)], [lonLatRect(-180, -16.3, -179.999, -16.299)],
                                            [lonLatRect(179.9995, -16.3, 180, -16.299)]])
        let (repaired, _) = try s.load(try s.geoJSON("overlapping", [(overlapping, "{}")]))
        #expect(repaired.warnings.count == 1)
    }

    @Test func oneFeatureSpanningACountryIsPlacedByItsExtent() throws {
        // A zone layer of one feature, Indonesia from 141° E to 95° E (Natural Earth's starts at 141.0° E,
        // −2.6°; QA pass 11): placed by its first vertex alone it got UTM 54S, whose central meridian
        // (141° E) lies 45° from Sumatra (a metre there 1.4 m on the map). Placed by its vertices it
        // reaches more than 15° from any zone: the global EPSG:6933. A 0.001° building keeps its UTM
        // zone (121.47° E: floor(301.47 / 6) + 1 = 51).
        let s = Scenario()
        var ring: [(Double, Double)] = []
        for k in 0...9 { ring.append((141 - 4.6 * Double(k), -2.6)) }
        for k in 0...9 { ring.append((95 + 4.6 * Double(k), 3.0)) }
        ring.append(ring[0])
        let path = try s.geoJSON("indonesia", [(polygonJSON([ring]), "{}")])
        #expect(try chooseMetricCRS(for: readInput(path, assumeCRS: nil)) == "EPSG:6933")
        let building = try s.geoJSON("building", [(polygonJSON([square]), "{}")])
        #expect(try chooseMetricCRS(for: readInput(building, assumeCRS: nil)) == "EPSG:32651")
    }

    @Test func polygonTornByTheOverlayCRSIsRefused() throws {
        // Natural Earth's world with --crs EPSG:32760 (UTM 60S, central meridian 177° E) printed
        // Kenya 10.7 % too large and Colombia 8.3 % too small, exit 0 (QA pass 11): 139° from the
        // central meridian the transverse Mercator tears the globe along the equator (pyproj:
        // Transformer.from_crs(4326, 32760, always_xy=True).transform(38.1, ±0.1) gives y = 29,988,933
        // and −9,988,933: 40,000 km apart for 22 km on the ground), the outline folded, was "repaired",
        // and the repair measured. A 22 km square there is now refused, naming the place and its zone
        // (38.1° E: floor((38.1 + 180) / 6) + 1 = 37, on the equator: EPSG:32637).
        let s = Scenario()
        let path = try s.geoJSON("kenya", [(polygonJSON([lonLatRect(37.9, -0.1, 38.1, 0.1)]), "{}")])
        let error = try #require(throws: InputError.self) { try s.load(path, crs: "EPSG:32760") }
        #expect(error.description == "\(path): layer 'kenya', feature 1 (fid 0): lies where the overlay CRS EPSG:32760 tears the globe apart (near lon 38.10000, lat 0.00000): its outline would be torn across the map; give --crs a metric CRS of the data's area (its UTM zone is EPSG:32637), or measure far-apart data in separate runs")
        // Not torn but stretched past use: a 20 m × 11 m building at the South Pole station in EPSG:6933
        // (the world's zones), where a metre east is 16,498 m on the map (pyproj:
        // Proj('EPSG:6933').get_factors(3.5, -89.997).parallel_scale): skipped as "zero area" before.
        let pole = try s.geoJSON("pole", [(polygonJSON([lonLatRect(0, -89.9971, 3.5, -89.997)]), "{}")])
        let stretched = try #require(throws: InputError.self) { try s.load(pole, crs: "EPSG:6933") }
        #expect(stretched.reason.hasPrefix("lies where the overlay CRS EPSG:6933 is too distorted to work in, near lon "))
        #expect(stretched.reason.hasSuffix("give --crs a metric CRS of the data's area (near the pole, EPSG:3031), or measure far-apart data in separate runs"))
        // python3 -c "from geographiclib.geodesic import Geodesic; p=Geodesic.WGS84.Polygon(); [p.AddPoint(la,lo) for lo,la in [(0,-89.9971),(3.5,-89.9971),(3.5,-89.997),(0,-89.997)]]; print(abs(p.Compute(False,True)[2]))"
        #expect(abs(try s.load(pole, crs: "EPSG:3031").layer.features[0].areaM2 - 224.6767578125) < 0.01)
        // In its own zone, or stretched ×11 by Web Mercator at 85° N, it is whole.
        let (own, _) = try s.load(path, crs: "EPSG:32637")
        #expect(own.features.count == 1)
        let north = try s.geoJSON("north", [(polygonJSON([lonLatRect(37.9, 85, 38.1, 85.1)]), "{}")])
        #expect(try s.load(north, crs: "EPSG:3857").layer.features.count == 1)
    }

    @Test func swappedLongitudeLatitudeNamesTheFeature() throws {
        // Shanghai written latitude first: "longitude" 31.23, "latitude" 121.47.
        let swapped = square.map { ($0.1, $0.0) }
        let s = Scenario()
        let path = try s.geoJSON("swapped", [(polygonJSON([swapped]), "{}"), (polygonJSON([swapped]), "{}")])
        let message = "\(path): layer 'swapped', feature 1 (fid 0): coordinate 1 (31.23, 121.47) is outside longitude ±180 / latitude ±90; are longitude and latitude swapped, or is the CRS wrong?"
        // Found while placing the data (no --crs) …
        let placing = try #require(throws: InputError.self) { try s.load(path) }
        #expect(placing.description == message)
        // … and while preparing it in a given overlay CRS.
        let preparing = try #require(throws: InputError.self) { try s.load(path, crs: "EPSG:32651") }
        #expect(preparing.description == message)
    }

    /// A Shapefile of one 20 m × 20 m parcel, P1, in the equal-area test CRS (its .prj beside it).
    func plotsShapefile(_ s: Scenario) throws -> String {
        let path = "\(s.dir)/plots.shp"
        let layer = OutputLayer(name: "plots", crs: equalAreaCRS, geometryType: .polygon,
                                fields: [(name: "parcel_id", kind: .string)],
                                rows: [(wkb: rect(100, 100, 120, 120), values: [.string("P1")])])
        try writeVectorFile(path, driver: "ESRI Shapefile", layers: [layer])
        return path
    }

    @Test func shapefileWithoutPrjNeedsAssumeCRS() throws {
        let s = Scenario()
        let path = try plotsShapefile(s)
        try FileManager.default.removeItem(atPath: "\(s.dir)/plots.prj")

        let error = try #require(throws: InputError.self) { try s.load(path) }
        #expect(error.file == path && error.layer == "plots")
        #expect(error.description.contains("--assume-crs"))

        // Told its CRS, it loads: a 20 m × 20 m square in an equal-area CRS is 400 m².
        let (prepared, metric) = try s.load(path, assumeCRS: equalAreaCRS)
        #expect(metric == "EPSG:32651")                           // 121.5 E is in UTM zone 51: (121.5 + 180) / 6 = 50.25 → 51
        let areas = try measureAreas(prepared, by: nil, idField: "parcel_id", metricCRS: metric)
        #expect(areas.groups.map(\.key) == ["P1"])
        #expect(close(areas.totalM2, 400))
        #expect(close(try #require(areas.totalPlanarM2), 400))
    }

    @Test func localCRSIsReplacedByTheAssumedOneAndSaidSo() throws {
        // A Shapefile whose .prj is a local grid: no CRS for parcels (exit status 1, not an internal
        // error), unless --assume-crs says where it lies; then a warning says the local one was set aside.
        let s = Scenario()
        let path = try plotsShapefile(s)
        try #"LOCAL_CS["site grid",LOCAL_DATUM["site",32767],UNIT["metre",1]]"#.write(toFile: "\(s.dir)/plots.prj", atomically: true, encoding: .utf8)

        let error = try #require(throws: InputError.self) { try s.load(path) }
        #expect(error.description == "\(path): layer 'plots': has no usable CRS: its CRS 'site grid' is a local (engineering) one, "
                                     + "with no known relation to the Earth; pass --assume-crs CRS")
        let note = "\(path): layer 'plots': declares the local (engineering) CRS 'site grid', which has no known relation to the Earth; "
            + "read in --assume-crs \(equalAreaCRS)"
        let (prepared, metric) = try s.load(path, assumeCRS: equalAreaCRS)
        #expect(prepared.warnings == [note])
        let batched = try readPrepared(path, assumeCRS: equalAreaCRS, metricCRS: metric, lenient: false)
        #expect(batched.warnings == [note])
        // A 20 m × 20 m square in an equal-area CRS: 400 m².
        #expect(close(try measureAreas(prepared, by: nil, idField: nil, metricCRS: metric).totalM2, 400))
    }

    @Test func layerInUSSurveyFeetIsReprojected() throws {
        // A 1000 ft square in NAD83 / California zone 3 (ftUS), in San Francisco.
        let s = Scenario()
        let (layer, metric) = try s.load(s.layer("sf", [(rect(6006000, 2108000, 6007000, 2109000), [])], crs: "EPSG:2227"))
        #expect(metric == "EPSG:32610")                           // 122.42 W: floor((−122.42 + 180) / 6) + 1 = 10
        #expect(layer.crs == "EPSG:2227")
        #expect(abs(try #require(layer.metresPerUnit) - 1200.0 / 3937.0) < 1e-15)   // the US survey foot
        // The corners in UTM 10N, from pyproj (EPSG:2227 → EPSG:4326 → EPSG:32610, as the loader goes):
        // python3 -c "from pyproj import Transformer as T; a=T.from_crs('EPSG:2227','EPSG:4326',always_xy=True); b=T.from_crs('EPSG:4326','EPSG:32610',always_xy=True); print([b.transform(*a.transform(x,y)) for x,y in [(6006000,2108000),(6007000,2108000),(6007000,2109000),(6006000,2109000)]])"
        let expected: [(Double, Double)] = [(550858.0315187051, 4180287.711235882), (551162.6328043183, 4180295.85097105),
                                            (551154.4930054771, 4180600.452309433), (550849.891730882, 4180592.312457953)]
        let ring = try WKB.decode(layer.features[0].wkb.array).polygons[0][0]
        #expect(ring.count == 2 * 5)
        for (k, (x, y)) in expected.enumerated() {
            #expect(abs(ring[2 * k] - x) < 0.001 && abs(ring[2 * k + 1] - y) < 0.001, "corner \(k): \(ring[2 * k]), \(ring[2 * k + 1])")
        }
    }
}

/// A layer read and prepared a batch at a time gives what it gives read whole: the same features
/// (rows counted in the whole layer, fields, geometry, areas), the same skips and repairs, and a bad
/// feature in a later batch is named by its number in the whole layer.
@Test func batchedReadingMatchesReadingWhole() throws {
    let s = Scenario()
    var features: [(geometry: String, properties: String)] = []
    for k in 0..<11 {
        let lon = 121.47 + 0.002 * Double(k)
        switch k {
        case 4: features.append((#"{"type": "LineString", "coordinates": [[121.4, 31.2], [121.5, 31.3]]}"#, #"{"id": "line"}"#))
        case 7: // a bow-tie, repaired
            features.append((polygonJSON([[(lon, 31.23), (lon + 0.001, 31.231), (lon + 0.001, 31.23), (lon, 31.231), (lon, 31.23)]]), #"{"id": "bow"}"#))
        default: features.append((polygonJSON([lonLatRect(lon, 31.23, lon + 0.001, 31.231)]), #"{"id": "b\#(k)"}"#))
        }
    }
    let path = try s.geoJSON("batches", features)
    let (whole, metric) = try s.load(path)
    for batch in [1, 3, 4, 11, 100] {
        let read = try readPrepared(path, assumeCRS: nil, metricCRS: metric, lenient: false, batch: batch)
        #expect(read.features.map(\.row) == whole.features.map(\.row), "batch \(batch)")
        #expect(read.features.map { $0.string("id") } == whole.features.map { $0.string("id") })
        #expect(read.features.map(\.wkb) == whole.features.map(\.wkb))
        #expect(read.features.map(\.areaM2) == whole.features.map(\.areaM2))
        #expect(read.features.map(\.repair) == whole.features.map(\.repair))
        #expect(read.skipped.map(\.row) == [5] && whole.skipped.map(\.row) == [5])
        #expect(read.warnings == whole.warnings)
    }
    // Coordinates off the globe in feature 10: the error names feature 10, whatever the batch.
    features[9] = (polygonJSON([lonLatRect(121.47, 95.0, 121.471, 95.001)]), #"{"id": "bad"}"#)
    let bad = try s.geoJSON("bad", features)
    for batch in [2, 100] {
        #expect { try readPrepared(bad, assumeCRS: nil, metricCRS: metric, lenient: false, batch: batch) } throws: { error in
            (error as? InputError)?.feature == 10
        }
    }
}

/// `JoinableMap`, which the reading threads join instead of waiting for their batches: every index
/// is worked on once, results come back compacted in index order, the error of the lowest index is
/// the one thrown, and each worker's state is made once and handed to `finish` once.
@Test func joinableMapWorksEachIndexOnceInOrder() throws {
    final class Counts: @unchecked Sendable {
        let lock = NSLock()
        var calls = [Int](repeating: 0, count: 10_000), states = 0, finished = 0
        func count(_ body: (Counts) -> Void) { lock.lock(); body(self); lock.unlock() }
    }
    let counts = Counts()
    let map = JoinableMap(10_000, makeState: { () -> Int in counts.count { $0.states += 1 }; return 0 },
                          finish: { _ in counts.count { $0.finished += 1 } }) { worked, i -> Int? in
        worked += 1
        counts.count { $0.calls[i] += 1 }
        return i % 7 == 0 ? nil : 3 * i
    }
    let results = try map.result()
    #expect(results == (0..<10_000).filter { $0 % 7 != 0 }.map { 3 * $0 })
    #expect(counts.calls.allSatisfy { $0 == 1 })
    #expect(counts.states >= 1 && counts.states <= workerCount && counts.finished == counts.states)

    struct Failure: Error { let index: Int }
    let failing = JoinableMap(5_000, makeState: { () }) { _, i -> Int? in
        if i == 4_321 || i == 777 { throw Failure(index: i) }
        return i
    }
    #expect { try failing.result() } throws: { ($0 as? Failure)?.index == 777 }
    #expect(try JoinableMap(0, makeState: { () }) { _, i -> Int? in i }.result() == [])
}
