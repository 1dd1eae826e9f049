// PolygonWKB.swift — a read-only view of polygonal WKB for the hot loops: the ring directory is read
// once (bounds-checked), coordinates are read in place when asked for. No per-ring arrays are built,
// so comparing two re-surveyed footprints or measuring one costs no allocation beyond the directory.

/// A Polygon or MultiPolygon in 2D WKB (either byte order), viewed in place.
public struct PolygonWKB {
    /// One ring: where its coordinates start, how many points it has, which polygon it belongs to
    /// (0-based, in WKB order) and whether it is that polygon's shell.
    public struct Ring: Sendable {
        public let offset: Int
        public let count: Int
        public let polygon: Int
        public let isShell: Bool
    }

    public let bytes: WKBBytes
    public let rings: [Ring]
    public let polygonCount: Int
    private let bigEndian: Bool

    /// Nil unless `bytes` is exactly one well-formed 2D Polygon or MultiPolygon (ISO type 3 or 6).
    public init?(_ bytes: [UInt8]) { self.init(WKBBytes(bytes)) }

    /// Nil unless `bytes` is exactly one well-formed 2D Polygon or MultiPolygon (ISO type 3 or 6).
    public init?(_ bytes: WKBBytes) {
        guard let (list, polygons, big) = bytes.withUnsafeBytes(Self.directory) else { return nil }
        self.bytes = bytes
        self.rings = list
        self.polygonCount = polygons
        self.bigEndian = big
    }

    /// The ring directory of `bytes`, its polygon count and byte order; nil unless it is exactly one
    /// well-formed 2D Polygon or MultiPolygon.
    private static func directory(_ bytes: UnsafeRawBufferPointer) -> ([Ring], Int, Bool)? {
        var cursor = 0
        func word() -> UInt32? {
            guard bytes.count - cursor >= 4 else { return nil }
            let v = bytes.loadUnaligned(fromByteOffset: cursor, as: UInt32.self)
            cursor += 4
            return UInt32(littleEndian: v)
        }
        guard let order = bytes.first, order <= 1 else { return nil }
        let big = order == 0
        func read() -> Int? { word().map { Int(big ? $0.byteSwapped : $0) } }
        cursor = 1
        guard let type = read(), type == 3 || type == 6 else { return nil }
        var list: [Ring] = []
        var polygons = 1
        func polygon(_ number: Int) -> Bool {
            guard let ringCount = read(), ringCount <= (bytes.count - cursor) / 4 else { return false }
            for r in 0..<ringCount {
                guard let n = read(), n <= (bytes.count - cursor) / 16 else { return false }
                list.append(Ring(offset: cursor, count: n, polygon: number, isShell: r == 0))
                cursor += 16 * n
            }
            return true
        }
        if type == 3 {
            guard polygon(0) else { return nil }
        } else {
            guard let n = read(), n <= (bytes.count - cursor) / 9 else { return nil }
            polygons = n
            for p in 0..<n {
                guard cursor < bytes.count, bytes[cursor] == order else { return nil }
                cursor += 1
                guard read() == 3, polygon(p) else { return nil }
            }
        }
        guard cursor == bytes.count else { return nil }
        return (list, polygons, big)
    }

    /// Point `i` of `ring`.
    @inline(__always)
    public func point(_ ring: Ring, _ i: Int) -> (x: Double, y: Double) {
        let o = ring.offset + 16 * i
        var x = bytes.word64(at: o), y = bytes.word64(at: o + 8)
        if bigEndian { x = x.byteSwapped; y = y.byteSwapped } else { x = UInt64(littleEndian: x); y = UInt64(littleEndian: y) }
        return (Double(bitPattern: x), Double(bitPattern: y))
    }

    /// Every coordinate, interleaved x,y, rings in WKB order.
    public var coordinates: [Double] {
        var xy: [Double] = []
        xy.reserveCapacity(rings.reduce(0) { $0 + 2 * $1.count })
        for ring in rings {
            for i in 0..<ring.count { let p = point(ring, i); xy.append(p.x); xy.append(p.y) }
        }
        return xy
    }

    /// Sum of every ring's length.
    public var perimeter: Double { rings.reduce(0) { $0 + length(of: $1) } }

    /// The longest ring's length.
    public var longestRing: Double { rings.reduce(0) { max($0, length(of: $1)) } }

    /// The longest edge's length, of any ring.
    public var longestEdge: Double { edgeLengths(0, max) }

    /// The shortest edge's length, of any ring (0 with a repeated point; infinity without edges).
    public var shortestEdge: Double { edgeLengths(.infinity, min) }

    /// Every edge's length, of every ring, combined by `pick` from `initial`.
    private func edgeLengths(_ initial: Double, _ pick: (Double, Double) -> Double) -> Double {
        var result = initial
        for ring in rings { for i in 0..<max(0, ring.count - 1) { result = pick(result, edgeLength(ring, i)) } }
        return result
    }

    /// The length of one ring.
    public func length(of ring: Ring) -> Double {
        // Plain loops: every feature read is measured this way, and a lazy sequence's closure retained
        // the view's arrays for each ring.
        var total = 0.0
        for i in 0..<max(0, ring.count - 1) { total += edgeLength(ring, i) }
        return total
    }

    /// The length of edge i of a ring (from its point i to point i + 1).
    private func edgeLength(_ ring: Ring, _ i: Int) -> Double {
        let p = point(ring, i), q = point(ring, i + 1)
        return ((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)).squareRoot()
    }

    /// The smallest rectangle holding every point.
    public var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        var b = (minX: Double.infinity, minY: Double.infinity, maxX: -Double.infinity, maxY: -Double.infinity)
        for ring in rings {
            for i in 0..<ring.count {
                let p = point(ring, i)
                b = (min(b.minX, p.x), min(b.minY, p.y), max(b.maxX, p.x), max(b.maxY, p.y))
            }
        }
        return b
    }

    /// Little-endian WKB of the same rings and polygons with the coordinates `xy` (interleaved, rings
    /// in WKB order, as `coordinates` gives them). A single polygon is written as a Polygon.
    public func replacingCoordinates(_ xy: [Double]) -> [UInt8] {
        precondition(xy.count == rings.reduce(0) { $0 + 2 * $1.count }, "one x,y pair per point")
        let multi = polygonCount > 1
        let size = (multi ? 9 : 0) + 9 * polygonCount + 4 * rings.count + 8 * xy.count
        // Written in place into the new array (a city's two surveys are millions of these).
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            let out = UnsafeMutableRawBufferPointer(buffer)
            var at = 0
            func byte(_ v: UInt8) { out[at] = v; at += 1 }
            func word(_ v: Int) { out.storeBytes(of: UInt32(v).littleEndian, toByteOffset: at, as: UInt32.self); at += 4 }
            if multi { byte(1); word(6); word(polygonCount) }
            var offset = 0
            for (r, ring) in rings.enumerated() {
                if ring.isShell {
                    byte(1); word(3)
                    var count = 1
                    while r + count < rings.count, !rings[r + count].isShell { count += 1 }
                    word(count)
                }
                word(ring.count)
                for k in offset..<offset + 2 * ring.count {
                    out.storeBytes(of: xy[k].bitPattern.littleEndian, toByteOffset: at, as: UInt64.self)
                    at += 8
                }
                offset += 2 * ring.count
            }
            precondition(at == size, "WKB size")
            initialized = at
        }
    }

    /// A view of `replacingCoordinates(xy)`: the same ring directory when the bytes keep their
    /// layout (everything but a MultiPolygon of one polygon, written as a Polygon), so no parsing.
    public func replacingCoordinatesView(_ xy: [Double]) -> PolygonWKB {
        let written = replacingCoordinates(xy)
        guard written.count == bytes.count else { return PolygonWKB(written)! }
        return PolygonWKB(bytes: WKBBytes(written), rings: rings, polygonCount: polygonCount, bigEndian: false)
    }

    private init(bytes: WKBBytes, rings: [Ring], polygonCount: Int, bigEndian: Bool) {
        (self.bytes, self.rings, self.polygonCount, self.bigEndian) = (bytes, rings, polygonCount, bigEndian)
    }

    /// Planar area: each shell's absolute shoelace area less its holes', so ring orientation does not
    /// matter. Meaningful for valid polygons (rings closed, holes inside their shells).
    public var planarArea: Double {
        var total = 0.0
        for ring in rings where ring.count >= 3 {
            let twice = twiceSignedArea(ring)
            total += ring.isShell ? abs(twice) / 2 : -abs(twice) / 2
        }
        return total
    }

    /// Twice the signed planar area of a closed ring, positive when it turns counter-clockwise: the
    /// shoelace about the first vertex, which keeps the products small for UTM coordinates.
    public func twiceSignedArea(_ ring: Ring) -> Double {
        guard ring.count >= 3 else { return 0 }
        let o = point(ring, 0)
        var twice = 0.0
        var previous = (x: 0.0, y: 0.0)
        for i in 1..<ring.count {
            let p = point(ring, i)
            let current = (x: p.x - o.x, y: p.y - o.y)
            twice += previous.x * current.y - current.x * previous.y
            previous = current
        }
        return twice
    }
}

extension PolygonWKB {
    /// The rings of polygon `p` (shell first).
    public func rings(ofPolygon p: Int) -> ArraySlice<Ring> {
        guard let first = rings.firstIndex(where: { $0.polygon == p }) else { return [] }
        var end = first + 1
        while end < rings.count, rings[end].polygon == p { end += 1 }
        return rings[first..<end]
    }

    /// Polygon `p` on its own, as little-endian Polygon WKB. Nil for big-endian WKB.
    public func polygonWKB(_ p: Int) -> [UInt8]? {
        guard !bigEndian else { return nil }
        let own = rings(ofPolygon: p)
        guard let first = own.first, let last = own.last else { return nil }
        // The polygon's header (byte order, type, ring count) and its first ring's point count come
        // just before the first ring's coordinates: 13 bytes.
        return Array(bytes[(first.offset - 13)..<(last.offset + 16 * last.count)])
    }

    /// Little-endian Polygon `polygon` with the outline of `hole` (a Polygon of one ring) added as one
    /// more hole, by copying their bytes: `polygon` less `hole`, when `hole` lies strictly inside it.
    /// Nil unless both are such little-endian WKB.
    public static func punched(_ polygon: [UInt8], by hole: [UInt8]) -> [UInt8]? {
        punched(WKBBytes(polygon), by: WKBBytes(hole))
    }

    /// `punched` of bytes held in place.
    public static func punched(_ polygon: WKBBytes, by hole: WKBBytes) -> [UInt8]? {
        guard polygon.first == 1, hole.first == 1, let outer = PolygonWKB(polygon), let inner = PolygonWKB(hole),
              outer.polygonCount == 1, polygon[1] == 3, inner.rings.count == 1, hole[1] == 3 else { return nil }
        var out = Array(polygon[0..<5])
        for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: (outer.rings.count + 1) >> (8 * k))) }
        out += polygon[9...]          // the rings after the header and ring count
        out += hole[9...]             // the hole's point count and points
        return out
    }

    /// One little-endian MultiPolygon holding every polygon of `pieces` (little-endian Polygon or
    /// MultiPolygon WKB each), in order, by copying their bytes. Nil when a piece is not such WKB.
    public static func joined(_ pieces: [[UInt8]]) -> [UInt8]? {
        var members = 0
        for piece in pieces {
            guard piece.first == 1, let view = PolygonWKB(piece) else { return nil }
            members += view.polygonCount
        }
        var out: [UInt8] = [1, 6, 0, 0, 0]
        out.reserveCapacity(9 + pieces.reduce(0) { $0 + $1.count })
        for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: members >> (8 * k))) }
        for piece in pieces {
            // A Polygon is a member as it is; a MultiPolygon's members follow its 9-byte header.
            if piece[1] == 3 { out += piece } else { out += piece[9...] }
        }
        return out
    }
}
