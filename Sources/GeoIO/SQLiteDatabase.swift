// An SQLite database opened for writing, with the few calls the GeoPackage writer makes: statements
// run once, prepared statements with bound values, and small queries for a column of integers or text.

import CSQLite

/// One read-write connection, used on one thread. Wraps `sqlite3_open_v2` and `sqlite3_close_v2`.
final class SQLiteDatabase {
    private var db: OpaquePointer?

    init(_ path: String) throws(SQLiteFailure) {
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            db = nil
            throw SQLiteFailure(reason: reason)
        }
    }

    deinit { sqlite3_close_v2(db) }

    /// Closes the connection, throwing when SQLite reports a failure.
    func close() throws(SQLiteFailure) {
        let status = sqlite3_close_v2(db)
        guard status == SQLITE_OK else { throw failure(status) }
        db = nil
    }

    /// The failure for a status SQLite returned, with its message.
    fileprivate func failure(_ status: Int32) -> SQLiteFailure {
        let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
        return SQLiteFailure(reason: "SQLite: \(message)")
    }

    /// Runs `sql` (one or more statements, no values). Wraps `sqlite3_exec`.
    func execute(_ sql: String) throws(SQLiteFailure) {
        let status = sqlite3_exec(db, sql, nil, nil, nil)
        guard status == SQLITE_OK else { throw failure(status) }
    }

    /// A prepared statement. Wraps `sqlite3_prepare_v2`.
    func prepare(_ sql: String) throws(SQLiteFailure) -> SQLiteStatement {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status) }
        return SQLiteStatement(statement, of: self)
    }

    /// Runs `sql` with `values` bound to its parameters in order.
    func run(_ sql: String, _ values: FieldValue...) throws(SQLiteFailure) {
        let statement = try prepare(sql)
        for (position, value) in values.enumerated() { try statement.bind(Int32(position + 1), value) }
        try statement.stepToEnd()
        try statement.finalize()
    }

    /// The first column of every row `sql` gives with `text` bound to its parameter (if it has one),
    /// as integers.
    func integers(_ sql: String, _ text: String? = nil) throws(SQLiteFailure) -> [Int64] {
        try rows(sql, text) { sqlite3_column_int64($0, 0) }
    }

    /// Every column of every row, in order, as text (NULL as "").
    func texts(_ sql: String, _ text: String? = nil) throws(SQLiteFailure) -> [String] {
        try rows(sql, text) { statement in
            (0..<sqlite3_column_count(statement)).map { column in
                sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
            }
        }.flatMap { $0 }
    }

    private func rows<T>(_ sql: String, _ text: String?, _ read: (OpaquePointer) -> T) throws(SQLiteFailure) -> [T] {
        let statement = try prepare(sql)
        if let text { try statement.bind(1, text) }
        var out: [T] = []
        while try statement.step() { out.append(read(statement.handle)) }
        try statement.finalize()
        return out
    }

    /// The most values a statement may take. Wraps `sqlite3_limit`.
    var variableLimit: Int32 { sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, -1) }
}

/// A prepared statement of an `SQLiteDatabase`; finalized by `finalize()` or when it goes away.
/// Wraps the `sqlite3_bind_*`, `sqlite3_step`, `sqlite3_reset` and `sqlite3_finalize` calls.
final class SQLiteStatement {
    fileprivate let handle: OpaquePointer
    private let database: SQLiteDatabase
    private var finalized = false

    fileprivate init(_ handle: OpaquePointer, of database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit { if !finalized { sqlite3_finalize(handle) } }

    private func check(_ status: Int32) throws(SQLiteFailure) {
        guard status == SQLITE_OK else { throw database.failure(status) }
    }

    func bindNull(_ column: Int32) throws(SQLiteFailure) { try check(sqlite3_bind_null(handle, column)) }
    func bind(_ column: Int32, _ value: Int64) throws(SQLiteFailure) { try check(sqlite3_bind_int64(handle, column, value)) }
    func bind(_ column: Int32, _ value: Double) throws(SQLiteFailure) { try check(sqlite3_bind_double(handle, column, value)) }
    func bind(_ column: Int32, _ value: String) throws(SQLiteFailure) {
        try check(sqlite3_bind_text(handle, column, value, -1, parcels_sqlite_transient()))
    }
    func bind(_ column: Int32, blob: [UInt8]) throws(SQLiteFailure) {
        try check(blob.withUnsafeBytes { sqlite3_bind_blob(handle, column, $0.baseAddress, Int32($0.count), parcels_sqlite_transient()) })
    }
    func bind(_ column: Int32, _ value: FieldValue) throws(SQLiteFailure) {
        switch value {
        case .null: try bindNull(column)
        case .int(let number): try bind(column, number)
        case .double(let number): try bind(column, number)
        case .string(let text): try bind(column, text)
        }
    }

    /// Moves to the next row: true on a row, false when done.
    func step() throws(SQLiteFailure) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let status: throw database.failure(status)
        }
    }

    /// Runs the statement to its end and resets it for new values.
    func stepToEnd() throws(SQLiteFailure) {
        while try step() {}
        try check(sqlite3_reset(handle))
    }

    func finalize() throws(SQLiteFailure) {
        guard !finalized else { return }
        finalized = true
        try check(sqlite3_finalize(handle))
    }
}

/// An SQL identifier (table or column name) in double quotes.
func quotedIdentifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
