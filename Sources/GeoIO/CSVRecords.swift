// A plain CSV file's records, split here as GDAL's CSV driver splits them. GDAL's reader costs about
// 20,000 instructions a row of a claims file (an OGRFeature per row, every field copied twice): most
// of `parcels verify`'s reading time, on one thread. Here the file is mapped into memory and each
// record's fields are found in place, with GDAL's rules (CSVSplitLine): a '"' anywhere opens or
// closes quoted text, "" inside quoted text is one quote, the delimiter ends a field only outside
// quoted text; an empty line is no record; a record with fewer fields than the header leaves the
// rest unset, one with more has the rest ignored. Files where GDAL might do anything else are left to
// GDAL whole (`init` returns nil): a byte-order mark at the start of a line, a NUL byte, a carriage return not followed by a
// line feed, quoted text running over a line end, a header that is not the names GDAL gave the
// fields (GDAL also reads header-less files), or a header holding a quote, ';', tab or '|' (GDAL
// may take another delimiter). A test compares both readers record for record.

import Foundation

final class CSVRecords {
    /// The file, mapped read-only for the reader's lifetime.
    private let bytes: UnsafeRawBufferPointer
    /// Byte offsets of each record's start and end (its line, without the line end), in file order.
    private let lines: [(start: Int, end: Int)]

    /// One field of a record: where its text lies in the file (quotes around it left out), or that
    /// its quotes must be taken out as GDAL takes them out (`unquoted`).
    struct Field {
        let range: Range<Int>
        let needsUnquoting: Bool
    }

    /// Nil unless `path` is such a plain CSV file whose header is exactly `fieldNames`.
    init?(path: String, fieldNames: [String]) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0,
              let address = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else { return nil }
        bytes = UnsafeRawBufferPointer(start: address, count: Int(info.st_size))
        guard let (header, lines) = Self.split(bytes), let header else {
            munmap(address, bytes.count)
            return nil
        }
        self.lines = lines
        let names = Self.fields(bytes, header).map { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[$0.range]), as: UTF8.self) }
        guard names == fieldNames else { return nil }      // deinit unmaps
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }

    /// How many records (non-empty lines after the header).
    var count: Int { lines.count }

    /// The fields of record `i` (0-based), as GDAL splits its line.
    func record(_ i: Int) -> [Field] { Self.fields(bytes, lines[i].start..<lines[i].end) }

    /// The text of `field` as GDAL gives it, in place unless its quotes must be taken out.
    func withText<R>(_ field: Field, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let text = UnsafeRawBufferPointer(rebasing: bytes[field.range])
        return field.needsUnquoting ? try Self.unquoted(text).withUnsafeBytes(body) : try body(text)
    }

    /// The header's range and every record's line; nil when the file is not plain (see above).
    private static func split(_ raw: UnsafeRawBufferPointer) -> (header: Range<Int>?, lines: [(start: Int, end: Int)])? {
        var lines: [(start: Int, end: Int)] = []
        var header: Range<Int>?
        var start = 0, quotes = 0, i = 0
        let n = raw.count
        while i <= n {
            let c: UInt8 = i < n ? raw[i] : 0x0A
            if c == 0 { return nil }
            // GDAL's line reader drops a byte-order mark that starts a line, any line: such files are GDAL's.
            if i == start, i + 2 < n, c == 0xEF, raw[i + 1] == 0xBB, raw[i + 2] == 0xBF { return nil }
            if c == UInt8(ascii: "\"") { quotes += 1 }
            if c == 0x0D, i + 1 >= n || raw[i + 1] != 0x0A { return nil }
            if c == 0x0A || c == 0x0D {
                guard quotes % 2 == 0 else { return nil }
                let end = i
                if c == 0x0D { i += 1 }                       // the \n of \r\n
                if header == nil {
                    header = start..<end
                } else if end > start {
                    lines.append((start, end))
                }
                start = i + 1
                quotes = 0
            }
            i += 1
        }
        if let header {
            for k in header where [UInt8(ascii: "\""), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")].contains(raw[k]) { return nil }
        }
        return (header, lines)
    }

    /// The fields of one line (GDAL's CSVSplitLine with ','). A field wholly in quotes with none
    /// inside, as most quoted fields are, is its text between them.
    private static func fields(_ raw: UnsafeRawBufferPointer, _ line: Range<Int>) -> [Field] {
        var out: [Field] = []
        var start = line.lowerBound
        var inString = false, quotes = 0
        var i = line.lowerBound
        func end(_ e: Int) {
            if quotes == 2, e - start >= 2, raw[start] == UInt8(ascii: "\""), raw[e - 1] == UInt8(ascii: "\"") {
                out.append(Field(range: start + 1..<e - 1, needsUnquoting: false))
            } else {
                out.append(Field(range: start..<e, needsUnquoting: quotes > 0))
            }
        }
        while i < line.upperBound {
            let c = raw[i]
            if c == UInt8(ascii: "\"") {
                quotes += 1
                // A doubled quote inside quoted text stays inside it.
                if inString, i + 1 < line.upperBound, raw[i + 1] == UInt8(ascii: "\"") { quotes += 1; i += 2; continue }
                inString.toggle()
            } else if c == UInt8(ascii: ","), !inString {
                end(i)
                start = i + 1
                quotes = 0
            }
            i += 1
        }
        end(line.upperBound)
        return out
    }

    /// A field's text with its quotes taken out as GDAL does: each '"' toggles quoted text and is
    /// dropped, except "" inside quoted text, which is one quote.
    private static func unquoted(_ field: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(field.count)
        var inString = false
        var i = 0
        while i < field.count {
            let c = field[i]
            if c == UInt8(ascii: "\"") {
                if inString, i + 1 < field.count, field[i + 1] == UInt8(ascii: "\"") { out.append(c); i += 2; continue }
                inString.toggle()
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }
}
