// GeoPackage output and input: a write→read round trip keeps CRS, counts and values; `path:layer`
// picks a layer; with no name the first polygon layer is taken; GeoJSON output reads back too.

import Foundation
import Testing
@testable import GeoIO

private let square = [[(500000.0, 3400000.0), (500010.0, 3400000.0), (500010.0, 3400010.0),
                       (500000.0, 3400010.0), (500000.0, 3400000.0)]]
private let triangle = [[(500020.0, 3400000.0), (500030.0, 3400000.0), (500020.0, 3400005.0),
                         (500020.0, 3400000.0)]]

private let blocks = OutputLayer(
    name: "blocks", crs: "EPSG:32651", geometryType: .polygon,
    fields: [(name: "block_id", kind: .int), (name: "area", kind: .double), (name: "name", kind: .string)],
    rows: [
        (wkb: ExpectedWKB.polygon(square), values: [.int(1), .double(100), .string("北区")]),
        (wkb: ExpectedWKB.polygon(triangle), values: [.int(2), .null, .string("south")]),
        (wkb: nil, values: [.int(3), .double(0.25), .null]),
    ])

private let wells = OutputLayer(
    name: "wells", crs: "EPSG:32651", geometryType: .point,
    fields: [(name: "depth", kind: .double)],
    rows: [(wkb: ExpectedWKB.point(500005, 3400005), values: [.double(12)])])

@Test func geoPackageRoundTrip() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/out.gpkg"
    try writeGeoPackage(path, layers: [blocks])
    let layer = try readLayer(path)

    #expect(layer.driver == "GPKG")
    #expect(layer.name == "blocks")
    #expect(layer.crs == "EPSG:32651")
    #expect(layer.fieldNames == ["block_id", "area", "name"])
    #expect(layer.features.count == 3)
    #expect(layer.features.map(\.fid) == [1, 2, 3])
    #expect(layer.features.map { $0.fields["block_id"] } == [.int(1), .int(2), .int(3)])
    #expect(layer.features.map { $0.fields["area"] } == [.double(100), .null, .double(0.25)])
    #expect(layer.features.map { $0.fields["name"] } == [.string("北区"), .string("south"), .null])
    #expect(layer.features.map(\.wkb) == [ExpectedWKB.polygon(square), ExpectedWKB.polygon(triangle), nil])
}

// Only the fields asked for are read (GDAL skips the rest); the layer still lists every field, and
// geometries, fids and the fields read are as in a full read. A CSV's WKT column is never skipped.
@Test func readsOnlyTheFieldsAskedFor() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/out.gpkg"
    try writeGeoPackage(path, layers: [blocks])
    let full = try readLayer(path)
    let some = try readLayer(path, fields: ["name", "no_such_field"])
    #expect(some.fieldNames == ["block_id", "area", "name"])
    #expect(some.features.map { $0.fields["name"] } == [.string("北区"), .string("south"), .null])
    #expect(some.features.allSatisfy { $0.fields["block_id"] == nil && $0.fields["area"] == nil })
    #expect(some.features.map(\.wkb) == full.features.map(\.wkb))
    #expect(some.features.map(\.fid) == full.features.map(\.fid))
    // None at all, batch by batch.
    var batched: [Feature] = []
    _ = try readLayer(path, fields: [], batch: 2) { batched += $0.features; return true }
    #expect(batched.map(\.wkb) == full.features.map(\.wkb))
    #expect(batched.allSatisfy { $0.fields["name"] == nil && $0.fields["block_id"] == nil })

    let csv = scratch.file("claims.csv", "id,note,wkt\n7,x,\"POLYGON ((0 0, 1 0, 1 1, 0 0))\"\n")
    let claims = try readLayer(csv, fields: ["id"])
    #expect(claims.features.map { $0.fields["id"] } == [.string("7")])   // a CSV's fields are text
    #expect(claims.features[0].fields["note"] == nil)
    #expect(claims.features[0].wkb == ExpectedWKB.polygon([[(0, 0), (1, 0), (1, 1), (0, 0)]]))
}

// A field asked for by a name the layer has only in other letter case (an ArcGIS Shapefile's
// LAND_USE for land_use) is read under the name asked for; a name some field has exactly is never
// taken from another, and a name two fields have in other case is not guessed.
@Test func fieldsAreFoundWhateverTheirLetterCase() throws {
    let scratch = Scratch()
    let csv = scratch.file("parcels.csv", "PARCEL_ID,Land_Use,district,DISTRICT,Zone,ZONE,wkt\nP1,R2,a,b,c,d,\"POLYGON ((0 0, 1 0, 1 1, 0 0))\"\n")
    let layer = try readLayer(csv, fields: ["parcel_id", "land_use", "district", "zone"])
    #expect(layer.fieldNames == ["parcel_id", "land_use", "district", "DISTRICT", "Zone", "ZONE"])
    let f = layer.features[0].fields
    #expect(f["parcel_id"] == .string("P1") && f["land_use"] == .string("R2") && f["district"] == .string("a"))
    #expect(f["zone"] == nil && f["DISTRICT"] == nil)
}

@Test func multipolygonLayerPromotesPolygons() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/multi.gpkg"
    var multi = blocks
    multi.geometryType = .multipolygon
    multi.rows = [blocks.rows[0]]
    try writeGeoPackage(path, layers: [multi])
    #expect(try readLayer(path).features[0].wkb == ExpectedWKB.multipolygon([square]))
}

@Test func layerChoiceInATwoLayerGeoPackage() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/city.gpkg"
    try writeGeoPackage(path, layers: [wells, blocks])

    let named = try readLayer("\(path):wells")
    #expect(named.name == "wells")
    #expect(named.notes.isEmpty)
    #expect(named.features.map(\.wkb) == [ExpectedWKB.point(500005, 3400005)])
    #expect(try readLayer("\(path):blocks").features.count == 3)
    // No name: the first layer with polygons, although "wells" comes first; a note names the others.
    let chosen = try readLayer(path)
    #expect(chosen.name == "blocks")
    #expect(chosen.notes == ["no layer named, so the first layer with polygons was read; the source also has 'wells' (name one as \(path):LAYER)"])

    #expect {
        try readLayer("\(path):roads")
    } throws: { error in
        let text = "\(error)"
        return text.hasPrefix("\(path): layer 'roads': no such layer")
            && text.contains("'wells', 'blocks'")
    }
}

// A layer name may hold ':' (GDAL and QGIS allow it): after the first ':' that follows a file.
@Test func layerNameWithAColon() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/colon.gpkg"
    var odd = blocks
    odd.name = "a:b"
    try writeGeoPackage(path, layers: [odd, wells])
    let layer = try readLayer("\(path):a:b")
    #expect(layer.name == "a:b" && layer.features.count == 3)
    #expect {
        try readLayer("\(path):a:c")
    } throws: { error in
        "\(error)" == "\(path): layer 'a:c': no such layer; the layers are 'a:b', 'wells'"
    }
}

@Test func customCRSComesBackAsWKT() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/local.gpkg"
    var local = blocks
    local.crs = "+proj=tmerc +lat_0=0 +lon_0=120.3 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"
    try writeGeoPackage(path, layers: [local])
    let crs = try #require(try readLayer(path).crs)
    #expect(crs.hasPrefix("PROJCRS["))
    #expect(crs.contains("120.3"))
}

@Test func emptyLayerIsAnError() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/empty.gpkg"
    var empty = blocks
    empty.rows = []
    try writeGeoPackage(path, layers: [empty])
    #expect {
        try readLayer(path)
    } throws: { error in
        "\(error)" == "\(path): layer 'blocks': has no features"
    }
}

@Test func geoJSONWriteRoundTrip() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/blocks.geojson"
    try writeGeoJSON(path, layer: blocks)
    let layer = try readLayer(path)
    #expect(layer.crs == "EPSG:32651")
    #expect(layer.features.count == 3)
    #expect(layer.features[0].fields["name"] == .string("北区"))
    #expect(layer.features[0].wkb == ExpectedWKB.polygon(square))
    #expect(scratch.entries == ["blocks.geojson"])
}

@Test func hundredThousandRowsWriteAndReadQuickly() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/big.gpkg"
    var big = OutputLayer(
        name: "big", crs: "EPSG:32651", geometryType: .polygon,
        fields: [(name: "id", kind: .int), (name: "area", kind: .double), (name: "zone", kind: .string)],
        rows: [])
    big.rows.reserveCapacity(100_000)
    for index in 0..<100_000 {
        let x = Double(index % 1000) * 20, y = Double(index / 1000) * 20
        let ring = [(x, y), (x + 10, y), (x + 10, y + 10), (x, y + 10), (x, y)]
        big.rows.append((wkb: ExpectedWKB.polygon([ring]), values: [.int(Int64(index)), .double(100), .string("z\(index % 7)")]))
    }
    let clock = ContinuousClock()
    let writing = try clock.measure { try writeGeoPackage(path, layers: [big]) }
    var layer: Layer?
    let reading = try clock.measure { layer = try readLayer(path) }
    print("100k polygons: write \(writing), read \(reading)")
    #expect(layer?.features.count == 100_000)
    #expect(layer?.features[99_999].fields["id"] == .int(99_999))
    #expect(layer?.features[99_999].wkb == big.rows[99_999].wkb)
    #expect(writing < .seconds(20) && reading < .seconds(20))  // generous: debug build, shared cores
}

@Test func flatGeobufReads() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/blocks.fgb"
    // Without its spatial index a FlatGeobuf keeps rows in order; GDAL's writer skips the row with
    // no geometry.
    try writeVectorFile(path, driver: "FlatGeobuf", layers: [blocks], layerOptions: ["SPATIAL_INDEX=NO"])
    let layer = try readLayer(path)
    #expect(layer.driver == "FlatGeobuf")
    #expect(layer.crs == "EPSG:32651")
    #expect(layer.features.count == 2)
    #expect(layer.features.map { $0.fields["name"] } == [.string("北区"), .string("south")])
    #expect(layer.features[0].wkb == ExpectedWKB.polygon(square))
}

/// The field table stores each column by the kind of its values; whatever the mix (nulls first, a
/// column whose kind changes half-way, a column of nulls only), every row reads back as appended.
@Test func fieldTableGivesBackEveryValue() {
    let schema = FieldSchema(["id", "floors", "height", "nothing", "changing"])
    var rows: [[FieldValue]] = []
    for i in 0..<300 {
        rows.append([
            i % 7 == 0 ? .null : .string("B\(i)"),
            i < 5 || i % 11 == 0 ? .null : .int(Int64(i % 9)),
            i % 13 == 0 ? .null : .double(Double(i) * 0.25),
            .null,
            i < 150 ? (i % 5 == 0 ? .null : .int(Int64(i))) : .string("x\(i)"),
        ])
    }
    let table = FieldTable(schema: schema, reservingRows: 10)
    let features = rows.map { FieldValues(table: table, row: table.append($0)) }
    for (i, row) in rows.enumerated() {
        #expect(features[i].values == row, "row \(i)")
        #expect(features[i]["floors"] == row[1])
    }
    #expect(features[0]["missing"] == nil)
}
