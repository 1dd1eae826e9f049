// A small ordered JSON value: keys keep the order the contract (SPEC.md) lists them in, numbers are
// written the same way on every run, so outputs are byte-identical for the same inputs.
import Foundation
import Parcels

enum JSON: Sendable {
    case object([(String, JSON)])
    case array([JSON])
    /// An array whose items are made as they are written, a chunk at a time (a city's claims and
    /// parcels: the whole tree of them is never in memory).
    case items(count: Int, item: @Sendable (Int) -> JSON)
    case string(String)
    case number(Double)
    case int(Int)
    case bool(Bool)
    case null

    /// Areas and lengths: millimetre precision is far below survey accuracy and keeps output stable.
    /// From 1e15 on a double holds no thousandths to round away, and × 1000 would overflow to infinity
    /// (printed null) from about 1.8e305: such a value is printed as it is.
    static func m2(_ x: Double) -> JSON { .number(abs(x) < 1e15 ? (x * 1000).rounded() / 1000 : x) }

    func rendered(indent: Int = 0) -> String { String(decoding: bytes(indent: indent), as: UTF8.self) }

    /// The UTF-8 text, without making a String of a city's report.
    func bytes(indent: Int = 0) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(into: &out, indent: indent, level: 0, drain: nil)
        return out
    }

    /// The UTF-8 text and a newline, handed to `send` a megabyte or so at a time as it is made: a
    /// city's report (130 MB; 540 MB for `verify` of a million claims) is never whole in memory.
    /// `send` returns false when its bytes could not be written; nothing more is sent then. The bytes
    /// are those of `bytes(indent:)`.
    /// Returns whether every byte was sent.
    func stream(indent: Int, _ send: @escaping ([UInt8]) -> Bool) -> Bool {
        let drain = JSONDrain(send)
        var out: [UInt8] = []
        out.reserveCapacity(JSONDrain.size + (1 << 16))
        write(into: &out, indent: indent, level: 0, drain: drain)
        out.append(0x0A)
        drain.drain(&out, force: true)
        return !drain.failed
    }

    // Bytes, not String concatenation: a city's report holds hundreds of thousands of values.
    // The spaces written in place: appending a run of a shared array of spaces (a global, and a
    // slice of it) cost 60 ns a line, 2 % of a city's report.
    private static func newline(_ out: inout [UInt8], _ indent: Int, _ level: Int) {
        guard indent > 0 else { return }
        let n = indent * level
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: n))
    }

    private func write(into out: inout [UInt8], indent: Int, level: Int, drain: JSONDrain?) {
        switch self {
        case .object(let pairs):
            if pairs.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSON.newline(&out, indent, level + 1)
                JSON.quote(k, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent > 0 { out.append(0x20) }
                v.write(into: &out, indent: indent, level: level + 1, drain: drain)
            }
            JSON.newline(&out, indent, level)
            out.append(UInt8(ascii: "}"))
        case .array(let items): JSON.writeArray(count: items.count, { items[$0] }, into: &out, indent: indent, level: level, drain: drain)
        case .items(let count, let item): JSON.writeArray(count: count, item, into: &out, indent: indent, level: level, drain: drain)
        case .string(let s): JSON.quote(s, into: &out)
        case .number(let x):
            if !x.isFinite { out.append(contentsOf: "null".utf8) }
            else if x == x.rounded(), abs(x) < 1e15 { JSON.integer(Int64(x), into: &out) }
            else if let millis = JSON.exactMillis(x) { JSON.millis(millis, into: &out) }
            else { out += Array(String(describing: x).utf8) }    // shortest round-trip form: stable
        case .int(let i): JSON.integer(Int64(i), into: &out)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }

    /// Decimal digits of `n`, without a String.
    private static func integer(_ n: Int64, into out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var m = n.magnitude
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat { buffer[count] = UInt8(ascii: "0") + UInt8(m % 10); m /= 10; count += 1 } while m > 0
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    /// `x` × 1000 when `x` is exactly the double nearest a number of thousandths below 1e12 (every
    /// `m2` value): then Swift's shortest round-trip form is that decimal, which `millis` writes.
    private static func exactMillis(_ x: Double) -> Int64? {
        let scaled = (x * 1000).rounded()
        guard abs(scaled) < 1e15, scaled / 1000 == x else { return nil }
        return Int64(scaled)
    }

    /// A number of thousandths as a decimal: "12.5" for 12500, "-0.003" for -3 (no trailing zeros).
    private static func millis(_ k: Int64, into out: inout [UInt8]) {
        if k < 0 { out.append(UInt8(ascii: "-")) }
        let m = Int64(k.magnitude)
        integer(m / 1000, into: &out)
        var fraction = m % 1000
        guard fraction > 0 else { return }
        out.append(UInt8(ascii: "."))
        var width = 3
        while fraction % 10 == 0 { fraction /= 10; width -= 1 }
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 { out.append(UInt8(ascii: "0") + UInt8(fraction / divisor % 10)); divisor /= 10 }
    }

    /// `[item(0), item(1), …]`; from `parallelFrom` items on, in chunks on all cores, then joined.
    /// With a drain, what is made is handed on as it grows (the chunks a few per worker at a time).
    private static func writeArray(count: Int, _ item: (Int) -> JSON, into out: inout [UInt8], indent: Int, level: Int,
                                   drain: JSONDrain?) {
        if count == 0 { out.append(contentsOf: "[]".utf8); return }
        func chunk(_ range: Range<Int>, _ item: (Int) -> JSON, into bytes: inout [UInt8], drain: JSONDrain?) {
            for i in range {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                JSON.newline(&bytes, indent, level + 1)
                item(i).write(into: &bytes, indent: indent, level: level + 1, drain: drain)
                drain?.drain(&bytes)
            }
        }
        out.append(UInt8(ascii: "["))
        if count < parallelFrom {
            chunk(0..<count, item, into: &out, drain: drain)
        } else {
            let chunks = (count + parallelFrom - 1) / parallelFrom
            // Without a drain every chunk at once; with one, a few chunks per worker at a time.
            let group = drain == nil ? chunks : 4 * workerCount
            for first in stride(from: 0, to: chunks, by: group) {
                let parts = parallelMap(min(group, chunks - first)) { c in
                    var bytes: [UInt8] = []
                    let start = (first + c) * parallelFrom
                    chunk(start..<min(count, start + parallelFrom), item, into: &bytes, drain: nil)
                    return bytes
                }
                for part in parts {
                    out += part
                    drain?.drain(&out)
                }
            }
        }
        JSON.newline(&out, indent, level)
        out.append(UInt8(ascii: "]"))
    }

    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings (ids, names, flags) need no escape: their bytes are copied at once.
        let plain: Bool? = s.utf8.withContiguousStorageIfAvailable { bytes in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain == true { out.append(UInt8(ascii: "\"")); return }
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

extension JSON {
    /// Arrays this long are written on all cores.
    static let parallelFrom = 4096
}

/// Where streamed JSON goes (`JSON.stream`): the bytes made so far are handed on once they pass `size`.
/// Used on the writing thread only.
final class JSONDrain {
    static let size = 1 << 20
    private let send: ([UInt8]) -> Bool
    /// A send failed: the rest is made but not sent.
    private(set) var failed = false

    init(_ send: @escaping ([UInt8]) -> Bool) { self.send = send }

    /// Hands `out` on (and empties it) once it holds `size` bytes, or whatever it holds when `force`d.
    func drain(_ out: inout [UInt8], force: Bool = false) {
        guard force || out.count >= JSONDrain.size else { return }
        if !failed && !out.isEmpty { failed = !send(out) }
        out.removeAll(keepingCapacity: true)
    }
}
