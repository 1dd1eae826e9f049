// A cheap, conservative validity test for the commonest polygon of all, a building footprint: one
// ring of a few vertices. GEOS's IsValidOp builds a topology graph for every polygon, which costs
// more than everything else done to a footprint when it is read. A single ring is a valid polygon
// when it is closed, has no zero-length edge and no edge meets another except its neighbours at their
// shared vertex (and then without doubling back). This test says "valid" only when every such fact
// is decided with a wide margin (orientations far from zero, boxes apart); anything close to
// degenerate returns nil, and GEOS decides.

/// True when the closed ring `xy[offset ..< offset + 2 * count]` (last point = first) is decisively
/// simple; nil when that is not clear (GEOS must decide). Coordinates are taken relative to the first
/// vertex, so the orientation arithmetic works on metres, not on UTM's millions.
func decisivelySimpleRing(_ xy: [Double], offset: Int, count: Int) -> Bool? {
    let n = count - 1                       // distinct vertices
    guard n >= 3, n <= 64 else { return nil }
    let x0 = xy[offset], y0 = xy[offset + 1]
    func p(_ i: Int) -> (x: Double, y: Double) { (xy[offset + 2 * i] - x0, xy[offset + 2 * i + 1] - y0) }
    // Twice the signed area of (a, b, c); rounding error here is far below 1e-9 m² for footprints.
    func orient(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), _ c: (x: Double, y: Double)) -> Double {
        (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
    }
    let margin = 1e-9
    for i in 0..<n {
        let a = p(i), b = p(i + 1), c = p((i + 2) % n)
        // No zero-length edge, and consecutive edges either turn clearly or run straight on.
        guard a.x != b.x || a.y != b.y else { return nil }
        let turn = orient(a, b, c)
        if abs(turn) <= margin && (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y) <= 0 { return nil }
    }
    for i in 0..<n {
        let a = p(i), b = p(i + 1)
        for j in stride(from: i + 2, to: n, by: 1) where !(i == 0 && j == n - 1) {
            let c = p(j), d = p(j + 1)
            // Boxes clearly apart: the edges cannot meet.
            if max(a.x, b.x) + margin < min(c.x, d.x) || max(c.x, d.x) + margin < min(a.x, b.x)
                || max(a.y, b.y) + margin < min(c.y, d.y) || max(c.y, d.y) + margin < min(a.y, b.y) { continue }
            // One edge clearly on one side of the other's line.
            let o1 = orient(a, b, c), o2 = orient(a, b, d)
            if (o1 > margin && o2 > margin) || (o1 < -margin && o2 < -margin) { continue }
            let o3 = orient(c, d, a), o4 = orient(c, d, b)
            if (o3 > margin && o4 > margin) || (o3 < -margin && o4 < -margin) { continue }
            return nil
        }
    }
    return true
}
