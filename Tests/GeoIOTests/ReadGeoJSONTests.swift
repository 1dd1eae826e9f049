// GeoJSON input: fields and their types, WGS84 as EPSG:4326, WKB bytes, Z dropped, dates as ISO text.

import Testing
@testable import GeoIO

private let parcels = """
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"parcel_id": "P-1", "floors": 3, "area": 12.5, "note": null,
   "surveyed": "2024-05-01", "stamp": "2024-05-01T10:20:30Z"},
  "geometry": {"type": "Polygon", "coordinates": [[[121.0, 31.0], [121.001, 31.0], [121.001, 31.001], [121.0, 31.0]]]}},
 {"type": "Feature", "properties": {"parcel_id": "P-2", "floors": 1, "area": 7.25, "note": "东区",
   "surveyed": "2023-12-31", "stamp": "2023-12-31T23:59:58Z"},
  "geometry": null},
 {"type": "Feature", "properties": {"parcel_id": "P-3", "floors": 2, "area": 1, "note": "x",
   "surveyed": "2023-01-02", "stamp": "2023-01-02T03:04:05Z"},
  "geometry": {"type": "Point", "coordinates": [1, 2]}}
]}
"""

@Test func geoJSONFeaturesFieldsAndCRS() throws {
    let scratch = Scratch()
    let path = scratch.file("parcels.geojson", parcels)
    let layer = try readLayer(path)

    #expect(layer.name == "parcels")
    #expect(layer.driver == "GeoJSON")
    #expect(layer.crs == "EPSG:4326")
    #expect(layer.crsAssumed == false)
    #expect(layer.droppedZM == false)
    #expect(layer.fieldNames == ["parcel_id", "floors", "area", "note", "surveyed", "stamp"])
    #expect(layer.features.count == 3)
    #expect(layer.features.map(\.index) == [0, 1, 2])

    let first = layer.features[0].fields
    #expect(first["parcel_id"] == .string("P-1"))
    #expect(first["floors"] == .int(3))
    #expect(first["area"] == .double(12.5))
    #expect(first["note"] == .null)
    #expect(first["surveyed"] == .string("2024-05-01"))
    #expect(first["stamp"] == .string("2024-05-01T10:20:30Z"))
    #expect(layer.features[1].fields["note"] == .string("东区"))
    #expect(layer.features[2].fields["area"] == .double(1))
}

@Test func geoJSONGeometryAsLittleEndianWKB() throws {
    let scratch = Scratch()
    let layer = try readLayer(scratch.file("parcels.geojson", parcels))

    #expect(layer.features[0].wkb == ExpectedWKB.polygon(
        [[(121.0, 31.0), (121.001, 31.0), (121.001, 31.001), (121.0, 31.0)]]))
    #expect(layer.features[1].wkb == nil)
    // POINT(1 2), spelled out: order 1, type 1, x = 1.0, y = 2.0.
    #expect(layer.features[2].wkb == [
        0x01, 0x01, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40,
    ])
}

@Test func zCoordinatesAreDropped() throws {
    let scratch = Scratch()
    let path = scratch.file("tall.geojson", """
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"h": 1},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0, 5], [4, 0, 5], [4, 3, 6], [0, 0, 5]]]}}]}
        """)
    let layer = try readLayer(path)

    #expect(layer.droppedZM)
    #expect(layer.crs == "EPSG:4326")  // OGR says EPSG:4979 (3D); its 2D part is 4326
    #expect(layer.features[0].wkb == ExpectedWKB.polygon([[(0, 0), (4, 0), (4, 3), (0, 0)]]))
}

@Test func fieldValueConversions() {
    #expect(FieldValue.string(" 12.5 ").doubleValue == 12.5)
    #expect(FieldValue.string("007").intValue == 7)
    #expect(FieldValue.double(3).intValue == 3)
    #expect(FieldValue.double(3.5).intValue == nil)
    #expect(FieldValue.int(12).stringValue == "12")
    #expect(FieldValue.double(2).stringValue == "2")
    #expect(FieldValue.null.doubleValue == nil)
}
