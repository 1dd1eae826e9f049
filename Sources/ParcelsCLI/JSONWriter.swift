// A small ordered JSON value: keys keep the order the contract (SPEC.md) lists them in, numbers are
// written the same way on every run, so outputs are byte-identical for the same inputs.
import Foundation

indirect enum JSON {
    case object([(String, JSON)])
    case array([JSON])
    case string(String)
    case number(Double)
    case int(Int)
    case bool(Bool)
    case null

    /// Areas and lengths: millimetre precision is far below survey accuracy and keeps output stable.
    static func m2(_ x: Double) -> JSON { .number((x * 1000).rounded() / 1000) }

    func rendered(indent: Int = 0) -> String {
        var out = ""
        write(into: &out, indent: indent, level: 0)
        return out
    }

    private func write(into out: inout String, indent: Int, level: Int) {
        let pad = indent > 0 ? "\n" + String(repeating: " ", count: indent * (level + 1)) : ""
        let end = indent > 0 ? "\n" + String(repeating: " ", count: indent * level) : ""
        switch self {
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (k, v)) in pairs.enumerated() {
                out += (i > 0 ? "," : "") + pad + JSON.quote(k) + (indent > 0 ? ": " : ":")
                v.write(into: &out, indent: indent, level: level + 1)
            }
            out += end + "}"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, v) in items.enumerated() {
                out += (i > 0 ? "," : "") + pad
                v.write(into: &out, indent: indent, level: level + 1)
            }
            out += end + "]"
        case .string(let s): out += JSON.quote(s)
        case .number(let x):
            if !x.isFinite { out += "null" }
            else if x == x.rounded(), abs(x) < 1e15 { out += String(Int64(x)) }
            else { out += String(describing: x) }      // shortest round-trip form: stable and fast
        case .int(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
