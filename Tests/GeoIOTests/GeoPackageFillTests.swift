// The GeoPackage writer's own rows and spatial index (GeoPackageFill.swift, SQLiteRTree.swift):
// byte for byte what GDAL's writer stores, an R-tree that SQLite's rtreecheck() accepts, finds what a
// brute-force search finds, and that SQLite itself can go on inserting into and deleting from.

import Foundation
import Testing
@testable import GeoIO

/// A rtree node blob in SQLite's documented format (rtree.c, "The data for each node…"), worked by
/// hand: 2 bytes depth, 2 bytes cell count, cells of an 8-byte id and four 4-byte floats, big-endian.
/// Floats from IEEE 754: 1.0 = 3F800000, 2.0 = 40000000, −1.5 = BFC00000, 0.5 = 3F000000; the double
/// 0.1 lies between the floats 3DCCCCCC and 3DCCCCCD, so a box edge at 0.1 is stored as 3DCCCCCC
/// when it is a minimum and 3DCCCCCD when it is a maximum.
@Test func rtreeNodeIsSQLitesFormat() {
    let entries = [RTreeEntry(id: 7, minX: 1, maxX: 2, minY: -1.5, maxY: 0.5),
                   RTreeEntry(id: 300, minX: 0.1, maxX: 0.1, minY: 0.1, maxY: 0.1)]
    let tree = PackedRTree(entries, nodeSize: 1228)
    #expect(tree.nodes.count == 1 && tree.nodes[0].number == 1)
    #expect(tree.leafOf.map(\.node) == [1, 1] && tree.parentOf.isEmpty)
    let blob = tree.nodes[0].data
    #expect(blob.count == 1228)
    let expected: [UInt8] = [0x00, 0x00, 0x00, 0x02,
                             0, 0, 0, 0, 0, 0, 0, 7, 0x3F, 0x80, 0, 0, 0x40, 0, 0, 0, 0xBF, 0xC0, 0, 0, 0x3F, 0, 0, 0,
                             0, 0, 0, 0, 0, 0, 0x01, 0x2C, 0x3D, 0xCC, 0xCC, 0xCC, 0x3D, 0xCC, 0xCC, 0xCD,
                             0x3D, 0xCC, 0xCC, 0xCC, 0x3D, 0xCC, 0xCC, 0xCD]
    #expect(Array(blob.prefix(expected.count)) == expected)
    #expect(blob.dropFirst(expected.count).allSatisfy { $0 == 0 })

    // 52 entries do not fit a node of 51 cells: two leaves under a root at depth 1.
    let many = (1...52).map { RTreeEntry(id: Int64($0), minX: Double($0), maxX: Double($0) + 1, minY: 0, maxY: 1) }
    let two = PackedRTree(many, nodeSize: 1228)
    #expect(two.nodes.count == 3 && two.nodes[0].number == 1)
    #expect(Array(two.nodes[0].data.prefix(4)) == [0, 1, 0, 2])
    #expect(Set(two.parentOf.map(\.parent)) == [1] && two.parentOf.count == 2)
    #expect(Set(two.leafOf.map(\.rowid)) == Set(1...52))
}

/// Squares 2–40 m wide scattered over 20 km of UTM zone 51 (where a float's step is 0.25 m in y), a
/// row in 50 without geometry; seeded, so every run writes the same layer.
private func scatteredSquares(_ count: Int) -> OutputLayer {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    var rows: [(wkb: [UInt8]?, values: [FieldValue])] = []
    for index in 0..<count {
        let x = 340_000 + next() * 20_000, y = 3_430_000 + next() * 20_000, side = 2 + next() * 38
        let ring = [(x, y), (x + side, y), (x + side, y + side), (x, y + side), (x, y)]
        rows.append((index % 50 == 49 ? nil : ExpectedWKB.polygon([ring]), [.int(Int64(index)), .double(side * side)]))
    }
    return OutputLayer(name: "squares", crs: "EPSG:32651", geometryType: .multipolygon,
                       fields: [(name: "n", kind: .int), (name: "area", kind: .double)], rows: rows)
}

/// The rows' boxes in doubles by fid (1-based row), from the WKB given to the writer.
private func boxes(_ layer: OutputLayer) -> [Int64: Bounds] {
    var out: [Int64: Bounds] = [:]
    for (index, row) in layer.rows.enumerated() {
        guard let wkb = row.wkb, let bounds = wkb.withUnsafeBytes({ plainWKBShape($0)?.bounds }) else { continue }
        out[Int64(index + 1)] = bounds
    }
    return out
}

/// What the rtree gives for a window, and what it must give: every box meeting the window, and no box
/// farther from it than a float's step (0.25 m here) rounded outward. Random windows, and windows that
/// only touch a box's right or top edge (found only when the stored box was rounded outward).
private func checkWindows(_ database: SQLiteDatabase, _ boxes: [Int64: Bounds], count: Int) throws {
    var state: UInt64 = 42
    func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    let ids = boxes.keys.sorted()
    for k in 0..<count {
        let x = 339_000 + next() * 22_000, y = 3_429_000 + next() * 22_000, size = next() * 1_500
        var window = Bounds(minX: x, minY: y, maxX: x + size, maxY: y + size)
        if k % 2 == 1, let box = boxes[ids[Int(next() * Double(ids.count))]] {
            window = k % 4 == 1 ? Bounds(minX: box.maxX, minY: box.minY, maxX: box.maxX + 3, maxY: box.minY + 3)
                                : Bounds(minX: box.minX, minY: box.maxY, maxX: box.minX + 3, maxY: box.maxY + 3)
        }
        let found = Set(try database.integers(
            "SELECT id FROM rtree_squares_geom WHERE maxx >= \(window.minX) AND minx <= \(window.maxX) AND maxy >= \(window.minY) AND miny <= \(window.maxY)"))
        func meets(_ b: Bounds, margin: Double) -> Bool {
            b.maxX >= window.minX - margin && b.minX <= window.maxX + margin
                && b.maxY >= window.minY - margin && b.minY <= window.maxY + margin
        }
        let must = Set(boxes.filter { meets($0.value, margin: 0) }.keys)
        let may = Set(boxes.filter { meets($0.value, margin: 0.5) }.keys)
        #expect(must.isSubset(of: found), "window \(window): missed \(must.subtracting(found).sorted().prefix(5))")
        #expect(found.isSubset(of: may), "window \(window): far boxes \(found.subtracting(may).sorted().prefix(5))")
    }
}

@Test func spatialIndexFindsWhatABruteForceSearchFinds() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/squares.gpkg"
    let layer = scatteredSquares(20_000)
    try writeGeoPackage(path, layers: [layer])
    var expected = boxes(layer)
    #expect(expected.count == 19_600)

    let database = try SQLiteDatabase(path)
    #expect(try database.texts("SELECT rtreecheck('rtree_squares_geom')") == ["ok"])
    // 19,600 boxes: 385 leaves, 8 nodes above them, the root: depth 2.
    let root = try database.texts("SELECT hex(substr(data, 1, 4)) FROM rtree_squares_geom_node WHERE nodeno = 1")
    #expect(root == ["00020008"])
    #expect(try database.integers("SELECT count(*) FROM rtree_squares_geom") == [19_600])
    try checkWindows(database, expected, count: 300)

    // SQLite's own insertion and deletion work on the packed tree (full nodes split, emptied ones go).
    for id in stride(from: Int64(4), through: 20_000, by: 4) where expected[id] != nil {
        try database.execute("DELETE FROM rtree_squares_geom WHERE id = \(id)")
        expected[id] = nil
    }
    for k in 0..<3_000 {
        let x = 345_000 + Double(k % 60) * 97, y = 3_435_000 + Double(k / 60) * 113
        let box = Bounds(minX: x, minY: y, maxX: x + 7, maxY: y + 5)
        try database.execute("INSERT INTO rtree_squares_geom VALUES (\(100_000 + k), \(box.minX), \(box.maxX), \(box.minY), \(box.maxY))")
        expected[Int64(100_000 + k)] = box
    }
    #expect(try database.texts("SELECT rtreecheck('rtree_squares_geom')") == ["ok"])
    try checkWindows(database, expected, count: 300)
    try database.close()
}

/// The same layers written by GDAL's own GeoPackage writer (rows through OGR) and by `writeGeoPackage`:
/// the same geometry blobs byte for byte, the same fields, feature counts, extents, triggers and
/// extensions; both indexes pass rtreecheck() and hold the same rows.
@Test func geoPackageRowsAreWhatGDALWrites() throws {
    let scratch = Scratch()
    let empty: [UInt8] = [1, 3, 0, 0, 0, 0, 0, 0, 0]   // POLYGON EMPTY
    var odd = scatteredSquares(300)
    odd.rows[5].wkb = empty
    odd.rows[6].values[1] = .null
    let wells = OutputLayer(
        name: "wells", crs: "EPSG:32651", geometryType: .point, fields: [(name: "depth", kind: .double), (name: "name", kind: .string)],
        rows: [(ExpectedWKB.point(500005, 3400005), [.int(12), .string("北井")]), (nil, [.double(3.5), .null])])
    let layers = [odd, wells]
    let ours = "\(scratch.path)/ours.gpkg", gdals = "\(scratch.path)/gdal.gpkg"
    try writeGeoPackage(ours, layers: layers)
    try writeVectorFile(gdals, driver: "GPKG", layers: layers, layerOptions: ["SPATIAL_INDEX=YES"])

    let queries = [
        "SELECT fid, hex(geom), n, area FROM squares ORDER BY fid",
        "SELECT fid, hex(geom), depth, name FROM wells ORDER BY fid",
        "SELECT table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents ORDER BY table_name",
        "SELECT table_name, feature_count FROM gpkg_ogr_contents ORDER BY table_name",
        "SELECT * FROM gpkg_extensions ORDER BY table_name",
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%' ORDER BY name",
        "SELECT name, seq FROM sqlite_sequence ORDER BY name",
        "SELECT id FROM rtree_squares_geom ORDER BY id",
        "SELECT rtreecheck('rtree_squares_geom'), rtreecheck('rtree_wells_geom')",
    ]
    let a = try SQLiteDatabase(ours), b = try SQLiteDatabase(gdals)
    for query in queries {
        let mine = try a.texts(query), theirs = try b.texts(query)
        #expect(mine == theirs, "\(query)")
        #expect(!mine.isEmpty, "\(query)")
    }
    // And through GDAL's reader.
    for name in ["squares", "wells"] {
        let mine = try readLayer("\(ours):\(name)"), theirs = try readLayer("\(gdals):\(name)")
        #expect(mine.features.map(\.wkb) == theirs.features.map(\.wkb))
        #expect(mine.features.map(\.fields.values) == theirs.features.map(\.fields.values))
        #expect(mine.crs == theirs.crs && mine.fieldNames == theirs.fieldNames)
    }
}

@Test func badRowIsNamedAndNothingIsLeft() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/bad.gpkg"
    var layer = scatteredSquares(10)
    layer.rows[3].values[0] = .string("four")
    #expect {
        try writeGeoPackage(path, layers: [layer])
    } throws: { error in
        "\(error)" == "\(path): layer 'squares', feature 4: field 'n' is declared int but given string(\"four\")"
    }
    layer = scatteredSquares(10)
    layer.rows[7].wkb = [1, 3, 0, 0, 0, 1, 0, 0, 0, 9]
    #expect {
        try writeGeoPackage(path, layers: [layer])
    } throws: { error in
        "\(error)".hasPrefix("\(path): layer 'squares', feature 8: geometry is not valid WKB")
    }
    #expect(scratch.entries.isEmpty)
}
