// Text.swift — fast, locale-free number formatting for the text outputs (CSV, WKT, JSON), and a
// small ordered JSON writer. Fixed decimals come from integer arithmetic, so a million
// coordinates format in milliseconds and the same double always prints the same way.

enum Text {
    static let powers: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12]
    static let ipowers: [Int64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
                                   1_000_000_000, 10_000_000_000, 100_000_000_000, 1_000_000_000_000]

    /// Appends `x` with exactly `decimals` digits after the point (0 ≤ decimals ≤ 12, |x| < 9e6 at 12).
    static func appendFixed(_ x: Double, _ decimals: Int, to out: inout [UInt8]) {
        guard x.isFinite else { out += "nan"; return }
        let scaled = (abs(x) * powers[decimals]).rounded()
        guard scaled < 9e18 else { out += String(x); return }
        let n = Int64(scaled)
        if x < 0 && n != 0 { out.append(UInt8(ascii: "-")) }
        let p = ipowers[decimals]
        appendInt(n / p, to: &out)
        if decimals > 0 {
            out.append(UInt8(ascii: "."))
            var frac = n % p
            let start = out.count
            for _ in 0..<decimals { out.append(UInt8(ascii: "0")) }
            var k = start + decimals - 1
            while frac > 0 {
                out[k] = UInt8(ascii: "0") + UInt8(frac % 10)
                frac /= 10
                k -= 1
            }
        }
    }

    static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var v = value.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
        } while v > 0
        out[start...].reverse()
    }

    static func fixed(_ x: Double, _ decimals: Int) -> String {
        var out: [UInt8] = []
        appendFixed(x, decimals, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// WKT of a closed polygon from an open lon/lat ring, 9 decimals.
    static func appendWKT(_ open: ArraySlice<Double>, to out: inout [UInt8]) {
        out.append(contentsOf: Array("POLYGON ((".utf8))
        var k = open.startIndex
        while k < open.endIndex {
            appendFixed(open[k], 9, to: &out)
            out.append(UInt8(ascii: " "))
            appendFixed(open[k + 1], 9, to: &out)
            out.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")])
            k += 2
        }
        appendFixed(open[open.startIndex], 9, to: &out)
        out.append(UInt8(ascii: " "))
        appendFixed(open[open.startIndex + 1], 9, to: &out)
        out.append(contentsOf: Array("))".utf8))
    }

    /// Appends a JSON string literal (UTF-8).
    static func appendJSON(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(b)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A JSON value with ordered object members, rendered with two-space indentation.
indirect enum JSON {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double, decimals: Int)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])
    /// An array rendered one element per line, each element on a single line (long lists of records).
    case rows([JSON])
    /// `count` rows, each written straight into the buffer by `row` (no intermediate values).
    case streamedRows(count: Int, row: (Int, inout [UInt8]) -> Void)

    func render(indent: Int = 0, into out: inout [UInt8]) {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): Text.appendInt(Int64(i), to: &out)
        case .number(let x, let d): Text.appendFixed(x, d, to: &out)
        case .string(let s): Text.appendJSON(s, to: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            if items.allSatisfy({ if case .object = $0 { return false }; if case .array = $0 { return false }; return true }) {
                out += "["
                for (k, item) in items.enumerated() { if k > 0 { out += ", " }; item.render(into: &out) }
                out += "]"
                return
            }
            out += "[\n"
            for (k, item) in items.enumerated() {
                out += pad + "  "
                item.render(indent: indent + 2, into: &out)
                out += k + 1 < items.count ? ",\n" : "\n"
            }
            out += pad + "]"
        case .rows(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (k, item) in items.enumerated() {
                out += pad + "  "
                item.renderCompact(into: &out)
                out += k + 1 < items.count ? ",\n" : "\n"
            }
            out += pad + "]"
        case .streamedRows(let count, let row):
            if count == 0 { out += "[]"; return }
            out += "[\n"
            for k in 0..<count {
                out += pad + "  "
                row(k, &out)
                out += k + 1 < count ? ",\n" : "\n"
            }
            out += pad + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (k, (key, value)) in members.enumerated() {
                out += pad + "  "
                Text.appendJSON(key, to: &out)
                out += ": "
                value.render(indent: indent + 2, into: &out)
                out += k + 1 < members.count ? ",\n" : "\n"
            }
            out += pad + "}"
        }
    }

    func renderCompact(into out: inout [UInt8]) {
        switch self {
        case .array(let items), .rows(let items):
            out += "["
            for (k, item) in items.enumerated() { if k > 0 { out += ", " }; item.renderCompact(into: &out) }
            out += "]"
        case .object(let members):
            out += "{"
            for (k, (key, value)) in members.enumerated() {
                if k > 0 { out += ", " }
                Text.appendJSON(key, to: &out)
                out += ": "
                value.renderCompact(into: &out)
            }
            out += "}"
        default:
            render(into: &out)
        }
    }
}

/// Text appended to a UTF-8 byte buffer.
func += (out: inout [UInt8], text: String) { out.append(contentsOf: text.utf8) }
