// WKB.swift — reads and writes 2D ISO well-known binary, the form geometries take between modules.
//
// Pure Swift. `decode` accepts either byte order and geometry types 1…7 (Point … GeometryCollection);
// Z/M types (ISO 1001…3007, or EWKB flag bits) are rejected, since GeoIO hands over 2D geometry only.
// Truncated or malformed bytes throw `WKBError` with the byte offset; the reader never traps.
// `encode` always writes little-endian. Coordinates are kept as interleaved x,y arrays, so a
// geometry's coordinates can be collected, transformed in one batch and written back in order.

/// Reading and writing 2D ISO WKB.
public enum WKB {
    /// A decoded 2D geometry. Each coordinate sequence is an interleaved `[x0, y0, x1, y1, …]` array.
    public indirect enum Geometry: Sendable, Equatable {
        /// `[x, y]`, or `[]` for POINT EMPTY (written as NaN NaN, as GEOS and GDAL do).
        case point([Double])
        case lineString([Double])
        /// Rings, shell first, then holes.
        case polygon([[Double]])
        /// One `[x, y]` (or `[]` when empty) per point.
        case multiPoint([[Double]])
        case multiLineString([[Double]])
        /// One array of rings per polygon.
        case multiPolygon([[[Double]]])
        case geometryCollection([Geometry])
    }

    /// Collections may nest; deeper than this is treated as malformed rather than risking the stack.
    static let maximumNesting = 64

    /// Decodes 2D ISO WKB (either byte order). Throws `WKBError` on truncated, malformed, trailing
    /// or Z/M input.
    public static func decode(_ bytes: [UInt8]) throws(WKBError) -> Geometry {
        var reader = Reader(bytes: bytes)
        let geometry = try reader.geometry(depth: 0)
        guard reader.offset == bytes.count else {
            throw WKBError(message: "\(bytes.count - reader.offset) unexpected bytes after the geometry",
                           offset: reader.offset)
        }
        return geometry
    }

    /// Encodes a geometry as little-endian 2D ISO WKB.
    public static func encode(_ geometry: Geometry) -> [UInt8] {
        var writer = Writer()
        writer.write(geometry)
        return writer.bytes
    }

    /// The rings of every polygon in the WKB (polygons, multipolygons and inside collections), each
    /// ring an interleaved x,y array, shell first.
    public static func polygons(_ bytes: [UInt8]) throws(WKBError) -> [[[Double]]] {
        try decode(bytes).polygons
    }
}

/// WKB that cannot be read: what was wrong and at which byte.
public struct WKBError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let offset: Int
    public var description: String { "invalid WKB at byte \(offset): \(message)" }
}

extension WKB.Geometry {
    /// The ISO WKB type code (1 Point … 7 GeometryCollection).
    public var typeCode: UInt32 {
        switch self {
        case .point: 1
        case .lineString: 2
        case .polygon: 3
        case .multiPoint: 4
        case .multiLineString: 5
        case .multiPolygon: 6
        case .geometryCollection: 7
        }
    }

    /// Every polygon's rings, in order, including those inside collections.
    public var polygons: [[[Double]]] {
        switch self {
        case .polygon(let rings): [rings]
        case .multiPolygon(let polygons): polygons
        case .geometryCollection(let members): members.flatMap(\.polygons)
        case .point, .lineString, .multiPoint, .multiLineString: []
        }
    }

    /// Every x,y pair, interleaved, in the order they appear in the WKB (empty points contribute none).
    public var coordinates: [Double] {
        switch self {
        case .point(let xy), .lineString(let xy): xy
        case .polygon(let parts), .multiPoint(let parts), .multiLineString(let parts): parts.flatMap { $0 }
        case .multiPolygon(let polygons): polygons.flatMap { $0.flatMap { $0 } }
        case .geometryCollection(let members): members.flatMap(\.coordinates)
        }
    }

    /// True when the geometry has no coordinates.
    public var isEmpty: Bool { coordinates.isEmpty }

    /// The same geometry with its coordinates replaced, in `coordinates` order. Throws `WKBError` when
    /// `xy` does not hold exactly as many numbers as `coordinates`.
    public func replacingCoordinates(_ xy: [Double]) throws(WKBError) -> WKB.Geometry {
        let expected = coordinates.count
        guard xy.count == expected else {
            throw WKBError(message: "\(xy.count) numbers given for a geometry of \(expected)", offset: 0)
        }
        var cursor = 0
        return rebuild(from: xy, cursor: &cursor)
    }

    // `xy.count` has been checked against `coordinates.count`, so every slice below is in range.
    private func rebuild(from xy: [Double], cursor: inout Int) -> WKB.Geometry {
        func take(_ old: [Double]) -> [Double] {
            defer { cursor += old.count }
            return Array(xy[cursor ..< cursor + old.count])
        }
        switch self {
        case .point(let old): return .point(take(old))
        case .lineString(let old): return .lineString(take(old))
        case .polygon(let rings): return .polygon(rings.map(take))
        case .multiPoint(let points): return .multiPoint(points.map(take))
        case .multiLineString(let lines): return .multiLineString(lines.map(take))
        case .multiPolygon(let polygons): return .multiPolygon(polygons.map { $0.map(take) })
        case .geometryCollection(let members):
            return .geometryCollection(members.map { $0.rebuild(from: xy, cursor: &cursor) })
        }
    }
}

extension WKB {
    static let typeNames = ["Geometry", "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString",
                            "MultiPolygon", "GeometryCollection"]

    /// A bounds-checked cursor over WKB bytes.
    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        func fail(_ message: String, at offset: Int? = nil) -> WKBError {
            WKBError(message: message, offset: offset ?? self.offset)
        }

        mutating func byte() throws(WKBError) -> UInt8 {
            guard offset < bytes.count else { throw fail("truncated: expected a byte-order byte") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func unsigned(_ width: Int, bigEndian: Bool, _ what: String) throws(WKBError) -> UInt64 {
            guard bytes.count - offset >= width else {
                throw fail("truncated: expected \(width) bytes of \(what), found \(bytes.count - offset)")
            }
            var value: UInt64 = 0
            for index in 0 ..< width {
                let byte = UInt64(bytes[offset + (bigEndian ? index : width - 1 - index)])
                value = value << 8 | byte
            }
            offset += width
            return value
        }

        mutating func count(bigEndian: Bool, bytesEach: Int, _ what: String) throws(WKBError) -> Int {
            let start = offset
            let count = Int(try unsigned(4, bigEndian: bigEndian, "\(what) count"))
            // Each item needs at least `bytesEach` bytes: reject absurd counts before allocating.
            guard count <= (bytes.count - offset) / bytesEach else {
                throw fail("truncated: \(count) \(what) announced, only \(bytes.count - offset) bytes left", at: start)
            }
            return count
        }

        mutating func points(_ count: Int, bigEndian: Bool) throws(WKBError) -> [Double] {
            var xy: [Double] = []
            xy.reserveCapacity(2 * count)
            for _ in 0 ..< 2 * count {
                xy.append(Double(bitPattern: try unsigned(8, bigEndian: bigEndian, "coordinate")))
            }
            return xy
        }

        mutating func sequence(bigEndian: Bool) throws(WKBError) -> [Double] {
            try points(try count(bigEndian: bigEndian, bytesEach: 16, "points"), bigEndian: bigEndian)
        }

        mutating func rings(bigEndian: Bool) throws(WKBError) -> [[Double]] {
            let ringCount = try count(bigEndian: bigEndian, bytesEach: 4, "rings")
            var rings: [[Double]] = []
            for _ in 0 ..< ringCount { rings.append(try sequence(bigEndian: bigEndian)) }
            return rings
        }

        /// Reads one geometry, header included; `expected` restricts the type (members of a Multi*).
        mutating func geometry(depth: Int, expected: UInt32? = nil) throws(WKBError) -> WKB.Geometry {
            let start = offset
            guard depth <= WKB.maximumNesting else {
                throw fail("collections nested deeper than \(WKB.maximumNesting) levels")
            }
            let order = try byte()
            guard order <= 1 else { throw fail("byte order must be 0 or 1, found \(order)", at: start) }
            let bigEndian = order == 0
            let type = UInt32(try unsigned(4, bigEndian: bigEndian, "geometry type"))
            try checkType(type, at: start + 1)
            if let expected, type != expected {
                throw fail("a \(WKB.typeNames[Int(expected)]) member cannot be a \(WKB.typeNames[Int(type)])", at: start + 1)
            }
            switch type {
            case 1:
                let xy = try points(1, bigEndian: bigEndian)
                return .point(xy.allSatisfy(\.isNaN) ? [] : xy)
            case 2:
                return .lineString(try sequence(bigEndian: bigEndian))
            case 3:
                return .polygon(try rings(bigEndian: bigEndian))
            default:
                let memberCount = try count(bigEndian: bigEndian, bytesEach: 9, "members")
                var members: [WKB.Geometry] = []
                for _ in 0 ..< memberCount {
                    members.append(try geometry(depth: depth + 1, expected: type == 7 ? nil : type - 3))
                }
                return Reader.collection(type, members)
            }
        }

        /// Accepts 2D ISO types 1…7; names what is wrong with anything else.
        func checkType(_ type: UInt32, at position: Int) throws(WKBError) {
            if type & 0xE000_0000 != 0 {
                throw fail("EWKB (PostGIS extended) type 0x\(String(type, radix: 16)) with Z/M/SRID flags; "
                           + "only 2D ISO WKB is supported", at: position)
            }
            let base = type % 1000, dimension = type / 1000
            guard (1 ... 7).contains(base), dimension <= 3 else {
                throw fail("unknown geometry type \(type)", at: position)
            }
            guard dimension == 0 else {
                let suffix = ["", " Z", " M", " ZM"][Int(dimension)]
                throw fail("geometry type \(type) (\(WKB.typeNames[Int(base)])\(suffix)) has Z/M coordinates; "
                           + "only 2D (XY) WKB is supported", at: position)
            }
        }

        static func collection(_ type: UInt32, _ members: [WKB.Geometry]) -> WKB.Geometry {
            // Members were read with `expected` set, so each pattern below matches.
            switch type {
            case 4: return .multiPoint(members.map { if case .point(let xy) = $0 { xy } else { [] } })
            case 5: return .multiLineString(members.map { if case .lineString(let xy) = $0 { xy } else { [] } })
            case 6: return .multiPolygon(members.map { if case .polygon(let rings) = $0 { rings } else { [] } })
            default: return .geometryCollection(members)
            }
        }
    }

    /// Little-endian WKB output.
    struct Writer {
        var bytes: [UInt8] = []

        mutating func header(_ type: UInt32) {
            bytes.append(1)
            integer(type)
        }

        mutating func integer(_ value: UInt32) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }

        mutating func coordinates(_ xy: [Double]) {
            for value in xy {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }

        mutating func count(_ value: Int) { integer(UInt32(truncatingIfNeeded: value)) }

        mutating func point(_ xy: [Double]) {
            header(1)
            coordinates(xy.count == 2 ? xy : [.nan, .nan])
        }

        mutating func sequence(_ xy: [Double]) {
            count(xy.count / 2)
            coordinates(Array(xy.prefix(xy.count / 2 * 2)))
        }

        mutating func polygon(_ rings: [[Double]]) {
            header(3)
            count(rings.count)
            rings.forEach { sequence($0) }
        }

        mutating func write(_ geometry: WKB.Geometry) {
            switch geometry {
            case .point(let xy): point(xy)
            case .lineString(let xy):
                header(2)
                sequence(xy)
            case .polygon(let rings): polygon(rings)
            case .multiPoint(let points):
                header(4)
                count(points.count)
                points.forEach { point($0) }
            case .multiLineString(let lines):
                header(5)
                count(lines.count)
                lines.forEach {
                    header(2)
                    sequence($0)
                }
            case .multiPolygon(let polygons):
                header(6)
                count(polygons.count)
                polygons.forEach { polygon($0) }
            case .geometryCollection(let members):
                header(7)
                count(members.count)
                members.forEach { write($0) }
            }
        }
    }
}
