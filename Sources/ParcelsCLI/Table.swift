// Text tables: terminal (aligned by display width, so 浦东新区 takes eight columns, not four),
// markdown and CSV forms of the same rows.
import Foundation

struct Table {
    var headers: [String]
    var rows: [[String]]
    /// Columns aligned right (numbers).
    var numeric: Set<Int>

    func terminal() -> String {
        var widths = headers.map(displayWidth)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], displayWidth(c)) } }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, c) in cells.enumerated() {
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

    func markdown() -> String {
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out = "| " + headers.map(esc).joined(separator: " | ") + " |\n"
        out += "|" + headers.indices.map { numeric.contains($0) ? "---:|" : "---|" }.joined() + "\n"
        for r in rows { out += "| " + r.map(esc).joined(separator: " | ") + " |\n" }
        return out
    }

    func csv() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        return ([headers] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
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
