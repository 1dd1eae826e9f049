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

extension Worker {
    /// The polygons of `group` as one geometry: the one polygon as it is, else their union on a
    /// `touchingDistance` grid (GEOS's snap-rounding overlay: the hairline gaps and slivers between
    /// neighbours close, and the result is valid).
    func dissolved(_ group: [Geometry]) throws -> Geometry {
        if group.count == 1 { return group[0] }
        return try multiPolygon(group).unaryUnion(gridSize: touchingDistance)
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
    var near: [Int] = []
    for i in polygons.indices {
        let reach = envelopes[i].expanded(by: touchingDistance)
        near.removeAll(keepingCapacity: true)
        index.forEach(intersecting: reach) { j in if j > i, reach.intersects(envelopes[j]) { near.append(j) } }
        for j in near where sets.root(i) != sets.root(j) {
            if try geometry(i).isWithinDistance(touchingDistance, of: geometry(j)) { sets.join(i, j) }
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
