// A GeoPackage's rows and spatial index written through SQLite, into the file and tables GDAL has
// just created (WriteLayers.swift). GDAL 3.6 writes about 110,000 features a second and then fills
// the R-tree one entry at a time, also from SQL: 2.2 million features of a city's results took it
// 42 s, 27 of them for the index. Here a row is an INSERT of the GeoPackage geometry blob (OGC
// 12-128r18, §2.1.3: "GP", version, flags, srs_id, envelope, WKB) and the index is packed whole
// (SQLiteRTree.swift). Everything GDAL made stays as it made it: the metadata tables, the CRS, the
// column types, the triggers (which are set aside while the rows go in, since they call functions only
// GDAL defines, and put back as they were); the feature count and the layer's extent are set as GDAL
// sets them when it closes a layer.

import CGDAL
import CSQLite

/// Writes each layer's rows into its table of the GeoPackage at `path` (made by GDAL, no rows yet),
/// fills each spatial index GDAL created, and updates the feature counts and extents (and, when given,
/// every table's `last_change`), all in one transaction. Errors name `shownAs`, the layer and the row.
func fillGeoPackage(_ path: String, layers: [(OutputLayer, CreatedTable)], lastChange: String? = nil,
                    shownAs shown: String) throws(GeoIOError) {
    let database: SQLiteDatabase
    do { database = try SQLiteDatabase(path) } catch {
        throw GeoIOError(file: shown, reason: "cannot open the new GeoPackage (\(error.reason))")
    }
    var current: (layer: String, row: Int?)? = nil
    do throws(SQLiteFailure) {
        // The file is a temporary one that is removed on any failure: no journal is needed.
        try database.execute("PRAGMA journal_mode = OFF")
        try database.execute("BEGIN")
        for (layer, table) in layers {
            current = (layer.name, nil)
            try fill(table, with: layer, in: database, shownAs: shown, row: { current?.row = $0 })
        }
        current = nil
        if let lastChange { try database.run("UPDATE gpkg_contents SET last_change = ?", .string(lastChange)) }
        try database.execute("COMMIT")
        try database.close()
    } catch {
        let reason = error.reason.hasPrefix("SQLite: ") ? "cannot write the rows (\(error.reason))" : error.reason
        throw GeoIOError(file: shown, layer: current?.layer, feature: current?.row, reason: reason)
    }
}

/// One layer: triggers set aside, rows inserted, index packed, count and extent set, triggers back.
/// `row` is told the 1-based row being written, for an error's message.
private func fill(
    _ table: CreatedTable, with layer: OutputLayer, in database: SQLiteDatabase, shownAs shown: String,
    row: (Int?) -> Void
) throws(SQLiteFailure) {
    let srsID = try database.integers(
        "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?", table.name).first ?? 0
    let triggers = try database.texts(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY rowid", table.name)
    for trigger in stride(from: 0, to: triggers.count, by: 2) {
        try database.execute("DROP TRIGGER \(quotedIdentifier(triggers[trigger]))")
    }

    // Rows go in a hundred at a time, with their fids (1, 2, … as GDAL numbers a new table's rows):
    // one statement a row made SQLite read and write the table's AUTOINCREMENT counter every row.
    let columns = [table.fidColumn, table.geometryColumn] + table.fieldColumns
    let rowsPerInsert = max(1, min(100, Int(database.variableLimit) / columns.count))
    func insert(rows: Int) throws(SQLiteFailure) -> SQLiteStatement {
        let values = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return try database.prepare("INSERT INTO \(quotedIdentifier(table.name)) (\(columns.map(quotedIdentifier).joined(separator: ", "))) VALUES "
                                    + Array(repeating: values, count: rows).joined(separator: ", "))
    }
    var statement: SQLiteStatement? = nil
    var statementRows = 0, slot = 0
    var entries: [RTreeEntry] = []
    entries.reserveCapacity(layer.rowCount)
    var extent: Bounds? = nil
    var blob: [UInt8] = []
    for index in 0..<layer.rowCount {
        row(index + 1)
        let (wkb, fields) = layer.row(index)
        guard fields.count == layer.fields.count else {
            throw SQLiteFailure(reason: "has \(fields.count) values for \(layer.fields.count) fields")
        }
        if slot == 0, statementRows != min(rowsPerInsert, layer.rowCount - index) {
            try statement?.finalize()
            statementRows = min(rowsPerInsert, layer.rowCount - index)
            statement = try insert(rows: statementRows)
        }
        guard let statement else { preconditionFailure("no statement for a row") }
        let first = Int32(slot * columns.count + 1), fid = Int64(index + 1)
        try statement.bind(first, fid)
        if let wkb {
            guard let geometry = GeoPackageGeometry(wkb, multi: layer.geometryType == .multipolygon) else {
                throw SQLiteFailure(reason: withGDALDetail("geometry is not valid WKB"))
            }
            geometry.blob(srsID: Int32(truncatingIfNeeded: srsID), into: &blob)
            try statement.bind(first + 1, blob: blob)
            if let bounds = geometry.bounds {
                entries.append(RTreeEntry(id: fid, minX: bounds.minX, maxX: bounds.maxX, minY: bounds.minY, maxY: bounds.maxY))
                extent = extent.map { $0.union(bounds) } ?? bounds
            }
        } else {
            try statement.bindNull(first + 1)
        }
        for (position, value) in fields.enumerated() {
            let field = layer.fields[position]
            switch (value, field.kind) {
            case (.null, _), (.int, .int), (.double, .double), (.string, .string):
                try statement.bind(first + 2 + Int32(position), value)
            case (.int(let number), .double): try statement.bind(first + 2 + Int32(position), Double(number))
            default: throw SQLiteFailure(reason: "field '\(field.name)' is declared \(field.kind) but given \(value)")
            }
        }
        slot += 1
        if slot == statementRows {
            row(nil)
            try statement.stepToEnd()
            slot = 0
        }
    }
    row(nil)
    try statement?.finalize()

    let index = "rtree_\(table.name)_\(table.geometryColumn)"
    if try database.integers("SELECT count(*) FROM sqlite_master WHERE name = ? AND type = 'table'", index).first ?? 0 > 0 {
        try load(entries, into: index, of: database)
    }
    try database.run("UPDATE gpkg_ogr_contents SET feature_count = ? WHERE lower(table_name) = lower(?)",
                     .int(Int64(layer.rowCount)), .string(table.name))
    if let extent {
        try database.run("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE lower(table_name) = lower(?)",
                         .double(extent.minX), .double(extent.minY), .double(extent.maxX), .double(extent.maxY),
                         .string(table.name))
    }
    for trigger in stride(from: 1, to: triggers.count, by: 2) {
        try database.execute(triggers[trigger])
    }
}

/// Fills the rtree table `index` (empty, as GDAL creates it) with `entries`: the packed tree written
/// into its node, rowid and parent tables. When those tables are not the plain ones of SQLite's
/// rtree (another SQLite, auxiliary columns), the entries go in through the virtual table instead.
private func load(_ entries: [RTreeEntry], into index: String, of database: SQLiteDatabase) throws(SQLiteFailure) {
    let rowidColumns = try database.texts("SELECT name FROM pragma_table_info(?)", "\(index)_rowid")
    let nodeSize = try database.integers("SELECT length(data) FROM \(quotedIdentifier("\(index)_node")) WHERE nodeno = 1").first
    guard rowidColumns == ["rowid", "nodeno"], let nodeSize, nodeSize >= 4 + 2 * 24 else {
        let insert = try database.prepare("INSERT INTO \(quotedIdentifier(index)) VALUES (?, ?, ?, ?, ?)")
        for entry in entries {
            try insert.bind(1, entry.id)
            for (column, value) in [entry.minX, entry.maxX, entry.minY, entry.maxY].enumerated() {
                try insert.bind(Int32(column + 2), Double(value))
            }
            try insert.stepToEnd()
        }
        return try insert.finalize()
    }
    let tree = PackedRTree(entries, nodeSize: Int(nodeSize))
    for suffix in ["node", "rowid", "parent"] {
        try database.execute("DELETE FROM \(quotedIdentifier("\(index)_\(suffix)"))")
    }
    let node = try database.prepare("INSERT INTO \(quotedIdentifier("\(index)_node")) (nodeno, data) VALUES (?, ?)")
    for (number, data) in tree.nodes {
        try node.bind(1, number)
        try node.bind(2, blob: data)
        try node.stepToEnd()
    }
    try node.finalize()
    for (table, columns, pairs) in [("rowid", "rowid, nodeno", tree.leafOf.map { ($0.rowid, $0.node) }),
                                    ("parent", "nodeno, parentnode", tree.parentOf.map { ($0.node, $0.parent) })] {
        let insert = try database.prepare("INSERT INTO \(quotedIdentifier("\(index)_\(table)")) (\(columns)) VALUES (?, ?)")
        for (first, second) in pairs {
            try insert.bind(1, first)
            try insert.bind(2, second)
            try insert.stepToEnd()
        }
        try insert.finalize()
    }
}

/// A box in doubles.
struct Bounds: Equatable {
    var minX, minY, maxX, maxY: Double

    func union(_ other: Bounds) -> Bounds {
        Bounds(minX: min(minX, other.minX), minY: min(minY, other.minY),
               maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }
}

/// A row's geometry as a GeoPackage stores it: 2D little-endian ISO WKB (other WKB goes through OGR,
/// as GDAL's writer takes it), a polygon made a multipolygon of one for a multipolygon layer, and the
/// geometry's box for the blob's header and the spatial index; nil box for an empty geometry.
struct GeoPackageGeometry {
    let wkb: [UInt8]
    let bounds: Bounds?
    let isPoint: Bool

    /// Nil when `wkb` is not WKB OGR can read.
    init?(_ wkb: [UInt8], multi: Bool) {
        var plain = wkb
        var shape = wkb.withUnsafeBytes(plainWKBShape)
        if shape == nil {
            var droppedZM = false
            guard let normal = try? wkb.withUnsafeBytes({ bytes throws(WKBFailure) in try normalizedWKB(bytes, droppedZM: &droppedZM) }) else { return nil }
            plain = normal
            shape = plain.withUnsafeBytes(plainWKBShape)
        }
        guard let shape else { return nil }
        if multi, shape.type == 3 {
            plain = [1, 6, 0, 0, 0, 1, 0, 0, 0] + plain
        }
        self.wkb = plain
        self.bounds = shape.bounds
        self.isPoint = shape.type == 1
    }

    /// The blob (header, then WKB) into `blob`, replacing what it held. The header's flags: little
    /// endian; an envelope (minX, maxX, minY, maxY) except for points, as GDAL writes them; or the
    /// empty flag and no envelope.
    func blob(srsID: Int32, into blob: inout [UInt8]) {
        blob.removeAll(keepingCapacity: true)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { blob.append(contentsOf: $0) }
        }
        let withEnvelope = bounds != nil && !isPoint
        blob += [0x47, 0x50, 0, 0x01 | (withEnvelope ? 0x02 : 0) | (bounds == nil ? 0x10 : 0)]
        append(srsID)
        if withEnvelope, let bounds {
            for value in [bounds.minX, bounds.maxX, bounds.minY, bounds.maxY] { append(value.bitPattern) }
        }
        blob += wkb
    }
}

/// The type (1 point, 3 polygon, 6 multipolygon) and box of 2D little-endian ISO WKB of one of those
/// types (a multipolygon's parts little-endian too), whose counts fit its length exactly; nil for any
/// other bytes. The box is nil when the geometry is empty (no rings, no parts, or a point of NaNs).
func plainWKBShape(_ w: UnsafeRawBufferPointer) -> (type: UInt32, bounds: Bounds?)? {
    var at = 0
    var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
    func uint32() -> Int? {
        guard at + 4 <= w.count else { return nil }
        defer { at += 4 }
        return Int(UInt32(littleEndian: w.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
    }
    func points(_ count: Int) -> Bool {
        guard count <= (w.count - at) / 16 else { return false }
        for _ in 0..<count {
            let x = Double(bitPattern: UInt64(littleEndian: w.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
            let y = Double(bitPattern: UInt64(littleEndian: w.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self)))
            at += 16
            guard !x.isNaN, !y.isNaN else { continue }    // an empty point
            (minX, maxX, minY, maxY) = (min(minX, x), max(maxX, x), min(minY, y), max(maxY, y))
        }
        return true
    }
    func polygon() -> Bool {
        guard at < w.count, w[at] == 1 else { return false }
        at += 1
        guard uint32() == 3, let rings = uint32() else { return false }
        for _ in 0..<rings {
            guard let count = uint32(), points(count) else { return false }
        }
        return true
    }
    guard w.count >= 5, w[0] == 1 else { return nil }
    let type = UInt32(littleEndian: w.loadUnaligned(fromByteOffset: 1, as: UInt32.self))
    switch type {
    case 1:
        at = 5
        guard points(1) else { return nil }
    case 3:
        guard polygon() else { return nil }
    case 6:
        at = 5
        guard let parts = uint32() else { return nil }
        for _ in 0..<parts where !polygon() { return nil }
    default:
        return nil
    }
    guard at == w.count else { return nil }
    return (type, minX <= maxX ? Bounds(minX: minX, minY: minY, maxX: maxX, maxY: maxY) : nil)
}
