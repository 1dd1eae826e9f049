// Valid multipolygons for the result layers. Land is measured piece by piece (a building's cleared
// part, counted once, so two pieces share no area), and neighbouring pieces often touch: terraced
// houses share walls, and a building that overlapped an earlier one lost the overlap to it and now
// borders it. The parts of an OGC MultiPolygon may touch only at points, so pieces that touch or
// overlap are dissolved: a GEOS union of just that group. Pieces that stand apart, most of a city,
// are copied as they are (a union of all a zone's pieces at once is slow at city scale). Groups are
// found with a union-find over the pairs whose envelopes meet and that GEOS finds within
// `touchingDistance` of each other.
import Geos
import Proj

/// Disjoint sets over 0..<count: `join` links the root of the second item's set under the first's,
/// `root` halves the path it walks.
struct UnionFind {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    mutating func root(_ i: Int) -> Int {
        var i = i
        while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
        return i
    }

    /// Puts `i` and `j` in one set (nothing when they are in one already).
    mutating func join(_ i: Int, _ j: Int) {
        let (a, b) = (root(i), root(j))
        if a != b { parent[b] = a }
    }

    /// The sets of the items `items` (in that order): each set as its items in the order given, the
    /// sets in the order of their first item.
    mutating func groups(of items: some Sequence<Int>) -> [[Int]] {
        var slot: [Int: Int] = [:]
        var groups: [[Int]] = []
        for i in items {
            let r = root(i)
            if let k = slot[r] { groups[k].append(i) } else { slot[r] = groups.count; groups.append([i]) }
        }
        return groups
    }
}

/// Pieces within this distance (metres) of each other touch. An overlay's cut puts its new vertices within rounding of
/// the edge it follows (some 1e-9 m at UTM coordinates), so a piece cut against its neighbour can lie
/// a hair's breadth from it, or a hair over it: one piece of land all the same.
let touchingDistance = 1e-6

/// From this many rings, a group is joined first without the grid (see `Worker.dissolved`).
let manyRings = 256

/// Distances between the polygons of one list, asked pair by pair. GEOS's plain distance tries every
/// pair of edges: a piece with thousands of vertices (a block's outline left with a hole for each
/// building on it) near thousands of small ones paid the product for each of them. Such a piece is
/// prepared once (its edges indexed) and asked from its side.
struct PairDistances {
    private let polygon: (Int) throws -> Geometry
    private var prepared: [Int: PreparedGeometry?] = [:]
    /// From this many vertices, a polygon is asked through its prepared form.
    static let manyVertices = 64

    /// `polygon(i)`: the i-th polygon (the same object each time it is asked for).
    init(_ polygon: @escaping (Int) throws -> Geometry) { self.polygon = polygon }

    private mutating func preparedForm(_ i: Int) throws -> PreparedGeometry? {
        if let known = prepared[i] { return known }
        let g = try polygon(i)
        let p = g.numCoordinates >= PairDistances.manyVertices ? try g.prepared() : nil
        prepared[i] = p
        return p
    }

    mutating func distance(_ i: Int, _ j: Int) throws -> Double {
        if let p = try preparedForm(i) { return try p.distance(to: polygon(j)) }
        if let p = try preparedForm(j) { return try p.distance(to: polygon(i)) }
        return try polygon(i).distance(to: polygon(j))
    }

    mutating func isWithinDistance(_ d: Double, _ i: Int, _ j: Int) throws -> Bool {
        if let p = try preparedForm(i) { return try p.isWithinDistance(d, of: polygon(j)) }
        if let p = try preparedForm(j) { return try p.isWithinDistance(d, of: polygon(i)) }
        return try polygon(i).isWithinDistance(d, of: polygon(j))
    }
}

extension Worker {
    /// The polygons of `group` as one geometry: the one polygon as it is, else their union on a
    /// `touchingDistance` grid (GEOS's snap-rounding overlay: the hairline gaps and slivers between
    /// neighbours close, and the result is valid).
    func dissolved(_ group: [Geometry]) throws -> Geometry {
        if group.count == 1 { return group[0] }
        let all = try multiPolygon(group)
        // GEOS 3.11's snap-rounding noder makes a random-number generator for every ring it is given
        // (`HotPixelIndex::add`), at some 0.1 ms each here: a group of thousands of rings (a block's
        // outline left with a hole for each of its buildings, and the buildings) spent seconds on
        // it, again at each level of the cascaded union. Such a group is first joined without the
        // grid (the floating-point overlay), which leaves few rings, and those are then put on the grid.
        if all.ringCount >= manyRings {
            return try all.unaryUnion().unaryUnion(gridSize: touchingDistance)
        }
        return try all.unaryUnion(gridSize: touchingDistance)
    }
}

/// One valid MultiPolygon (little-endian WKB) of every polygon of `pieces` (Polygon or MultiPolygon
/// WKB each): polygons that touch or overlap are dissolved, the rest are copied byte for byte in their
/// order (with no such pair, the result is the pieces' polygons joined as they are).
func dissolvedWhereTouching(_ pieces: [[UInt8]], _ w: Worker) throws -> [UInt8] {
    // Every polygon on its own (little-endian Polygon WKB), with its envelope (its shell's bounds).
    var polygons: [[UInt8]] = []
    var envelopes: [Envelope] = []
    func add(_ wkb: [UInt8]) throws {
        guard wkb.first == 1, let view = PolygonWKB(wkb) else {
            // Big-endian: rewritten polygon by polygon (`Geometry.wkb` is little-endian).
            for part in try w.geometry(wkb).parts() where part.type == .polygon && !part.isEmpty { try add(part.wkb) }
            return
        }
        for shell in view.rings where shell.isShell && shell.count > 0 {
            // A Polygon is kept as it is; a MultiPolygon's members are copied out.
            guard let own = wkb[1] == 3 ? wkb : view.polygonWKB(shell.polygon) else { continue }
            var (minX, minY) = (Double.infinity, Double.infinity)
            var (maxX, maxY) = (-Double.infinity, -Double.infinity)
            for k in 0..<shell.count {
                let q = view.point(shell, k)
                (minX, minY, maxX, maxY) = (min(minX, q.x), min(minY, q.y), max(maxX, q.x), max(maxY, q.y))
            }
            polygons.append(own)
            envelopes.append(Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY))
        }
    }
    for piece in pieces { try add(piece) }

    // Pairs whose envelopes come within `touchingDistance` (a superset from the index, tested
    // exactly; in a city most pieces have none) and that GEOS finds that close.
    let index = SpatialIndex(count: envelopes.count) { envelopes[$0] }
    var sets = UnionFind(count: polygons.count)
    var parsed: [Int: Geometry] = [:]
    func geometry(_ i: Int) throws -> Geometry {
        if let g = parsed[i] { return g }
        let g = try w.geometry(polygons[i])
        parsed[i] = g
        return g
    }
    var distances = PairDistances(geometry)
    var near: [Int] = []
    for i in polygons.indices {
        let reach = envelopes[i].expanded(by: touchingDistance)
        near.removeAll(keepingCapacity: true)
        index.forEach(intersecting: reach) { j in if j > i, reach.intersects(envelopes[j]) { near.append(j) } }
        for j in near where sets.root(i) != sets.root(j) {
            if try distances.isWithinDistance(touchingDistance, i, j) { sets.join(i, j) }
        }
    }
    if parsed.isEmpty { return multiPolygonWKB(polygons) }

    var members: [[UInt8]] = []
    for group in sets.groups(of: polygons.indices) {
        if group.count == 1 { members.append(polygons[group[0]]); continue }
        for part in try w.dissolved(group.map(geometry)).parts() where part.type == .polygon && !part.isEmpty {
            members.append(part.wkb)
        }
    }
    return multiPolygonWKB(members)
}

/// Little-endian MultiPolygon WKB of `polygons` (little-endian Polygon WKB each), by copying their
/// bytes (`PolygonWKB.joined` without reading them again).
func multiPolygonWKB(_ polygons: [[UInt8]]) -> [UInt8] {
    var out: [UInt8] = [1, 6, 0, 0, 0]
    out.reserveCapacity(9 + polygons.reduce(0) { $0 + $1.count })
    for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: polygons.count >> (8 * k))) }
    for polygon in polygons { out += polygon }
    return out
}
