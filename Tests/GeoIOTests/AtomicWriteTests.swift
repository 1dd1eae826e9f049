// Atomic writes: the target appears whole or not at all, no temporary file is left behind, and an
// input layer is never overwritten.

import Foundation
import Testing
@testable import GeoIO

private func layer(_ name: String, value: Int64, wkb: [UInt8]? = ExpectedWKB.point(1, 2)) -> OutputLayer {
    OutputLayer(name: name, crs: "EPSG:4326", geometryType: .point,
                fields: [(name: "v", kind: .int)], rows: [(wkb: wkb, values: [.int(value)])])
}

@Test func writeLeavesOnlyTheTarget() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/report.gpkg"
    try writeGeoPackage(path, layers: [layer("a", value: 1)])
    try writeGeoPackage(path, layers: [layer("a", value: 2)])  // replaces the old file
    #expect(scratch.entries == ["report.gpkg"])
    #expect(try readLayer(path).features[0].fields["v"] == .int(2))
}

@Test func failedWriteLeavesNothing() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/report.gpkg"
    #expect {
        try writeGeoPackage(path, layers: [layer("a", value: 1), layer("b", value: 2, wkb: [1, 2, 3])])
    } throws: { error in
        "\(error)".hasPrefix("\(path): layer 'b', feature 1: geometry is not valid WKB")
    }
    #expect(scratch.entries == [])

    try writeGeoPackage(path, layers: [layer("a", value: 1)])
    #expect(throws: GeoIOError.self) {
        try writeGeoPackage(path, layers: [layer("a", value: 9, wkb: [0xFF])])
    }
    #expect(scratch.entries == ["report.gpkg"])
    #expect(try readLayer(path).features[0].fields["v"] == .int(1))  // the old file, untouched
}

@Test func refusesToOverwriteAnInput() throws {
    let scratch = Scratch()
    let input = "\(scratch.path)/city.gpkg"
    try writeGeoPackage(input, layers: [layer("parcels", value: 1)])
    let before = scratch.bytes("city.gpkg")

    for protected in [input, "\(input):parcels", "\(scratch.path)/./city.gpkg"] {
        #expect {
            try writeGeoPackage(input, layers: [layer("x", value: 2)], protectedPaths: [protected])
        } throws: { error in
            "\(error)" == "\(input): refusing to overwrite an input layer"
        }
    }
    let link = "\(scratch.path)/link.gpkg"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
    #expect(throws: GeoIOError.self) {
        try writeGeoPackage(link, layers: [layer("x", value: 2)], protectedPaths: [input])
    }
    #expect(scratch.bytes("city.gpkg") == before)
    #expect(scratch.entries == ["city.gpkg", "link.gpkg"])
}

@Test func missingOutputDirectory() {
    let path = NSTemporaryDirectory() + "geoio-no-such-dir/report.gpkg"
    #expect(throws: GeoIOError.self) { try writeGeoPackage(path, layers: [layer("a", value: 1)]) }
}

@Test func geoPackageWithoutSpatialIndex() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/plain.gpkg"
    try writeGeoPackage(path, layers: [layer("a", value: 5)], spatialIndex: false)
    #expect(try readLayer(path).features[0].fields["v"] == .int(5))
}
