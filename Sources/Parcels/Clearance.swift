// When the opening that removes re-survey slivers would give a polygon back unchanged, so that the
// two buffers and the overlay can be skipped.
//
// A mitred opening (erode by r, dilate by r, mitre limit 5) changes a polygon only where it is
// narrower than 2r: a sliver, a neck, an edge shorter than 2r, or a corner too sharp for the mitre
// to rebuild. A polygon whose every vertex lies at least 2r from every edge not its own (its
// minimum clearance, which is below 2r wherever the polygon is that narrow: the narrowest gap
// between two edges that do not cross is always at a vertex) and whose corners are all within the
// mitre limit (no convex corner under 2·asin(1/5) ≈ 23.1°, no notch sharper than that) comes back
// as it is. Anything else goes through the opening.
import Foundation
import Proj

/// Whether the mitred opening by `tolerance` / 2 would leave `polygon` unchanged, by the test above.
/// With `only`, the test is of that polygon of a MultiPolygon.
func openingKeepsShape(_ polygon: PolygonWKB, only: Int? = nil, tolerance: Double) -> Bool {
    let rings = only.map { polygon.rings(ofPolygon: $0) } ?? polygon.rings[...]
    // The clearance test below compares every vertex with every edge: beyond this many vertices (a
    // footprint left with thousands of holes where sheds stood) it would cost more than the buffers
    // it saves, quadratically (10,000 holes: minutes). Such a polygon takes the opening.
    guard rings.reduce(0, { $0 + $1.count }) <= maximumVerticesTested else { return false }
    // The sharpest corner a mitre of limit 5 rebuilds, with a margin.
    let sharpest = 2 * asin(0.2) + 0.02
    for ring in rings {
        let n = ring.count - 1          // closed: the last point repeats the first
        guard n >= 3 else { return false }
        for i in 0..<n {
            // The angle between the two edges at each vertex: the interior angle at a convex
            // corner, the angle of the notch at a reflex one. Either must be within the limit.
            let previous = polygon.point(ring, (i + n - 1) % n), v = polygon.point(ring, i), next = polygon.point(ring, i + 1)
            let ax = previous.x - v.x, ay = previous.y - v.y, bx = next.x - v.x, by = next.y - v.y
            let cross: Double = bx * ay - by * ax, dot: Double = ax * bx + ay * by
            if atan2(abs(cross), dot) < sharpest { return false }
        }
    }
    // Minimum clearance: every vertex against every edge it is not an end of.
    for ra in rings {
        for i in 0..<(ra.count - 1) {
            let v = polygon.point(ra, i)
            for rb in rings {
                for k in 0..<(rb.count - 1) {
                    if ra.offset == rb.offset, k == i || (k + 1) % (rb.count - 1) == i { continue }
                    if distance(v, polygon.point(rb, k), polygon.point(rb, k + 1)) < tolerance { return false }
                }
            }
        }
    }
    return true
}

/// The most vertices `openingKeepsShape` compares pairwise (a million distances: a few milliseconds).
let maximumVerticesTested = 1_000

/// Distance from `c` to the segment s–t.
private func distance(_ c: XY, _ s: XY, _ t: XY) -> Double { squaredDistance(c, s, t).squareRoot() }

/// The squared distance from `c` to the segment s–t.
@inline(__always)
func squaredDistance(_ c: XY, _ s: XY, _ t: XY) -> Double {
    let dx = t.x - s.x, dy = t.y - s.y
    let squared = dx * dx + dy * dy
    let u = squared > 0 ? min(1, max(0, ((c.x - s.x) * dx + (c.y - s.y) * dy) / squared)) : 0
    let ex = s.x + u * dx - c.x, ey = s.y + u * dy - c.y
    return ex * ex + ey * ey
}

/// The width of polygon `p`'s narrowest strip (the smallest distance between two parallel lines
/// holding it): the minimum, over the edges of its shell's convex hull, of the farthest hull vertex
/// from the edge's line. Below the tolerance, no disc of that diameter fits: the erosion empties it.
func minimumWidth(_ polygon: PolygonWKB, polygon p: Int) -> Double {
    guard let shell = polygon.rings(ofPolygon: p).first, shell.count >= 4 else { return 0 }
    var points = (0..<(shell.count - 1)).map { polygon.point(shell, $0) }
    points.sort { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
    // Andrew's monotone chain.
    func turn(_ o: XY, _ a: XY, _ b: XY) -> Double { (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x) }
    var hull: [XY] = []
    for pass in 0..<2 {
        let start = hull.count
        for q in (pass == 0 ? points : points.reversed()) {
            while hull.count >= start + 2, turn(hull[hull.count - 2], hull[hull.count - 1], q) <= 0 { hull.removeLast() }
            hull.append(q)
        }
        hull.removeLast()
    }
    guard hull.count >= 3 else { return 0 }
    // Rotating calipers: the hull is convex and counter-clockwise, so the distance of its vertices
    // from an edge's line rises to one farthest vertex and falls again, and that vertex moves on
    // round the hull as the edge does. Each edge's farthest vertex is found by walking on from the
    // previous edge's: every vertex is passed over about twice, not once per edge (a footprint of
    // 10,000 vertices, a circle: 10⁸ distances, a third of a second each, before this).
    let h = hull.count
    var width = Double.infinity
    var j = 0
    var first = true
    for i in hull.indices {
        let a = hull[i], b = hull[(i + 1) % h]
        let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
        guard length > 0 else { continue }
        if first {
            // The first edge's farthest vertex, by looking at them all.
            first = false
            var best = -1.0
            for k in 0..<h { let d = abs(turn(a, b, hull[k])); if d > best { best = d; j = k } }
        } else {
            var steps = 0
            while steps < h, abs(turn(a, b, hull[(j + 1) % h])) > abs(turn(a, b, hull[j])) { j = (j + 1) % h; steps += 1 }
        }
        width = min(width, abs(turn(a, b, hull[j])) / length)
    }
    return width
}
