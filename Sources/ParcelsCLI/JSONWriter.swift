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
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(into: &out, indent: indent, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    // Bytes, not String concatenation: a city's report holds hundreds of thousands of values.
    private func newline(_ out: inout [UInt8], _ indent: Int, _ level: Int) {
        guard indent > 0 else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: indent * level))
    }

    private func write(into out: inout [UInt8], indent: Int, level: Int) {
        switch self {
        case .object(let pairs):
            if pairs.isEmpty { out += Array("{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, level + 1)
                JSON.quote(k, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent > 0 { out.append(0x20) }
                v.write(into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out.append(UInt8(ascii: "}"))
        case .array(let items):
            if items.isEmpty { out += Array("[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, v) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent, level + 1)
                v.write(into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent, level)
            out.append(UInt8(ascii: "]"))
        case .string(let s): JSON.quote(s, into: &out)
        case .number(let x):
            if !x.isFinite { out += Array("null".utf8) }
            else if x == x.rounded(), abs(x) < 1e15 { out += Array(String(Int64(x)).utf8) }
            else { out += Array(String(describing: x).utf8) }    // shortest round-trip form: stable and fast
        case .int(let i): out += Array(String(i).utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .null: out += Array("null".utf8)
        }
    }

    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out += [0x5C, 0x22]
            case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case ..<0x20: out += Array(String(format: "\\u%04x", b).utf8)
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        quote(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
