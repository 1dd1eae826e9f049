// CSV input with a WKT column: no CRS in the file, so EPSG:4326 unless assumeCRS; the WKT column is
// the geometry, not a field; curves come out linearised.

import Testing
@testable import GeoIO

private let claims = """
claim_id,district,claimed_area_m2,wkt
C1,north,50,"POLYGON((0 0,10 0,10 10,0 0))"
C2,south,12.5,"MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))"
C3,south,,
"""

@Test func csvWithWKTColumn() throws {
    let scratch = Scratch()
    let layer = try readLayer(scratch.file("claims.csv", claims))

    #expect(layer.driver == "CSV")
    #expect(layer.crs == "EPSG:4326")
    #expect(layer.crsAssumed)
    #expect(layer.fieldNames == ["claim_id", "district", "claimed_area_m2"])
    #expect(layer.features.count == 3)
    #expect(layer.features[0].fields["claim_id"] == .string("C1"))
    #expect(layer.features[1].fields["claimed_area_m2"]?.doubleValue == 12.5)
    #expect(layer.features[0].wkb == ExpectedWKB.polygon([[(0, 0), (10, 0), (10, 10), (0, 0)]]))
    #expect(layer.features[1].wkb == ExpectedWKB.multipolygon([
        [[(0, 0), (1, 0), (1, 1), (0, 0)]],
        [[(5, 5), (6, 5), (6, 6), (5, 5)]],
    ]))
    #expect(layer.features[2].wkb == nil)
}

@Test func csvAssumeCRSOverridesTheDefault() throws {
    let scratch = Scratch()
    let layer = try readLayer(scratch.file("claims.csv", claims), assumeCRS: "EPSG:32651")
    #expect(layer.crs == "EPSG:32651")
    #expect(layer.crsAssumed)
}

@Test func csvCurvesAreLinearised() throws {
    let scratch = Scratch()
    let path = scratch.file("round.csv", """
        id,WKT
        1,"CURVEPOLYGON(CIRCULARSTRING(0 0,1 1,2 0,1 -1,0 0))"
        """)
    let wkb = try #require(try readLayer(path).features[0].wkb)
    let (type, rings) = polygonRings(wkb)
    #expect(type == 3)
    #expect(rings.count == 1)
    #expect(rings[0].count > 8)
    #expect(rings[0].first! == (0, 0) && rings[0].last! == (0, 0))
    // Every point lies on the circle of radius 1 around (1, 0).
    #expect(rings[0].allSatisfy { abs(($0.0 - 1) * ($0.0 - 1) + $0.1 * $0.1 - 1) < 1e-9 })
}

// A CURVEPOLYGON or MULTISURFACE whose rings are plain line strings, no arc in them: ArcGIS and
// other tools write GeoPackage layers of these types (pyogrio's test fixtures curvepolygon.gpkg and
// multisurface.gpkg are two). They were passed on as WKB types 10 and 12 and skipped as "unreadable
// geometry" (QA pass 11); they are a Polygon and a MultiPolygon, with exactly their points.
@Test func csvCurveTypesWithStraightRingsArePolygons() throws {
    let scratch = Scratch()
    let path = scratch.file("straight.csv", """
        id,WKT
        1,"CURVEPOLYGON((121 31,121.001 31,121.001 31.001,121 31))"
        2,"MULTISURFACE(CURVEPOLYGON((121 31,121.001 31,121.001 31.001,121 31)),((122 31,122.001 31,122 31.001,122 31)))"
        """)
    let layer = try readLayer(path)
    let (type1, rings1) = polygonRings(try #require(layer.features[0].wkb))
    #expect(type1 == 3)
    #expect(rings1.count == 1 && rings1[0].map { [$0.0, $0.1] } == [[121, 31], [121.001, 31], [121.001, 31.001], [121, 31]])
    let wkb2 = try #require(layer.features[1].wkb)
    #expect(wkb2[1] == 6)                                         // MultiPolygon, two polygons
    #expect(wkb2[5] == 2)
}

@Test func csvWithoutGeometryColumnIsAnError() throws {
    let scratch = Scratch()
    let path = scratch.file("plain.csv", "a,b\n1,2\n")
    #expect {
        try readLayer(path)
    } throws: { error in
        "\(error)".contains("plain.csv") && "\(error)".contains("no geometry column")
    }
}

// Hex WKB in the geometry column (as shapely `to_wkb(hex=True)` or PostGIS write it), decoded by
// parcels itself: the polygon (0 0, 10 0, 10 10, 0 0), little-endian, spelled byte by byte:
// 01 | 03000000 (Polygon) | 01000000 (1 ring) | 04000000 (4 points) | then x, y as doubles,
// 0.0 = 0000000000000000 and 10.0 = 0000000000002440.
@Test func csvHexWKBColumn() throws {
    let zero = "0000000000000000", ten = "0000000000002440"
    let hex = "01" + "03000000" + "01000000" + "04000000" + zero + zero + ten + zero + ten + ten + zero + zero
    let scratch = Scratch()
    let path = scratch.file("hex.csv", """
        id,geometry
        1,\(hex)
        2,\(hex.lowercased())
        3,\(hex.dropLast(16))
        """)
    let layer = try readLayer(path)
    let square = ExpectedWKB.polygon([[(0, 0), (10, 0), (10, 10), (0, 0)]])
    #expect(layer.features[0].wkb == square)
    #expect(layer.features[1].wkb == square)
    #expect(layer.features[2].wkb == nil)
    #expect(layer.features[2].problem == "unreadable hex WKB")
}

// PostGIS's extended WKB, with an SRID: decoded as GDAL's CSV reader decodes it (GDAL is told not to
// parse the column itself). The rows as shapely 2 writes them:
//   python3 -c "import shapely; g = shapely.set_srid(shapely.from_wkt('POLYGON Z((0 0 5,10 0 5,10 10 5,0 0 5))'), 4326);
//     print(shapely.to_wkb(g, byte_order=1, flavor='extended', include_srid=True, hex=True))"
// and the same for MULTIPOLYGON(((0 0,10 0,10 10,0 0))) with byte_order=0 (big-endian). GDAL 3.6
// reads them (`ogrinfo -oo GEOM_POSSIBLE_NAMES=geometry ewkb.csv`) as POLYGON Z ((0 0 5,10 0 5,10 10 5,0 0 5))
// and MULTIPOLYGON (((0 0,10 0,10 10,0 0))): the Z is dropped and said so, the SRID ignored.
@Test func csvHexEWKBWithSRID() throws {
    let scratch = Scratch()
    let path = scratch.file("ewkb.csv", """
        id,geometry
        1,01030000A0E61000000100000004000000000000000000000000000000000000000000000000001440000000000000244000000000000000000000000000001440000000000000244000000000000024400000000000001440000000000000000000000000000000000000000000001440
        2,0020000006000010E6000000010000000003000000010000000400000000000000000000000000000000402400000000000000000000000000004024000000000000402400000000000000000000000000000000000000000000
        """)
    let layer = try readLayer(path)
    let ring = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 0.0)]
    #expect(layer.features[0].wkb == ExpectedWKB.polygon([ring]))
    #expect(layer.features[1].wkb == ExpectedWKB.multipolygon([[ring]]))
    #expect(layer.droppedZM)
    #expect(layer.features.allSatisfy { $0.problem == nil })
}

// The hex EWKB rows above carry SRID 4326 (E6100000 little-endian, 000010E6 big-endian: 0x10E6 =
// 4326), which is the layer's CRS, read from the file rather than assumed.
@Test func csvHexEWKBSRIDIsTheLayersCRS() throws {
    let scratch = Scratch()
    let path = scratch.file("ewkb.csv", """
        id,geometry
        1,0020000006000010E6000000010000000003000000010000000400000000000000000000000000000000402400000000000000000000000000004024000000000000402400000000000000000000000000000000000000000000
        """)
    let layer = try readLayer(path, assumeCRS: "EPSG:32651")
    #expect(layer.crs == "EPSG:4326" && !layer.crsAssumed)
    #expect(layer.features[0].wkb == ExpectedWKB.multipolygon([[[(0, 0), (10, 0), (10, 10), (0, 0)]]]))
}

// PostGIS's EWKT (`ST_AsEWKT`: `SRID=n;` before the WKT). The first geometry's SRID is the layer's
// CRS, also over --assume-crs (which is for layers that carry none); a row with another SRID is not
// read, with the reason; SRID 0 is PostGIS's "unknown", no SRID.
@Test func csvEWKT() throws {
    let scratch = Scratch()
    let ring = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 0.0)]
    let path = scratch.file("ewkt.csv", """
        id,wkt
        1,"SRID=4549;POLYGON((0 0,10 0,10 10,0 0))"
        2,"srid=4549; POLYGON((0 0,10 0,10 10,0 0))"
        3,"POLYGON((0 0,10 0,10 10,0 0))"
        4,"SRID=4326;POLYGON((0 0,10 0,10 10,0 0))"
        5,"SRID=4549,POLYGON((0 0,10 0,10 10,0 0))"
        """)
    for assumed in [nil, "EPSG:32651"] {
        let layer = try readLayer(path, assumeCRS: assumed)
        #expect(layer.crs == "EPSG:4549" && !layer.crsAssumed)
        #expect(layer.features.map(\.wkb) == [ExpectedWKB.polygon([ring]), ExpectedWKB.polygon([ring]), ExpectedWKB.polygon([ring]), nil, nil])
        #expect(layer.features[3].problem == "SRID=4326 differs from the layer's CRS EPSG:4549 (SRID=4549 of feature 1)")
        #expect(layer.features[4].problem == "unreadable EWKT: SRID=n; expected before the geometry")
    }

    // No SRID in the first geometry: a CSV's default, and a later SRID must agree with it.
    let plain = scratch.file("plain.csv", """
        id,wkt
        1,"SRID=0;POLYGON((0 0,10 0,10 10,0 0))"
        2,"SRID=4326;POLYGON((0 0,10 0,10 10,0 0))"
        3,"SRID=4490;POLYGON((0 0,10 0,10 10,0 0))"
        """)
    let layer = try readLayer(plain)
    #expect(layer.crs == "EPSG:4326" && layer.crsAssumed)
    #expect(layer.features.map { $0.wkb != nil } == [true, true, false])
    #expect(layer.features[2].problem == "SRID=4490 differs from the layer's CRS EPSG:4326 (longitude/latitude, a CSV's default)")

    // An SRID that is no CRS on the Earth cannot be the layer's CRS.
    let unknown = scratch.file("unknown.csv", "id,wkt\n1,\"SRID=999999;POLYGON((0 0,10 0,10 10,0 0))\"\n")
    #expect {
        try readLayer(unknown)
    } throws: { error in
        "\(error)" == "\(unknown): layer 'unknown', feature 1: SRID=999999 is not an EPSG geographic or projected CRS that GDAL knows"
    }
}
