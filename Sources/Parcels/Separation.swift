// Neighbours that only touch, told apart from overlapping ones without GEOS's relate. Terraced
// houses, a cadastre's parcels and a survey's attached buildings share walls, and their envelopes
// overlap by the width of a rounding error: asking GEOS whether their interiors meet builds a
// topology graph per pair (about 10 µs), where a few orientation tests usually settle it.
import Geos
import Proj

/// True when a line through an edge of either outline has every vertex of one polygon on one side
/// of it (or on it) and every vertex of the other on the other side (or on it): each polygon then
/// lies in its own closed half-plane, so their interiors are disjoint. False means only "not shown
/// this way": the polygons may still be disjoint (GEOS must decide). Orientations are GEOS's robust
/// predicate, so a vertex exactly on the shared wall counts as on it and one a rounding error
/// across counts as across. Outlines of more than `maximumVertices` are left to GEOS.
///
/// `a` is parsed by the caller, which tests one polygon against its neighbours' WKB `b`; false when
/// either is not a polygon view.
func separatedByAnEdge(_ a: PolygonWKB?, _ b: WKBBytes, _ geos: GeosContext) -> Bool {
    guard let a, let vb = PolygonWKB(b) else { return false }
    return separatedByAnEdge(a, vb, geos)
}

/// `separatedByAnEdge` on two parsed views.
func separatedByAnEdge(_ va: PolygonWKB, _ vb: PolygonWKB, _ geos: GeosContext, maximumVertices: Int = 64) -> Bool {
    // Every polygon lies within the hull of its shells: only shell vertices need testing.
    func shellPoints(_ v: PolygonWKB) -> [(x: Double, y: Double)]? {
        var points: [(x: Double, y: Double)] = []
        for ring in v.rings where ring.isShell {
            guard points.count + ring.count <= maximumVertices else { return nil }
            for i in 0..<ring.count { points.append(v.point(ring, i)) }
        }
        return points
    }
    guard let pa = shellPoints(va), let pb = shellPoints(vb) else { return false }
    // The side (1 or -1) all of `points` take of the line a→b, 0 when they lie on it or on both sides.
    func side(of points: [(x: Double, y: Double)], _ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Int {
        var found = 0
        for p in points {
            let o = geos.orientation(a, b, p)
            guard o == 0 || o == 1 || o == -1 else { return 0 }      // GEOS failed: not shown
            if o == 0 { continue }
            if found == 0 { found = o } else if o != found { return 0 }
        }
        return found
    }
    func separates(edgesOf own: PolygonWKB, _ ownPoints: [(x: Double, y: Double)], from other: [(x: Double, y: Double)]) -> Bool {
        for ring in own.rings where ring.isShell {
            for i in 0..<(ring.count - 1) {
                let p = own.point(ring, i), q = own.point(ring, i + 1)
                if p == q { continue }
                // The other polygon first: for overlapping neighbours this fails at once.
                let s = side(of: other, p, q)
                if s != 0, side(of: ownPoints, p, q) == -s { return true }
            }
        }
        return false
    }
    return separates(edgesOf: va, pa, from: pb) || separates(edgesOf: vb, pb, from: pa)
}

/// True when a vertex of either polygon lies strictly inside the other, where that other is one
/// convex ring (a plain footprint): the vertex lies on the first polygon's outline, and every
/// neighbourhood of an outline point holds some of its interior, so the interiors meet. False means
/// only "not shown this way" (GEOS must decide). The counterpart of `separatedByAnEdge`, for neighbours
/// re-surveyed a few centimetres into each other; orientations are GEOS's robust predicate. `a` is
/// parsed by the caller, as for `separatedByAnEdge`.
func overlapByAVertex(_ a: PolygonWKB?, _ b: WKBBytes, _ geos: GeosContext, maximumVertices: Int = 64) -> Bool {
    guard let va = a, let vb = PolygonWKB(b) else { return false }
    // The side (1 or -1) every turn of a single convex ring takes; nil for anything else.
    func convexSide(_ v: PolygonWKB) -> Int? {
        guard v.rings.count == 1, let ring = v.rings.first, ring.count >= 4, ring.count <= maximumVertices else { return nil }
        let n = ring.count - 1
        var side = 0
        for i in 0..<n {
            let o = geos.orientation(v.point(ring, i), v.point(ring, (i + 1) % n), v.point(ring, (i + 2) % n))
            guard o == 1 || o == -1, side == 0 || o == side else { return nil }
            side = o
        }
        return side
    }
    func holdsAVertex(_ convex: PolygonWKB, _ side: Int, of other: PolygonWKB) -> Bool {
        let ring = convex.rings[0]
        for r in other.rings where r.count <= maximumVertices {
            vertices: for k in 0..<r.count {
                let p = other.point(r, k)
                for i in 0..<(ring.count - 1) where geos.orientation(convex.point(ring, i), convex.point(ring, i + 1), p) != side {
                    continue vertices
                }
                return true
            }
        }
        return false
    }
    if let side = convexSide(va), holdsAVertex(va, side, of: vb) { return true }
    if let side = convexSide(vb), holdsAVertex(vb, side, of: va) { return true }
    return false
}
