// GeoPackage rows read through SQLite (GeoPackageRows) against GDAL's own reader, feature for feature:
// fids, every field value, WKB bytes, problems and the dropped-Z/M flag. On the bundled sample city
// (every layer) and on a GeoPackage that GDAL's ogr2ogr writes from WKT with the geometries the fast
// path hands back to OGR: Z, curves, multipolygons, empty and missing geometries.

import CGDAL          // OGR's field types, to check which layers the SQLite reader takes
import Foundation
import Testing
@testable import GeoIO

private let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
private let ogr2ogr = ["/usr/bin/ogr2ogr", "/usr/local/bin/ogr2ogr"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// Both readers' features of one layer, and whether each saw Z or M.
private func bothReads(_ spec: String, fields: Set<String>? = nil, batch: Int = .max)
    throws -> (sqlite: [Feature], gdal: [Feature], droppedZM: (Bool, Bool)) {
    var sqlite: [Feature] = [], gdal: [Feature] = []
    let a = try readLayer(spec, fields: fields, batch: batch, bypassingGDAL: true) { sqlite += $0.features; return true }
    let b = try readLayer(spec, fields: fields, batch: batch, bypassingGDAL: false) { gdal += $0.features; return true }
    return (sqlite, gdal, (a.droppedZM, b.droppedZM))
}

private func expectSame(_ a: [Feature], _ b: [Feature], names: [String], _ what: String) {
    #expect(a.count == b.count, "\(what): feature counts")
    for (x, y) in zip(a, b) {
        #expect(x.index == y.index && x.fid == y.fid, "\(what): feature \(y.index + 1) fid")
        #expect(x.wkb == y.wkb, "\(what): feature \(y.index + 1) (fid \(y.fid)) WKB")
        #expect((x.problem == nil) == (y.problem == nil), "\(what): feature \(y.index + 1) problem")
        for name in names {
            #expect(x.fields[name] == y.fields[name], "\(what): feature \(y.index + 1) field \(name)")
        }
    }
}

@Test func sqliteReaderAgreesWithGDALOnTheSampleCity() throws {
    let path = package + "/geodata/city.gpkg"
    for layer in ["districts", "parcels", "before", "after", "exclusions", "claims"] {
        let spec = "\(path):\(layer)"
        let names = try readLayer(spec, fields: [], batch: 1) { _ in false }.fieldNames
        let (sqlite, gdal, dropped) = try bothReads(spec, batch: 1000)
        #expect(!gdal.isEmpty)
        #expect(dropped.0 == dropped.1)
        expectSame(sqlite, gdal, names: names, layer)
    }
    // The surveys' fields are text and integers: the SQLite reader takes them (a date it leaves to GDAL).
    #expect(GeoPackageRows(path: path, table: "before", fidColumn: "fid", geometryColumn: "geom",
                           fields: [("building_id", OFTString), ("floors", OFTInteger)]) != nil)
    #expect(GeoPackageRows(path: path, table: "before", fidColumn: "fid", geometryColumn: "geom",
                           fields: [("building_id", OFTDate)]) == nil)
    #expect(GeoPackageRows(path: path, table: "no_such_table", fidColumn: "fid", geometryColumn: "geom", fields: []) == nil)
}

@Test(.enabled(if: ogr2ogr != nil, "ogr2ogr is not installed (scripts/setup installs gdal-bin)"))
func sqliteReaderAgreesWithGDALOnOddGeometries() throws {
    let scratch = Scratch()
    let csv = scratch.file("odd.csv", """
        n,big,x,name,day,wkt
        1,3000000000,1.5,北区,2016-03-01,"POLYGON ((121 31, 121.001 31, 121.001 31.001, 121 31))"
        2,-3000000000,,south,2016-03-02,"POLYGON Z ((121 31 5, 121.001 31 5, 121.001 31.001 7, 121 31 5))"
        3,7,2.25,,,"MULTIPOLYGON (((121 31, 121.001 31, 121.001 31.001, 121 31)), ((121.01 31, 121.011 31, 121.011 31.001, 121.01 31)))"
        4,8,0,"a ""quoted"" name",2016-03-04,"CURVEPOLYGON (CIRCULARSTRING (121 31, 121.001 31.001, 121 31))"
        5,9,-1e-300,x,2016-03-05,"POLYGON EMPTY"
        6,10,3,y,2016-03-06,
        7,11,4,z,2016-03-07,"MULTIPOLYGON Z (((121 31 1, 121.001 31 1, 121.001 31.001 1, 121 31 1)))"
        8,12,5,w,2016-03-08,"POLYGON ((121 31, 121.001 31, 121.001 31.001, 121 31), (121.0002 31.0001, 121.0005 31.0001, 121.0005 31.0002, 121.0002 31.0001))"

        """)
    let gpkg = scratch.path + "/odd.gpkg"
    let p = Process()
    p.executableURL = URL(fileURLWithPath: ogr2ogr!)
    p.arguments = ["-q", "-f", "GPKG", gpkg, csv, "-nln", "odd", "-a_srs", "EPSG:4326", "-nlt", "GEOMETRY",
                   "-oo", "AUTODETECT_TYPE=YES", "-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO"]
    try p.run()
    p.waitUntilExit()
    try #require(p.terminationStatus == 0)

    // Integer, big integer, real and text fields: the SQLite path is taken (the date is not read).
    let fields: Set<String> = ["n", "big", "x", "name"]
    let (sqlite, gdal, dropped) = try bothReads("\(gpkg):odd", fields: fields, batch: 3)
    expectSame(sqlite, gdal, names: Array(fields), "odd")
    #expect(gdal.count == 8)
    #expect(dropped == (true, true))
    #expect(gdal.map { $0.fields["big"] } == [.int(3_000_000_000), .int(-3_000_000_000), .int(7), .int(8), .int(9), .int(10), .int(11), .int(12)])
    #expect(sqlite[5].wkb == nil && sqlite[3].wkb != nil)       // no geometry; the curve linearised
    // With the date read as well, GDAL reads the layer, and the answer is the same.
    let all = try bothReads("\(gpkg):odd")
    expectSame(all.sqlite, all.gdal, names: ["n", "big", "x", "name", "day"], "odd, all fields")
    #expect(all.sqlite[0].fields["day"] == .string("2016-03-01"))
}

// The blob parser on damaged input: 20,000 random truncations and byte changes of GeoPackage blobs
// (polygon, polygon with a hole, multipolygon; every envelope code). It never reads out of bounds
// (the run would crash), and whenever it takes the WKB as a plain polygon, OGR reads those bytes and
// writes exactly the same ones back: what the SQLite reader keeps is what GDAL's reader gives.
@Test func blobParserTakesOnlyWhatOGRReadsTheSame() throws {
    let shapes = [
        ExpectedWKB.polygon([[(0, 0), (10, 0), (10, 10), (0, 0)]]),
        ExpectedWKB.polygon([[(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)], [(1, 1), (2, 1), (2, 2), (1, 1)]]),
        ExpectedWKB.multipolygon([[[(0, 0), (1, 0), (1, 1), (0, 0)]], [[(5, 5), (6, 5), (6, 6), (5, 5)]]]),
    ]
    var state: UInt64 = 2016
    func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int((state >> 33) % UInt64(n)) }
    var taken = 0
    for round in 0..<20_000 {
        let code = round % 5
        let envelope = [0, 32, 48, 48, 64][code]
        var blob: [UInt8] = [0x47, 0x50, 0, UInt8(code << 1) | 1, 0xE6, 0x10, 0, 0] + [UInt8](repeating: 0, count: envelope)
        blob += shapes[round % shapes.count]
        if round % 4 != 0 {                                  // damage three in four
            for _ in 0...next(3) {
                switch next(3) {
                case 0: blob.removeLast(next(blob.count))
                case 1: if !blob.isEmpty { blob[next(blob.count)] = UInt8(next(256)) }
                default: blob.insert(UInt8(next(256)), at: next(blob.count + 1))
                }
            }
        }
        try blob.withUnsafeBytes { bytes in
            guard let start = wkbStart(bytes) else { return }
            let wkb = UnsafeRawBufferPointer(rebasing: bytes[start...])
            guard isPlainPolygonal(wkb) else { return }
            taken += 1
            var geometry: OGRGeometryH?
            try #require(OGR_G_CreateFromWkb(wkb.baseAddress, nil, &geometry, Int32(wkb.count)) == OGRERR_NONE)
            defer { OGR_G_DestroyGeometry(geometry) }
            var back = [UInt8](repeating: 0, count: Int(OGR_G_WkbSize(geometry)))
            _ = OGR_G_ExportToIsoWkb(geometry, wkbNDR, &back)
            #expect(back == Array(wkb), "round \(round)")
        }
    }
    #expect(taken > 5_000)       // the undamaged quarter at least
}

// Text that is not UTF-8 in a GeoPackage (the Latin-1 "Blée", bytes 42 E9 6C 65, written with
// GDAL's own SQL so the GeoPackage's triggers run): both readers stop at that feature with the
// same one-line error, which says what the source's text must be.
@Test(.enabled(if: ogr2ogr != nil, "ogr2ogr is not installed (scripts/setup installs gdal-bin)"))
func bothReadersRefuseNonUTF8TextAlike() throws {
    let scratch = Scratch()
    let gpkg = scratch.path + "/latin1.gpkg"
    let p = Process()
    p.executableURL = URL(fileURLWithPath: ogr2ogr!)
    p.arguments = ["-q", "-f", "GPKG", gpkg, package + "/geodata/city.gpkg", "before"]
    try p.run()
    p.waitUntilExit()
    try #require(p.terminationStatus == 0)
    GDALAllRegister()
    let dataset = try #require(GDALOpenEx(gpkg, UInt32(GDAL_OF_VECTOR | GDAL_OF_UPDATE), nil, nil, nil))
    let result = GDALDatasetExecuteSQL(dataset, "UPDATE before SET building_id = CAST(X'42E96C65' AS TEXT) WHERE fid = 3", nil, nil)
    if let result { GDALDatasetReleaseResultSet(dataset, result) }
    GDALClose(dataset)

    var messages: [String] = []
    for bypassingGDAL in [true, false] {
        do {
            _ = try readLayer(gpkg + ":before", fields: ["building_id"], batch: 1000, bypassingGDAL: bypassingGDAL) { _ in true }
        } catch {
            messages.append("\(error)")
        }
    }
    #expect(messages.count == 2)
    #expect(messages.first == messages.last)
    #expect(messages.first?.contains("feature 3: field 'building_id': text is not UTF-8 (bytes 42 e9 6c 65…); the source's text must be UTF-8") == true)
}

// The same error in a GeoPackage whose fid 2 was deleted (fids 1, 3, 4: written by GeoIO, which numbers
// a new table's rows from 1, then the row deleted with GDAL's SQL): the text at fid 3 is in the second
// feature read, and both readers name it by both numbers.
@Test func errorNamesTheFidOfAFeatureAfterADeletedRow() throws {
    let scratch = Scratch()
    let gpkg = scratch.path + "/deleted.gpkg"
    let square = ExpectedWKB.polygon([[(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]])
    try writeGeoPackage(gpkg, layers: [OutputLayer(name: "t", crs: "EPSG:32651", geometryType: .polygon, fields: [("name", .string)],
                                                   rows: ["a", "b", "c", "d"].map { (square, [FieldValue.string($0)]) })])
    GDALAllRegister()
    let dataset = try #require(GDALOpenEx(gpkg, UInt32(GDAL_OF_VECTOR | GDAL_OF_UPDATE), nil, nil, nil))
    for sql in ["DELETE FROM t WHERE fid = 2", "UPDATE t SET name = CAST(X'42E96C65' AS TEXT) WHERE fid = 3"] {
        if let result = GDALDatasetExecuteSQL(dataset, sql, nil, nil) { GDALDatasetReleaseResultSet(dataset, result) }
    }
    GDALClose(dataset)

    for bypassingGDAL in [true, false] {
        #expect {
            _ = try readLayer(gpkg, batch: 1000, bypassingGDAL: bypassingGDAL) { _ in true }
        } throws: { error in
            "\(error)" == "\(gpkg): layer 't', feature 2 (fid 3): field 'name': text is not UTF-8 (bytes 42 e9 6c 65…); the source's text must be UTF-8"
        }
    }
}
