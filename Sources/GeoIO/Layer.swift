// The values a read produces: a layer of features, each with its attribute fields by name and its
// geometry as 2D little-endian ISO WKB. Plain Sendable values: no GDAL handle outlives `readLayer`.

import Foundation

/// One attribute value. Dates and times arrive as ISO 8601 strings; null and unset fields as `.null`.
public enum FieldValue: Sendable, Equatable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case string(String)

    /// The value as a number: ints and doubles as they are, strings when they parse as a number
    /// (CSV fields are always strings), else nil.
    public var doubleValue: Double? {
        switch self {
        case .null: return nil
        case .int(let value): return Double(value)
        case .double(let value): return value
        case .string(let text): return Double(text.trimmedOfSpaces)
        }
    }

    /// The value as an integer: ints, doubles with no fraction, strings that parse as one; else nil.
    public var intValue: Int64? {
        switch self {
        case .null: return nil
        case .int(let value): return value
        case .double(let value):
            return value.rounded() == value && abs(value) < 9.2e18 ? Int64(value) : nil
        case .string(let text):
            let trimmed = text.trimmedOfSpaces
            return Int64(trimmed) ?? Double(trimmed).flatMap { FieldValue.double($0).intValue }
        }
    }

    /// The value as text, as a user would type it (`12`, `3.5`, `north`); nil for `.null`.
    public var stringValue: String? {
        switch self {
        case .null: return nil
        case .int(let value): return String(value)
        case .double(let value):
            return value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let text): return text
        }
    }

    public var isNull: Bool { self == .null }
}

/// A layer's field names, shared by all its features, with where each name's value is.
public final class FieldSchema: Sendable {
    public let names: [String]
    private let positions: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (i, name) in names.enumerated() { positions[name] = i }   // a repeated name: the last one
        self.positions = positions
    }

    /// A layer has a handful of fields, and a report asks for one by name for every feature of a
    /// city: comparing the names is several times cheaper than hashing the one asked for (Swift
    /// hashes a String's normalised form). The last of a repeated name, as `positions` keeps.
    public func position(of name: String) -> Int? {
        guard names.count <= 16 else { return positions[name] }
        return names.lastIndex(of: name)
    }
}

/// The attribute values of every feature of a layer, one column per field: no allocation per
/// feature, and each column as narrow as its values allow (text 16 bytes a value, numbers 8 plus a
/// null bit) instead of a 24-byte `FieldValue` each (a dictionary per feature cost some 250 bytes a
/// feature, an array per feature some 80: 150 MB for a city's two surveys).
///
/// Filled by one reader, row after row, before any feature is handed out; never changed afterwards,
/// so features may read it from any thread.
public final class FieldTable: @unchecked Sendable {
    public let schema: FieldSchema
    private let columns: [Column]
    private(set) var rowCount = 0

    public init(schema: FieldSchema, reservingRows rows: Int = 0) {
        self.schema = schema
        columns = schema.names.map { _ in Column(reservingRows: rows) }
    }

    /// Appends one feature's values (in the order of `schema.names`) and returns its row.
    func append(_ row: [FieldValue]) -> Int {
        precondition(row.count == schema.names.count, "one value per field")
        for (position, value) in row.enumerated() { columns[position].append(value, row: rowCount) }
        rowCount += 1
        return rowCount - 1
    }

    func value(row: Int, position: Int) -> FieldValue { columns[position].value(row: row) }
}

/// One field's values: typed by the first non-null value, generic (`FieldValue`s) once a value of
/// another kind turns up (GDAL gives one kind per field, so that stays rare).
private final class Column {
    private enum Kind { case nulls, text, integer, real, mixed }
    private var kind = Kind.nulls
    private var text: [String?] = []
    private var numbers: [UInt64] = []      // Int64 or Double bit patterns
    private var nulls = NullBits()
    private var mixed: [FieldValue] = []
    private let reserved: Int

    init(reservingRows rows: Int) { reserved = rows }

    /// Appends the value of row `row` (rows come in order, from 0).
    func append(_ value: FieldValue, row: Int) {
        if kind == .nulls, value != .null { start(as: value, leadingNulls: row) }
        switch (kind, value) {
        case (.nulls, _): break
        case (.text, .string(let s)): text.append(s)
        case (.text, .null): text.append(nil)
        case (.integer, .int(let i)): numbers.append(UInt64(bitPattern: i)); nulls.append(false)
        case (.real, .double(let d)): numbers.append(d.bitPattern); nulls.append(false)
        case (.integer, .null), (.real, .null): numbers.append(0); nulls.append(true)
        case (.mixed, _): mixed.append(value)
        default:
            // Another kind than the column's: every value as it is from now on.
            var all = (0..<row).map { self.value(row: $0) }
            all.reserveCapacity(max(reserved, row + 1))
            all.append(value)
            (kind, mixed, text, numbers, nulls) = (.mixed, all, [], [], NullBits())
        }
    }

    private func start(as value: FieldValue, leadingNulls: Int) {
        let capacity = max(reserved, leadingNulls + 1)
        switch value {
        case .string:
            kind = .text
            text.reserveCapacity(capacity)
            text.append(contentsOf: repeatElement(nil, count: leadingNulls))
        case .int, .double:
            kind = value.isInt ? .integer : .real
            numbers.reserveCapacity(capacity)
            numbers.append(contentsOf: repeatElement(0, count: leadingNulls))
            nulls.reserve(capacity)
            for _ in 0..<leadingNulls { nulls.append(true) }
        case .null: break
        }
    }

    func value(row: Int) -> FieldValue {
        switch kind {
        case .nulls: .null
        case .text: text[row].map(FieldValue.string) ?? .null
        case .integer: nulls[row] ? .null : .int(Int64(bitPattern: numbers[row]))
        case .real: nulls[row] ? .null : .double(Double(bitPattern: numbers[row]))
        case .mixed: mixed[row]
        }
    }
}

private extension FieldValue {
    var isInt: Bool { if case .int = self { true } else { false } }
}

/// One bit per row: whether a number column's value is null.
private struct NullBits {
    private var words: [UInt64] = []
    private var count = 0

    mutating func reserve(_ rows: Int) { words.reserveCapacity((rows + 63) / 64) }

    mutating func append(_ isNull: Bool) {
        if count % 64 == 0 { words.append(0) }
        if isNull { words[count / 64] |= 1 << UInt64(count % 64) }
        count += 1
    }

    subscript(row: Int) -> Bool { words[row / 64] & (1 << UInt64(row % 64)) != 0 }
}

/// One feature's attribute values, read by field name: its row of the layer's `FieldTable`.
public struct FieldValues: Sendable {
    private let table: FieldTable
    private let row32: Int32        // 12 bytes with the table: a feature's struct stays small
    private var row: Int { Int(row32) }

    init(table: FieldTable, row: Int) {
        precondition(row <= Int(Int32.max), "more rows than a field table holds")
        self.table = table
        self.row32 = Int32(row)
    }

    /// A feature on its own (for tests and one-off features): a table of one row.
    public init(schema: FieldSchema, values: [FieldValue]) {
        let table = FieldTable(schema: schema, reservingRows: 1)
        self.init(table: table, row: table.append(values))
    }

    public var schema: FieldSchema { table.schema }

    /// In the order of `schema.names`.
    public var values: [FieldValue] { schema.names.indices.map { table.value(row: row, position: $0) } }

    /// The value of the field called `name`; nil when the layer has no such field.
    public subscript(name: String) -> FieldValue? { schema.position(of: name).map { table.value(row: row, position: $0) } }
}

/// One feature of a layer.
public struct Feature: Sendable {
    /// 0-based position in read order (a message to the user says `index + 1`).
    public let index: Int
    /// The feature id the source gives it (GeoPackage fid, Shapefile record number from 0…).
    public let fid: Int64
    /// Attribute values by field name: every field read (all of the layer's unless `readLayer` was given `fields`).
    public let fields: FieldValues
    /// The geometry as 2D little-endian ISO WKB, curves linearised; nil when the feature has none.
    public let wkb: [UInt8]?
    /// Why `wkb` is nil when the source had a geometry that could not be read (GDAL's message, or
    /// "unreadable WKT …" for a CSV); nil when the feature simply has no geometry.
    public let problem: String?

    public init(index: Int, fid: Int64, fields: FieldValues, wkb: [UInt8]?, problem: String? = nil) {
        self.index = index
        self.fid = fid
        self.fields = fields
        self.wkb = wkb
        self.problem = problem
    }
}

/// A whole layer, read into memory.
public struct Layer: Sendable {
    /// The dataset path or connection string (without any `:layer` suffix).
    public let path: String
    /// The layer's name in its dataset.
    public let name: String
    /// GDAL's short name of the driver that read it: "GPKG", "ESRI Shapefile", "GeoJSON", "CSV"…
    public let driver: String
    /// "EPSG:n" when the CRS has an EPSG code, else its WKT2. Always set by `readLayer`.
    public let crs: String?
    /// True when `crs` was not in the source: `assumeCRS`, or EPSG:4326 for a CSV.
    public let crsAssumed: Bool
    /// Field names in the source's order (all of them, also those `readLayer` was told to skip).
    public let fieldNames: [String]
    public let features: [Feature]
    /// True when some geometry had Z or M values, which were dropped.
    public let droppedZM: Bool
    /// How many features the source says the layer has, when it knows without reading them all
    /// (a batch of `readLayer(_:assumeCRS:batch:_:)` carries the whole layer's count).
    public let expectedCount: Int?
    /// What the reader decided that the user should hear about, one line each without the file and
    /// layer: a layer chosen among several, a local CRS set aside for `assumeCRS`.
    public let notes: [String]

    public init(
        path: String, name: String, driver: String = "", crs: String?, crsAssumed: Bool = false,
        fieldNames: [String], features: [Feature], droppedZM: Bool = false, expectedCount: Int? = nil,
        notes: [String] = []
    ) {
        self.expectedCount = expectedCount
        self.notes = notes
        self.path = path
        self.name = name
        self.driver = driver
        self.crs = crs
        self.crsAssumed = crsAssumed
        self.fieldNames = fieldNames
        self.features = features
        self.droppedZM = droppedZM
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs (Foundation's `.whitespaces`: tab and
    /// every Unicode space separator, such as U+3000). Text with none, the usual case, is returned as
    /// it is without Foundation's cost (a claims file has hundreds of thousands of fields).
    public var trimmedOfSpaces: String {
        // ASCII first: looking up a scalar's Unicode category costs more than the rest of a field.
        func isSpace(_ c: Unicode.Scalar) -> Bool {
            c.isASCII ? c == " " || c == "\t" : c.properties.generalCategory == .spaceSeparator
        }
        guard let first = unicodeScalars.first, let last = unicodeScalars.last, isSpace(first) || isSpace(last) else { return self }
        return trimmingCharacters(in: .whitespaces)
    }

    /// The text trimmed of spaces (`trimmedOfSpaces`), or nil when nothing is left: a name typed
    /// with a stray space is the name, and a blank one is none.
    public var nonBlank: String? {
        let text = trimmedOfSpaces
        return text.isEmpty ? nil : text
    }
}

extension FieldValues: ExpressibleByDictionaryLiteral {
    /// Values given by name, in the order given (`[:]` for none).
    public init(dictionaryLiteral elements: (String, FieldValue)...) {
        self.init(schema: FieldSchema(elements.map(\.0)), values: elements.map(\.1))
    }

    /// Values given by name, names in alphabetical order.
    public init(_ byName: [String: FieldValue]) {
        let names = byName.keys.sorted()
        self.init(schema: FieldSchema(names), values: names.map { byName[$0]! })
    }
}
