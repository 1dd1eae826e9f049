// GeoPackage rows straight from SQLite. A GeoPackage is an SQLite database whose geometries are WKB
// behind a short header (OGC 12-128r18, §2.1.3). GDAL's reader makes an OGRFeature and an
// OGRGeometry of every row and the WKB is then exported again: about 2 µs a feature, most of the
// reading time of a city's surveys. Here the rows come from the query GDAL itself runs (same table,
// same order, no ORDER BY) and are read as GDAL reads them: integers, reals and text with the same
// SQLite calls, a 2D little-endian polygon's WKB as it is stored, any other WKB through OGR as GDAL's
// reader does it. A feature whose blob is not a standard GeoPackage geometry OGR reads (a SpatiaLite
// blob, garbage) is fetched from GDAL by its fid and read the usual way; layers with other field
// types, or that SQLite cannot open read-only, are read through GDAL. A test compares both readers
// feature for feature.

import CGDAL
import CSQLite

final class GeoPackageRows {
    private var db: OpaquePointer?
    private var statement: OpaquePointer?
    private let kinds: [Kind]

    /// How a field is read: GDAL's OFTInteger keeps 32 bits (it clamps larger values).
    enum Kind { case int32, int64, double, text }

    /// Opens `path` read-only and prepares the layer's query; nil when that fails (GDAL reads it then).
    /// `fields` are the fields to read, with their OGR types; nil as well when one is not an integer,
    /// real or text field.
    init?(path: String, table: String, fidColumn: String, geometryColumn: String,
          fields: [(name: String, type: OGRFieldType)]) {
        var kinds: [Kind] = []
        for field in fields {
            switch field.type {
            case OFTInteger: kinds.append(.int32)
            case OFTInteger64: kinds.append(.int64)
            case OFTReal: kinds.append(.double)
            case OFTString: kinds.append(.text)
            default: return nil
            }
        }
        self.kinds = kinds
        guard !fidColumn.isEmpty, !geometryColumn.isEmpty,
              sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else { return nil }
        let columns = ([fidColumn, geometryColumn] + fields.map(\.name)).map(quotedIdentifier).joined(separator: ", ")
        guard sqlite3_prepare_v2(db, "SELECT \(columns) FROM \(quotedIdentifier(table))", -1, &statement, nil) == SQLITE_OK else { return nil }
    }

    deinit {
        sqlite3_finalize(statement)
        sqlite3_close_v2(db)
    }

    /// Moves to the next row; false after the last. Throws SQLite's message.
    func step() throws(SQLiteFailure) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteFailure(reason: "cannot read feature (SQLite: \(String(cString: sqlite3_errmsg(db))))")
        }
    }

    var fid: Int64 { sqlite3_column_int64(statement, 0) }

    /// Field `k` of the current row (in the order given to `init`).
    func value(_ k: Int) throws(FieldFailure) -> FieldValue {
        let column = Int32(k + 2)
        if sqlite3_column_type(statement, column) == SQLITE_NULL { return .null }
        switch kinds[k] {
        case .int32: return .int(Int64(Int32(clamping: sqlite3_column_int64(statement, column))))
        case .int64: return .int(sqlite3_column_int64(statement, column))
        case .double: return .double(sqlite3_column_double(statement, column))
        case .text:
            guard let text = sqlite3_column_text(statement, column) else { return .null }
            return try textValue(UnsafeRawPointer(text).assumingMemoryBound(to: CChar.self))
        }
    }

    /// What the current row's geometry is, for the reader.
    enum Geometry {
        case none
        /// 2D little-endian ISO WKB: the bytes `takeWKB` would give.
        case wkb([UInt8])
        /// Not a standard GeoPackage blob OGR reads (a SpatiaLite blob, garbage…): for GDAL's reader
        /// (`OGR_L_GetFeature`), which knows what else it may be.
        case askGDAL
    }

    /// The current row's geometry. A plain polygon's WKB is taken as stored; any other WKB (Z or M,
    /// curves, big-endian, another type) goes through OGR as GDAL's reader takes it (`normalizedWKB`),
    /// without a second query.
    func geometry(droppedZM: inout Bool) throws(WKBFailure) -> Geometry {
        guard sqlite3_column_type(statement, 1) != SQLITE_NULL,
              let blob = sqlite3_column_blob(statement, 1) else { return .none }
        let bytes = UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(statement, 1)))
        guard let start = wkbStart(bytes) else { return .askGDAL }
        let wkb = UnsafeRawBufferPointer(rebasing: bytes[start...])
        if isPlainPolygonal(wkb) { return .wkb(Array(wkb)) }
        return try normalizedWKB(wkb, droppedZM: &droppedZM).map(Geometry.wkb) ?? .askGDAL
    }
}

/// Why SQLite could not give the next row; the reader adds the file, layer and feature.
struct SQLiteFailure: Error {
    let reason: String
}

/// Where the WKB starts in a standard GeoPackage geometry blob: after "GP", version, flags, the
/// srs_id and the envelope the flags announce. Nil for anything else (an extended-type blob, a bad
/// envelope code, too few bytes).
func wkbStart(_ b: UnsafeRawBufferPointer) -> Int? {
    guard b.count >= 8, b[0] == 0x47, b[1] == 0x50 else { return nil }
    let flags = b[3]
    guard flags & 0x20 == 0 else { return nil }                 // ExtendedGeoPackageBinary
    let envelopeBytes: Int
    switch (flags >> 1) & 0x07 {
    case 0: envelopeBytes = 0
    case 1: envelopeBytes = 32
    case 2, 3: envelopeBytes = 48
    case 4: envelopeBytes = 64
    default: return nil
    }
    let start = 8 + envelopeBytes
    return b.count > start ? start : nil
}

/// Whether `w` is exactly one little-endian 2D Polygon or MultiPolygon of little-endian Polygons:
/// the bytes OGR would export for it unchanged.
func isPlainPolygonal(_ w: UnsafeRawBufferPointer) -> Bool {
    guard let shape = plainWKBShape(w) else { return false }
    return shape.type == 3 || shape.type == 6
}
