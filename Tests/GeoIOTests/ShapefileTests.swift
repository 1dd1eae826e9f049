// Shapefiles: without a .prj the CRS must be assumed; a .prj's CRS is never overridden; a GBK
// (code page 936) DBF named by its .cpg comes out as UTF-8.

import Foundation
import Testing
@testable import GeoIO

private func writeShapefile(_ scratch: Scratch, name: String, text: String) throws -> String {
    let path = "\(scratch.path)/\(name).shp"
    let layer = OutputLayer(
        name: name, crs: "EPSG:32651", geometryType: .polygon,
        fields: [(name: "name", kind: .string)],
        rows: [(wkb: ExpectedWKB.polygon([[(0, 0), (10, 0), (10, 10), (0, 0)]]), values: [.string(text)])])
    try writeVectorFile(path, driver: "ESRI Shapefile", layers: [layer], layerOptions: ["ENCODING=CP936"])
    return path
}

@Test func shapefileWithoutPrjNeedsAssumeCRS() throws {
    let scratch = Scratch()
    let path = try writeShapefile(scratch, name: "plots", text: "a")
    #expect(try readLayer(path).crs == "EPSG:32651")
    #expect(try readLayer(path, assumeCRS: "EPSG:4490").crs == "EPSG:32651")  // never overrides

    try FileManager.default.removeItem(atPath: "\(scratch.path)/plots.prj")
    #expect {
        try readLayer(path)
    } throws: { error in
        "\(error)" == "\(path): layer 'plots': has no CRS; pass --assume-crs CRS"
    }
    let assumed = try readLayer(path, assumeCRS: "EPSG:4490")
    #expect(assumed.crs == "EPSG:4490")
    #expect(assumed.crsAssumed)
    // A Shapefile stores outer rings clockwise, so GDAL wrote the ring the other way round.
    #expect(assumed.features[0].wkb == ExpectedWKB.polygon([[(0, 0), (10, 10), (10, 0), (0, 0)]]))

    #expect {
        try readLayer(path, assumeCRS: "EPSG:nonsense")
    } throws: { error in
        "\(error)".contains("--assume-crs 'EPSG:nonsense' is not a CRS")
    }
}

@Test func gbkCodePageBecomesUTF8() throws {
    let scratch = Scratch()
    let path = try writeShapefile(scratch, name: "towns", text: "北京")
    // 北京 in GBK is B1 B1 BE A9: the DBF really holds GBK bytes.
    let dbf = scratch.bytes("towns.dbf")
    #expect(dbf.indices.contains { dbf[$0...].starts(with: [0xB1, 0xB1, 0xBE, 0xA9]) })

    scratch.file("towns.cpg", "GBK")  // as many Chinese exports name it
    #expect(try readLayer(path).features[0].fields["name"] == .string("北京"))
    scratch.file("towns.cpg", "936")
    #expect(try readLayer(path).features[0].fields["name"] == .string("北京"))
}

/// A Latin-1 .dbf without .cpg (Natural Earth's countries written with ogr2ogr -lco ENCODING=ISO-8859-1,
/// the .cpg then lost; QA pass 11): the error told only of GBK and code page 936. "Côte" in Latin-1 is
/// 43 F4 74 65 (ô = U+00F4 = byte F4); with a .cpg of 1252 it reads as UTF-8.
@Test func latin1DBFWithoutCPGSaysWhichCodePageToName() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/countries.shp"
    let layer = OutputLayer(name: "countries", crs: "EPSG:4326", geometryType: .polygon, fields: [(name: "name", kind: .string)],
                            rows: [(wkb: ExpectedWKB.polygon([[(0, 0), (1, 0), (1, 1), (0, 0)]]), values: [.string("Côte d'Ivoire")])])
    try writeVectorFile(path, driver: "ESRI Shapefile", layers: [layer], layerOptions: ["ENCODING=ISO-8859-1"])
    try FileManager.default.removeItem(atPath: "\(scratch.path)/countries.cpg")
    #expect {
        try readLayer(path)
    } throws: { error in
        "\(error)" == "\(path): layer 'countries', feature 1 (fid 0): field 'name': text is not UTF-8 (bytes 43 f4 74 65 20 64 27 49…); if the .dbf is in GBK/GB18030, put a .cpg file beside the .shp containing 936 (or GB18030); if in Latin-1/Windows-1252 (Western European), containing 1252"
    }
    scratch.file("countries.cpg", "1252")
    #expect(try readLayer(path).features[0].fields["name"] == .string("Côte d'Ivoire"))
}

/// A .dbf keeps 10 bytes of a field name. 行政区划名称 is 18 bytes in UTF-8: the file keeps 行政区 and
/// one byte of 划, no text at all, and no --zone-field could name it ("no field '行政区划名称' (fields:
/// 行政区�)"). In GBK (2 bytes a character) it keeps 行政区划名, which GDAL gives back in UTF-8. Asked
/// for by its whole name, the field is found by what is left of it, in either encoding.
@Test(arguments: ["UTF-8", "CP936"])
func chineseFieldNameCutToTenBytesIsFoundByItsWholeName(_ encoding: String) throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/zones.shp"
    let layer = OutputLayer(
        name: "zones", crs: "EPSG:32651", geometryType: .polygon,
        fields: [(name: "行政区划名称", kind: .string)],
        rows: [(wkb: ExpectedWKB.polygon([[(0, 0), (10, 0), (10, 10), (0, 0)]]), values: [.string("西区")])])
    try writeVectorFile(path, driver: "ESRI Shapefile", layers: [layer], layerOptions: ["ENCODING=\(encoding)"])
    let read = try readLayer(path, fields: ["行政区划名称"])
    #expect(read.fieldNames == ["行政区划名称"])
    #expect(read.features[0].fields["行政区划名称"] == .string("西区"))
    // A name that is no longer than 10 bytes is never taken for a longer one it begins.
    #expect(try readLayer(path, fields: ["行政区"]).fieldNames != ["行政区"])
}
