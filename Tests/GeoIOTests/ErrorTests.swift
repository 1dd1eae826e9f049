// Bad inputs give a GeoIOError naming the file (and the layer when one is known) with a plain reason.

import Foundation
import Testing
@testable import GeoIO

@Test func missingFile() {
    let path = NSTemporaryDirectory() + "geoio-no-such-file.gpkg"
    #expect(throws: GeoIOError(file: path, reason: "file does not exist")) { try readLayer(path) }
    #expect {
        try readLayer("\(path):roads")
    } throws: { error in
        "\(error)" == "\(path): layer 'roads': file does not exist"
    }
}

@Test func directoryThatIsNoDataset() {
    let scratch = Scratch()
    #expect {
        try readLayer(scratch.path)
    } throws: { error in
        "\(error)" == "\(scratch.path): is a directory that is not a vector dataset"
    }
}

@Test func garbageFiles() {
    let scratch = Scratch()
    let junk = "\(scratch.path)/junk.dat"
    _ = FileManager.default.createFile(atPath: junk, contents: Data((0..<200).map { UInt8(($0 * 73 + 11) % 256) }))
    let text = scratch.file("notes.txt", "hello\n")
    for path in [junk, text] {
        #expect {
            try readLayer(path)
        } throws: { error in
            "\(error)".hasPrefix("\(path): is not a vector data source GDAL can read")
        }
    }
}

@Test func descriptionFormat() {
    let error = GeoIOError(file: "roads.gpkg", layer: "roads", feature: 12, reason: "ring has fewer than 4 points")
    #expect(error.description == "roads.gpkg: layer 'roads', feature 12: ring has fewer than 4 points")
    #expect(GeoIOError(file: "a.shp", reason: "x").description == "a.shp: x")
    #expect(GeoIOError(file: "PG:dbname=x", feature: 2, reason: "y").description == "PG:dbname=x: feature 2: y")
    // The feature's fid, when it is another number than its place: GeoJSON and Shapefile fids count from
    // 0, and a GeoPackage's skip the rows deleted.
    #expect(GeoIOError(file: "a.gpkg", layer: "t", feature: 2, fid: 3, reason: "z").description == "a.gpkg: layer 't', feature 2 (fid 3): z")
    #expect(GeoIOError(file: "a.geojson", layer: "a", feature: 1, fid: 0, reason: "z").description == "a.geojson: layer 'a', feature 1 (fid 0): z")
    #expect(GeoIOError(file: "a.gpkg", layer: "t", feature: 3, fid: 3, reason: "z").description == "a.gpkg: layer 't', feature 3: z")
}

@Test func featureNames() {
    #expect(featureName(2, fid: 3) == "feature 2 (fid 3)")
    #expect(featureName(10, fid: 9) == "feature 10 (fid 9)")
    #expect(featureName(3, fid: 3) == "feature 3")
    #expect(featureName(3, fid: nil) == "feature 3")
    #expect(featureName(3, fid: -1) == "feature 3")        // OGRNullFID: the driver gave none
}

@Test func specParsing() {
    #expect(LayerSpec("city.gpkg:parcels").source == "city.gpkg")
    #expect(LayerSpec("city.gpkg:parcels").layerName == "parcels")
    #expect(LayerSpec("PG:dbname=city host=db:5432").layerName == nil)
    #expect(LayerSpec("PG:dbname=city hostaddr=fe80::abcd").layerName == nil)
    #expect(LayerSpec("PG:dbname=city").layerName == nil && LayerSpec("PG:dbname=city").source == "PG:dbname=city")
    let named = LayerSpec("PG:dbname=city host=db:parcels")
    #expect(named.source == "PG:dbname=city host=db" && named.layerName == "parcels")
    #expect(LayerSpec("PG:dbname=city:public.parcels").layerName == "public.parcels")
    #expect(LayerSpec("PG:dbname=city password=secret user=me").display == "PG:dbname=city password=*** user=me")
    let scratch = Scratch()
    let colon = scratch.file("a:b.geojson", "{}")
    #expect(LayerSpec(colon).source == colon)  // an existing path is never split
    #expect(LayerSpec(colon).layerName == nil)
    // After a file, the rest is the layer name, ':' and all; in a folder whose name holds ':' too.
    let file = scratch.file("city.gpkg", "")
    #expect(LayerSpec("\(file):a:b").source == file && LayerSpec("\(file):a:b").layerName == "a:b")
    try! FileManager.default.createDirectory(atPath: "\(scratch.path)/x:y", withIntermediateDirectories: false)
    let nested = scratch.file("x:y/c.gpkg", "")
    #expect(LayerSpec("\(nested):before").source == nested && LayerSpec("\(nested):before").layerName == "before")
    // No file before any ':': the last ':' (the message then names the missing file).
    #expect(LayerSpec("nope.gpkg:a:b").source == "nope.gpkg:a" && LayerSpec("nope.gpkg:a:b").layerName == "b")
}
