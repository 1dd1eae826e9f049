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
func separatedByAnEdge(_ a: [UInt8], _ b: [UInt8], _ geos: GeosContext, maximumVertices: Int = 64) -> Bool {
    guard let va = PolygonWKB(a), let vb = PolygonWKB(b) else { return false }
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
