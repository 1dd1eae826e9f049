// Valid multipolygons for the result layers. Land is measured piece by piece (a building's cleared
// part, counted once, so two pieces share no area), and neighbouring pieces often touch: terraced
// houses share walls, and a building that overlapped an earlier one lost the overlap to it and now
// borders it. The parts of an OGC MultiPolygon may touch only at points, so pieces that touch or
// overlap are dissolved: a GEOS union of just that group. Pieces that stand apart, most of a city,
// are copied as they are (a union of a zone's million pieces at once would take minutes). Groups are
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

/// Pieces closer than this (metres) touch. An overlay's cut puts its new vertices within rounding of
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
    // Every polygon on its own, with its envelope (its shell's bounds).
    var polygons: [[UInt8]] = []
    var envelopes: [Envelope] = []
    func add(_ view: PolygonWKB, _ wkb: [UInt8]) {
        for p in 0..<view.polygonCount {
            // A Polygon is kept as it is; a MultiPolygon's members are copied out.
            guard let shell = view.rings(ofPolygon: p).first, shell.count > 0,
                  let own = wkb[1] == 3 ? wkb : view.polygonWKB(p) else { continue }
            var e = Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
            for k in 0..<shell.count {
                let q = view.point(shell, k)
                e = Envelope(minX: min(e.minX, q.x), minY: min(e.minY, q.y), maxX: max(e.maxX, q.x), maxY: max(e.maxY, q.y))
            }
            polygons.append(own)
            envelopes.append(e)
        }
    }
    for piece in pieces {
        // GEOS writes little-endian WKB on this machine: a big-endian piece (or anything the view cannot
        // read) is rewritten through GEOS, polygon by polygon.
        if piece.first == 1, let view = PolygonWKB(piece) { add(view, piece); continue }
        for part in try w.geometry(piece).parts() where part.type == .polygon && !part.isEmpty {
            let wkb = part.wkb
            if let view = PolygonWKB(wkb), wkb.first == 1 { add(view, wkb) }
        }
    }

    // Pairs whose envelopes meet (a superset from the index, tested exactly) and that touch.
    let index = SpatialIndex(count: envelopes.count) { envelopes[$0] }
    var sets = UnionFind(count: polygons.count)
    var parsed: [Int: Geometry] = [:]
    func geometry(_ i: Int) throws -> Geometry {
        if let g = parsed[i] { return g }
        let g = try w.geometry(polygons[i])
        parsed[i] = g
        return g
    }
    var touching = false
    for i in polygons.indices {
        var near: [Int] = []
        let reach = envelopes[i].expanded(by: touchingDistance)
        index.forEach(intersecting: reach) { j in if j > i, reach.intersects(envelopes[j]) { near.append(j) } }
        for j in near.sorted() where sets.root(i) != sets.root(j) {
            if try geometry(i).isWithinDistance(touchingDistance, of: geometry(j)) { sets.join(i, j); touching = true }
        }
    }
    guard touching else { return try PolygonWKB.joined(polygons) ?? w.multiPolygon(polygons.map(w.geometry)).wkb }

    let members = try sets.groups(of: polygons.indices).map { group in
        group.count == 1 ? polygons[group[0]] : try w.dissolved(group.map(geometry)).wkb
    }
    return try PolygonWKB.joined(members) ?? w.multiPolygon(members.map(w.geometry)).wkb
}
