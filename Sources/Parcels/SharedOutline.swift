// How much of one footprint's outline runs along another's, within a tolerance: the evidence that
// a kept slice, a split part or a merged building is the same building as before.
//
// The length of A's outline lying within `tolerance` of B's outline is measured exactly, edge by
// edge, on the coordinates: for each edge of A and each edge of B near it, the points of A's edge
// within `tolerance` of B's edge form one interval (the points near a segment form a convex
// capsule), solved for exactly; the union of those intervals is the shared part of A's edge. This is what intersecting A's outline with a buffer of B's outline measures, without
// building the buffer (a GEOS buffer of an outline cost ~40 µs; this costs a few).
import Proj

/// Length of `a`'s outline (every ring) lying within `tolerance` of `b`'s outline.
func sharedOutline(_ a: PolygonWKB, along b: PolygonWKB, within tolerance: Double) -> Double {
    // B's edges, in order.
    var s: [XY] = [], t: [XY] = []
    for rb in b.rings {
        for j in 0..<max(0, rb.count - 1) { s.append(b.point(rb, j)); t.append(b.point(rb, j + 1)) }
    }
    // Every edge of A against every edge of B is cheap for buildings of a few dozen vertices; for two
    // footprints of 10,000 (round buildings, traced outlines) it is 10⁸ envelope tests a pair. Those
    // go through a grid of B's edges instead, with the same edges met in the same order.
    let edgesA = a.rings.reduce(0) { $0 + max(0, $1.count - 1) }
    var grid = edgesA * s.count > 1 << 16 ? EdgeGrid(s, t) : nil
    var total = 0.0
    var intervals: [(Double, Double)] = []
    for ra in a.rings {
        for i in 0..<max(0, ra.count - 1) {
            let p = a.point(ra, i), q = a.point(ra, i + 1)
            let length = ((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)).squareRoot()
            guard length > 0 else { continue }
            let box = (minX: min(p.x, q.x) - tolerance, maxX: max(p.x, q.x) + tolerance,
                       minY: min(p.y, q.y) - tolerance, maxY: max(p.y, q.y) + tolerance)
            intervals.removeAll(keepingCapacity: true)
            func consider(_ j: Int) {
                let e = s[j], f = t[j]
                guard max(e.x, f.x) >= box.minX, min(e.x, f.x) <= box.maxX,
                      max(e.y, f.y) >= box.minY, min(e.y, f.y) <= box.maxY else { return }
                if let near = nearInterval(p, q, e, f, tolerance) { intervals.append(near) }
            }
            // (Mutated where it lies: a copy would copy its marks, as long as B's outline, per edge.)
            if grid != nil { grid!.forEachEdge(near: box, consider) } else { for j in s.indices { consider(j) } }
            total += length * unionLength(&intervals)
        }
    }
    return total
}

/// B's edges in a uniform grid over their envelope (about one edge a cell): an edge of A meets only
/// the edges in the cells its envelope, widened by the tolerance, covers, taken in B's order, so the
/// intervals and their union are those of the plain loop over every edge.
private struct EdgeGrid {
    let minX, minY, maxX, maxY, cw, ch: Double
    let side: Int
    var cells: [[Int32]]
    var seen: [Int]
    var stamp = 0
    var candidates: [Int32] = []

    init?(_ s: [XY], _ t: [XY]) {
        var (x0, y0, x1, y1) = (Double.infinity, Double.infinity, -Double.infinity, -Double.infinity)
        for (p, q) in zip(s, t) { (x0, x1, y0, y1) = (min(x0, p.x, q.x), max(x1, p.x, q.x), min(y0, p.y, q.y), max(y1, p.y, q.y)) }
        guard !s.isEmpty, x0.isFinite, x1.isFinite, y0.isFinite, y1.isFinite else { return nil }
        (minX, minY, maxX, maxY) = (x0, y0, x1, y1)
        side = max(1, min(1024, Int(Double(s.count).squareRoot())))
        cw = max((x1 - x0) / Double(side), .leastNormalMagnitude)
        ch = max((y1 - y0) / Double(side), .leastNormalMagnitude)
        cells = [[Int32]](repeating: [], count: side * side)
        seen = [Int](repeating: -1, count: s.count)
        for j in s.indices {
            for r in row(min(s[j].y, t[j].y))...row(max(s[j].y, t[j].y)) {
                for c in column(min(s[j].x, t[j].x))...column(max(s[j].x, t[j].x)) { cells[r * side + c].append(Int32(j)) }
            }
        }
    }

    func column(_ x: Double) -> Int { min(side - 1, max(0, Int(((x - minX) / cw).rounded(.down)))) }
    func row(_ y: Double) -> Int { min(side - 1, max(0, Int(((y - minY) / ch).rounded(.down)))) }

    /// `body(j)` for each edge in a cell `box` covers, once each, in ascending order.
    mutating func forEachEdge(near box: (minX: Double, maxX: Double, minY: Double, maxY: Double), _ body: (Int) -> Void) {
        guard box.maxX >= minX, box.minX <= maxX, box.maxY >= minY, box.minY <= maxY else { return }
        stamp += 1
        candidates.removeAll(keepingCapacity: true)
        for r in row(box.minY)...row(box.maxY) {
            for c in column(box.minX)...column(box.maxX) {
                for j in cells[r * side + c] where seen[Int(j)] != stamp { seen[Int(j)] = stamp; candidates.append(j) }
            }
        }
        candidates.sort()
        for j in candidates { body(Int(j)) }
    }
}

typealias XY = (x: Double, y: Double)

/// The cross product of (ax, ay) and (bx, by): positive when b turns left from a.
func cross(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) -> Double { ax * by - ay * bx }

/// The parameters u in [0, 1] where p + u(q − p) lies within `tolerance` of segment s–t, or nil.
/// The points within `tolerance` of a segment form a capsule (a strip along it and a disc at each
/// end); a convex set meets a line in one interval, the hull of its meetings with the three parts.
private func nearInterval(_ p: XY, _ q: XY, _ s: XY, _ t: XY, _ tolerance: Double) -> (Double, Double)? {
    let dx = q.x - p.x, dy = q.y - p.y
    var lo = Double.infinity, hi = -Double.infinity
    func include(_ a: Double, _ b: Double) {
        let a = max(a, 0), b = min(b, 1)
        if a <= b { lo = min(lo, a); hi = max(hi, b) }
    }
    // The discs: |p + u d − c|² ≤ tolerance².
    let a2 = dx * dx + dy * dy
    for c in [s, t] {
        let fx = p.x - c.x, fy = p.y - c.y
        let b = 2 * (fx * dx + fy * dy), c0 = fx * fx + fy * fy - tolerance * tolerance
        let discriminant = b * b - 4 * a2 * c0
        if discriminant >= 0 {
            let root = discriminant.squareRoot()
            include((-b - root) / (2 * a2), (-b + root) / (2 * a2))
        }
    }
    // The strip: distance across the segment's line within ±tolerance, position along it in [0, 1];
    // each is a linear function of u, so each bounds u on one interval.
    let ex = t.x - s.x, ey = t.y - s.y, e2 = ex * ex + ey * ey
    if e2 > 0 {
        let e = e2.squareRoot()
        var from = -Double.infinity, to = Double.infinity
        func bound(_ k0: Double, _ k1: Double, _ lower: Double, _ upper: Double) {
            if k1 == 0 {
                if k0 < lower || k0 > upper { from = 1; to = 0 }
                return
            }
            let u1 = (lower - k0) / k1, u2 = (upper - k0) / k1
            from = max(from, min(u1, u2)); to = min(to, max(u1, u2))
        }
        let px = p.x - s.x, py = p.y - s.y
        bound((ex * py - ey * px) / e, (ex * dy - ey * dx) / e, -tolerance, tolerance)
        bound((ex * px + ey * py) / e2, (ex * dx + ey * dy) / e2, 0, 1)
        include(from, to)
    }
    return lo <= hi ? (lo, hi) : nil
}

/// Total length of the union of intervals within [0, 1].
private func unionLength(_ intervals: inout [(Double, Double)]) -> Double {
    guard !intervals.isEmpty else { return 0 }
    intervals.sort { $0.0 < $1.0 }
    var total = 0.0
    var (start, end) = intervals[0]
    for (a, b) in intervals.dropFirst() {
        if a > end { total += end - start; (start, end) = (a, b) } else { end = max(end, b) }
    }
    return total + end - start
}
