// A cheap, conservative validity test for the commonest polygon of all, a building footprint: one
// ring of a few vertices, now and then with a courtyard or two. GEOS's IsValidOp builds a topology
// graph for every polygon, which costs more than everything else done to a footprint when it is read.
// A single ring is a valid polygon when it is closed, has no zero-length edge and no edge meets
// another except its neighbours at their shared vertex (and then without doubling back); holes add
// that rings keep apart, each inside the shell and outside the others. This test says "valid" only
// when every such fact is decided with a wide margin (orientations far from zero, boxes apart);
// anything close to degenerate returns nil, and GEOS decides.

/// True when the closed ring `xy[offset ..< offset + 2 * count]` (last point = first) is decisively
/// simple; nil when that is not clear (GEOS must decide). Coordinates are taken relative to the first
/// vertex, so the orientation arithmetic works on metres, not on UTM's millions.
func decisivelySimpleRing(_ xy: [Double], offset: Int, count: Int) -> Bool? {
    let n = count - 1                       // distinct vertices
    guard n >= 3, n <= 64 else { return nil }
    let x0 = xy[offset], y0 = xy[offset + 1]
    func p(_ i: Int) -> (x: Double, y: Double) { (xy[offset + 2 * i] - x0, xy[offset + 2 * i + 1] - y0) }
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
            guard edgesClearlyApart(a, b, p(j), p(j + 1)) else { return nil }
        }
    }
    return true
}

/// Twice the signed area of (a, b, c); rounding error here is far below 1e-9 m² for footprints.
private func orient(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), _ c: (x: Double, y: Double)) -> Double {
    (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
}

private let margin = 1e-9

/// Edges a–b and c–d that cannot meet, with a wide margin: boxes apart, or one clearly on one side
/// of the other's line.
private func edgesClearlyApart(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double),
                               _ c: (x: Double, y: Double), _ d: (x: Double, y: Double)) -> Bool {
    if max(a.x, b.x) + margin < min(c.x, d.x) || max(c.x, d.x) + margin < min(a.x, b.x)
        || max(a.y, b.y) + margin < min(c.y, d.y) || max(c.y, d.y) + margin < min(a.y, b.y) { return true }
    let o1 = orient(a, b, c), o2 = orient(a, b, d)
    if (o1 > margin && o2 > margin) || (o1 < -margin && o2 < -margin) { return true }
    let o3 = orient(c, d, a), o4 = orient(c, d, b)
    return (o3 > margin && o4 > margin) || (o3 < -margin && o4 < -margin)
}

/// True when a polygon with holes is decisively valid: its closed rings lie one after another in
/// `xy` (shell first, `counts` points each), every ring is decisively simple, no edge of one ring
/// comes near an edge of another, and each hole lies clearly inside the shell and clearly outside
/// every other hole (rings that never meet are wholly inside or outside each other, so one vertex
/// tells). Rings that do not touch leave the interior connected. Nil when that is not clear: GEOS
/// decides, as for a single ring.
func decisivelyValidPolygon<Counts: RandomAccessCollection<Int>>(_ xy: [Double], counts: Counts) -> Bool? where Counts.Index == Int {
    guard let shell = counts.first else { return nil }
    if counts.count == 1 { return decisivelySimpleRing(xy, offset: 0, count: shell) }
    guard counts.reduce(0, +) <= 96, counts.allSatisfy({ $0 >= 4 }) else { return nil }
    var offsets: [Int] = []
    var offset = 0
    for count in counts {
        guard decisivelySimpleRing(xy, offset: offset, count: count) == true else { return nil }
        offsets.append(offset)
        offset += 2 * count
    }
    // Coordinates relative to the shell's first vertex: the arithmetic works on metres.
    let x0 = xy[0], y0 = xy[1]
    func p(_ ring: Int, _ i: Int) -> (x: Double, y: Double) {
        (xy[offsets[ring] + 2 * i] - x0, xy[offsets[ring] + 2 * i + 1] - y0)
    }
    for r in counts.indices {
        for s in (r + 1)..<counts.count {
            for i in 0..<(counts[r] - 1) {
                for j in 0..<(counts[s] - 1) {
                    guard edgesClearlyApart(p(r, i), p(r, i + 1), p(s, j), p(s, j + 1)) else { return nil }
                }
            }
        }
    }
    // Whether `q` is inside ring `r` (ray crossing to the east), nil when it is near a crossing.
    func inside(_ q: (x: Double, y: Double), ring r: Int) -> Bool? {
        var crossings = false
        for i in 0..<(counts[r] - 1) {
            let a = p(r, i), b = p(r, i + 1)
            guard abs(a.y - q.y) > margin, abs(b.y - q.y) > margin else { return nil }
            guard (a.y > q.y) != (b.y > q.y) else { continue }
            let o = orient(a, b, q)
            guard abs(o) > margin else { return nil }
            if (b.y > a.y) == (o > 0) { crossings.toggle() }    // the edge passes east of q
        }
        return crossings
    }
    for h in 1..<counts.count {
        guard inside(p(h, 0), ring: 0) == true else { return nil }
        for other in 1..<counts.count where other != h {
            guard inside(p(h, 0), ring: other) == false else { return nil }
        }
    }
    return true
}
