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
func openingKeepsShape(_ polygon: PolygonWKB, tolerance: Double) -> Bool {
    let rings = polygon.rings
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

/// Distance from `c` to the segment s–t.
private func distance(_ c: XY, _ s: XY, _ t: XY) -> Double {
    let dx = t.x - s.x, dy = t.y - s.y
    let squared = dx * dx + dy * dy
    let u = squared > 0 ? min(1, max(0, ((c.x - s.x) * dx + (c.y - s.y) * dy) / squared)) : 0
    let ex = s.x + u * dx - c.x, ey = s.y + u * dy - c.y
    return (ex * ex + ey * ey).squareRoot()
}
