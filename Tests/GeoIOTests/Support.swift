// Test helpers: a scratch directory per test, fixture text written into it, and expected WKB built
// byte by byte from the coordinates a fixture lists (ISO WKB: byte order 1, uint32 type, counts, doubles).

import Foundation

/// A fresh directory under the system temporary directory, removed when the value goes away.
final class Scratch {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "geoio-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` (UTF-8) to `name` inside the directory and returns its path.
    @discardableResult
    func file(_ name: String, _ text: String) -> String {
        let target = "\(path)/\(name)"
        try! text.write(toFile: target, atomically: false, encoding: .utf8)
        return target
    }

    func bytes(_ name: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: "\(path)/\(name)") ?? Data())
    }

    var entries: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted() ?? []
    }
}

/// Little-endian ISO WKB, written out field by field.
enum ExpectedWKB {
    static func point(_ x: Double, _ y: Double) -> [UInt8] {
        [1] + uint32(1) + double(x) + double(y)
    }

    static func polygon(_ rings: [[(Double, Double)]]) -> [UInt8] {
        [1] + uint32(3) + polygonBody(rings)
    }

    static func multipolygon(_ polygons: [[[(Double, Double)]]]) -> [UInt8] {
        [1] + uint32(6) + uint32(polygons.count) + polygons.flatMap { polygon($0) }
    }

    private static func polygonBody(_ rings: [[(Double, Double)]]) -> [UInt8] {
        uint32(rings.count) + rings.flatMap { ring in
            uint32(ring.count) + ring.flatMap { double($0.0) + double($0.1) }
        }
    }

    static func uint32(_ value: Int) -> [UInt8] {
        withUnsafeBytes(of: UInt32(value).littleEndian) { Array($0) }
    }

    static func double(_ value: Double) -> [UInt8] {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
    }
}

/// Reads the geometry type and the coordinates of a little-endian polygon WKB (for linearised curves,
/// whose exact points GDAL chooses).
func polygonRings(_ wkb: [UInt8]) -> (type: UInt32, rings: [[(Double, Double)]]) {
    var offset = 0
    func uint32() -> UInt32 {
        defer { offset += 4 }
        return wkb[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
    func double() -> Double {
        defer { offset += 8 }
        return Double(bitPattern: wkb[offset..<offset + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) })
    }
    offset = 1
    let type = uint32()
    var rings: [[(Double, Double)]] = []
    for _ in 0..<uint32() {
        rings.append((0..<uint32()).map { _ in (double(), double()) })
    }
    return (type, rings)
}
