// Text tables: terminal (aligned by display width, so 浦东新区 takes eight columns, not four),
// markdown and CSV forms of the same rows.
import Foundation

struct Table {
    var headers: [String]
    var rows: [[String]]
    /// Columns aligned right (numbers).
    var numeric: Set<Int>
    /// Empty cells that hold the empty text "", not a missing value: printed `""` in every form (in CSV
    /// a quoted empty field, which CSV readers such as PostgreSQL's `COPY … CSV` read as an empty
    /// string and an unquoted empty field as NULL). Other empty cells are missing values.
    var emptyText: Set<Cell> = []

    struct Cell: Hashable {
        let row: Int
        let column: Int
    }

    /// The rows as printed: the `emptyText` cells as `""`.
    private var shownRows: [[String]] {
        guard !emptyText.isEmpty else { return rows }
        var shown = rows
        for c in emptyText where c.row < shown.count && c.column < shown[c.row].count && shown[c.row][c.column].isEmpty {
            shown[c.row][c.column] = "\"\""
        }
        return shown
    }

    /// Each cell on one line: a newline or tab in a name would split the row (see `oneLine`).
    func terminal() -> String {
        let rows = shownRows
        var widths = headers.map { displayWidth(oneLine($0)) }
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], displayWidth(oneLine(c))) } }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, cell) in cells.enumerated() {
                let c = oneLine(cell)
                if i > 0 { out += "  " }
                let fill = String(repeating: " ", count: widths[i] - displayWidth(c))
                out += numeric.contains(i) ? fill + c : c + fill
            }
            // No trailing blanks (a left-aligned last column is padded like the others above).
            while out.utf8.last == UInt8(ascii: " ") { out.removeLast() }
            return out
        }
        var out = [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n") + "\n"
    }

    /// `|` escaped and each cell on one line (a newline would end the row: invalid markdown).
    func markdown() -> String {
        func esc(_ s: String) -> String { oneLine(s).replacingOccurrences(of: "|", with: "\\|") }
        var out = "| " + headers.map(esc).joined(separator: " | ") + " |\n"
        out += "|" + headers.indices.map { numeric.contains($0) ? "---:|" : "---|" }.joined() + "\n"
        for r in shownRows { out += "| " + r.map(esc).joined(separator: " | ") + " |\n" }
        return out
    }

    /// Text as is (quoted where needed). A text cell that a spreadsheet would read as a formula (starting
    /// with =, +, -, @, tab or carriage return: OWASP's CSV injection rule) gets a leading `'`; numeric
    /// columns are left alone, so -5.0 stays a number.
    func csv() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        func text(_ s: String) -> String {
            guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return s }
            return "'" + s
        }
        // An `emptyText` cell is written `""` as is (a quoted empty field), not quoted again.
        let lines = [headers.map(field).joined(separator: ",")]
            + rows.enumerated().map { (i, r) in r.enumerated().map { c in
                c.element.isEmpty && emptyText.contains(Cell(row: i, column: c.offset)) ? "\"\""
                    : field(numeric.contains(c.offset) ? c.element : text(c.element))
            }.joined(separator: ",") }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A cell on one line: a newline, carriage return (CRLF counts once), tab, vertical tab, form feed or
/// Unicode line/paragraph separator becomes a space. Untouched (no copy) when there is none.
func oneLine(_ s: String) -> String {
    func breaks(_ u: Unicode.Scalar) -> Bool { (0x09...0x0D).contains(u.value) || u.value == 0x2028 || u.value == 0x2029 }
    guard s.unicodeScalars.contains(where: breaks) else { return s }
    var out = String.UnicodeScalarView()
    var previous: Unicode.Scalar? = nil
    for u in s.unicodeScalars {
        defer { previous = u }
        if u == "\n", previous == "\r" { continue }
        out.append(breaks(u) ? " " : u)
    }
    return String(out)
}

/// Columns a string takes in a terminal: East Asian wide and fullwidth characters take two,
/// combining marks and zero-width characters none.
func displayWidth(_ s: String) -> Int {
    s.unicodeScalars.reduce(0) { $0 + scalarWidth($1) }
}

private let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
    0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
    0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
]

private func scalarWidth(_ u: Unicode.Scalar) -> Int {
    let v = u.value
    // Printable ASCII and Latin-1, most of a table: one column (a city's table has millions of cells).
    if (0x20..<0x300).contains(v) { return 1 }
    if v == 0 || (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) || v == 0xFE0F { return 0 }
    if u.properties.generalCategory == .nonspacingMark || u.properties.generalCategory == .enclosingMark { return 0 }
    return wideRanges.contains { $0.contains(v) } ? 2 : 1
}
