// Planar.swift — the small amount of plane geometry the generator needs, in metres (UTM 51N):
// points, lines, bilinear quads, rotated rectangles and L-shapes, point-in-polygon, segment
// distances and the split of a ring by a straight line. Rings are open (no repeated closing point)
// and counter-clockwise.

import Foundation

struct Vec2: Equatable {
    var x: Double
    var y: Double
    init(_ x: Double, _ y: Double) { self.x = x; self.y = y }

    static func + (a: Vec2, b: Vec2) -> Vec2 { Vec2(a.x + b.x, a.y + b.y) }
    static func - (a: Vec2, b: Vec2) -> Vec2 { Vec2(a.x - b.x, a.y - b.y) }
    static func * (a: Vec2, k: Double) -> Vec2 { Vec2(a.x * k, a.y * k) }
    static func * (k: Double, a: Vec2) -> Vec2 { Vec2(a.x * k, a.y * k) }

    func dot(_ b: Vec2) -> Double { x * b.x + y * b.y }
    func cross(_ b: Vec2) -> Double { x * b.y - y * b.x }
    var length: Double { (x * x + y * y).squareRoot() }
    var unit: Vec2 { let l = length; return Vec2(x / l, y / l) }
    /// Rotated +90° (to the left of the direction).
    var left: Vec2 { Vec2(-y, x) }
    /// Rotated −90° (to the right of the direction).
    var right: Vec2 { Vec2(y, -x) }

    /// Rotated by `angle` radians (counter-clockwise).
    func rotated(_ angle: Double) -> Vec2 {
        let c = cos(angle), s = sin(angle)
        return Vec2(x * c - y * s, x * s + y * c)
    }

    static func lerp(_ a: Vec2, _ b: Vec2, _ t: Double) -> Vec2 { Vec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t) }
}

/// An infinite line through `p` with direction `d` (not necessarily unit).
struct Line {
    var p: Vec2
    var d: Vec2

    /// The same line moved by `distance` along its left normal.
    func shiftedLeft(_ distance: Double) -> Line { Line(p: p + d.unit.left * distance, d: d) }

    /// Intersection with another line; nil when (nearly) parallel.
    func intersection(_ o: Line) -> Vec2? {
        let den = d.cross(o.d)
        if abs(den) < 1e-12 * d.length * o.d.length { return nil }
        let t = (o.p - p).cross(o.d) / den
        return p + d * t
    }

    /// Signed distance of `q` from the line, positive on the left.
    func side(_ q: Vec2) -> Double { d.cross(q - p) / d.length }
}

/// A convex quadrilateral a, b, c, d (counter-clockwise) with its bilinear parametrisation:
/// P(u, v) = (1−u)(1−v)a + u(1−v)b + uv c + (1−u)v d. Lines of constant u or v are straight.
struct Quad {
    var a: Vec2, b: Vec2, c: Vec2, d: Vec2

    func point(_ u: Double, _ v: Double) -> Vec2 {
        let bottom = Vec2.lerp(a, b, u), top = Vec2.lerp(d, c, u)
        return Vec2.lerp(bottom, top, v)
    }

    /// Sub-quad of the parameter rectangle [u0, u1] × [v0, v1].
    func sub(_ u0: Double, _ u1: Double, _ v0: Double, _ v1: Double) -> Quad {
        Quad(a: point(u0, v0), b: point(u1, v0), c: point(u1, v1), d: point(u0, v1))
    }

    var corners: [Vec2] { [a, b, c, d] }
    /// Mean length of the sides running along u (a→b, d→c) and along v (a→d, b→c).
    var lengthU: Double { ((b - a).length + (c - d).length) / 2 }
    var lengthV: Double { ((d - a).length + (c - b).length) / 2 }
    var center: Vec2 { (a + b + c + d) * 0.25 }
    var isConvexCCW: Bool { Planar.isConvexCCW([a, b, c, d]) }

    /// The quad shrunk inwards by a distance per side (bottom a→b, right b→c, top c→d, left d→a);
    /// nil if the result is degenerate.
    func inset(bottom: Double, right: Double, top: Double, left: Double) -> Quad? {
        let lb = Line(p: a, d: b - a).shiftedLeft(bottom)
        let lr = Line(p: b, d: c - b).shiftedLeft(right)
        let lt = Line(p: c, d: d - c).shiftedLeft(top)
        let ll = Line(p: d, d: a - d).shiftedLeft(left)
        guard let na = ll.intersection(lb), let nb = lb.intersection(lr),
              let nc = lr.intersection(lt), let nd = lt.intersection(ll) else { return nil }
        let q = Quad(a: na, b: nb, c: nc, d: nd)
        guard q.isConvexCCW, Planar.signedArea(q.corners) > 1 else { return nil }
        // The inset must keep the orientation of each side (a side may not flip when over-shrunk).
        guard (nb - na).dot(b - a) > 0, (nc - nd).dot(c - d) > 0, (nd - na).dot(d - a) > 0, (nc - nb).dot(c - b) > 0
        else { return nil }
        return q
    }
}

/// A rotated rectangle frame: origin corner, unit axes, side lengths along each.
struct Frame {
    var origin: Vec2
    var e1: Vec2   // unit
    var e2: Vec2   // unit, e1 rotated +90°
    var a: Double  // length along e1
    var b: Double  // length along e2

    init(center: Vec2, angle: Double, a: Double, b: Double) {
        e1 = Vec2(cos(angle), sin(angle))
        e2 = e1.left
        self.a = a; self.b = b
        origin = center - e1 * (a / 2) - e2 * (b / 2)
    }

    /// A frame centred on `center` whose first axis is the unit vector `direction`.
    init(center: Vec2, direction: Vec2, a: Double, b: Double) {
        e1 = direction
        e2 = direction.left
        self.a = a; self.b = b
        origin = center - e1 * (a / 2) - e2 * (b / 2)
    }

    init(origin: Vec2, e1: Vec2, a: Double, b: Double) {
        self.origin = origin; self.e1 = e1; e2 = e1.left; self.a = a; self.b = b
    }

    func at(_ s: Double, _ t: Double) -> Vec2 { origin + e1 * s + e2 * t }
    var rectangle: [Vec2] { [at(0, 0), at(a, 0), at(a, b), at(0, b)] }
    var center: Vec2 { at(a / 2, b / 2) }

    /// An L-shape: the rectangle without its (a − a1) × (b − b1) corner opposite the origin.
    /// Ring order keeps ring[0] = origin, ring[1] = origin + a·e1, ring.last = origin + b·e2.
    func lShape(a1: Double, b1: Double) -> [Vec2] {
        [at(0, 0), at(a, 0), at(a, b1), at(a1, b1), at(a1, b), at(0, b)]
    }
}

enum Planar {
    /// Shoelace area, positive for counter-clockwise rings (open ring).
    static func signedArea(_ ring: [Vec2]) -> Double {
        var s = 0.0
        var j = ring.count - 1
        for i in 0..<ring.count {
            s += ring[j].cross(ring[i])
            j = i
        }
        return s / 2
    }

    static func isConvexCCW(_ ring: [Vec2]) -> Bool {
        let n = ring.count
        for i in 0..<n {
            let p = ring[i], q = ring[(i + 1) % n], r = ring[(i + 2) % n]
            if (q - p).cross(r - q) <= 0 { return false }
        }
        return true
    }

    /// Even–odd point in polygon (open ring).
    static func contains(_ ring: [Vec2], _ q: Vec2) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let pi = ring[i], pj = ring[j]
            if (pi.y > q.y) != (pj.y > q.y) {
                let x = pj.x + (q.y - pj.y) * (pi.x - pj.x) / (pi.y - pj.y)
                if q.x < x { inside.toggle() }
            }
            j = i
        }
        return inside
    }

    /// Distance from q to the segment p0–p1.
    static func pointSegmentDistance(_ q: Vec2, _ p0: Vec2, _ p1: Vec2) -> Double {
        let d = p1 - p0
        let l2 = d.dot(d)
        if l2 == 0 { return (q - p0).length }
        let t = max(0, min(1, (q - p0).dot(d) / l2))
        return (q - (p0 + d * t)).length
    }

    static func segmentsIntersect(_ a0: Vec2, _ a1: Vec2, _ b0: Vec2, _ b1: Vec2) -> Bool {
        let d1 = (a1 - a0).cross(b0 - a0), d2 = (a1 - a0).cross(b1 - a0)
        let d3 = (b1 - b0).cross(a0 - b0), d4 = (b1 - b0).cross(a1 - b0)
        return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0))
    }

    static func segmentDistance(_ a0: Vec2, _ a1: Vec2, _ b0: Vec2, _ b1: Vec2) -> Double {
        if segmentsIntersect(a0, a1, b0, b1) { return 0 }
        return min(pointSegmentDistance(a0, b0, b1), pointSegmentDistance(a1, b0, b1),
                   pointSegmentDistance(b0, a0, a1), pointSegmentDistance(b1, a0, a1))
    }

    /// Smallest distance between the boundaries of two rings (0 if they cross).
    static func boundaryDistance(_ r: [Vec2], _ s: [Vec2]) -> Double {
        var best = Double.infinity
        for i in 0..<r.count {
            let r0 = r[i], r1 = r[(i + 1) % r.count]
            for j in 0..<s.count {
                best = min(best, segmentDistance(r0, r1, s[j], s[(j + 1) % s.count]))
                if best == 0 { return 0 }
            }
        }
        return best
    }

    /// True when every point of `inner` lies in the convex CCW quad at distance ≥ `clearance` from its sides.
    static func inside(_ inner: [Vec2], convex quad: Quad, clearance: Double) -> Bool {
        let c = quad.corners
        for i in 0..<4 {
            let line = Line(p: c[i], d: c[(i + 1) % 4] - c[i])
            for q in inner where line.side(q) < clearance { return false }
        }
        return true
    }

    /// Splits a ring by the line through `p` with direction `d`: (left part, right part).
    /// The two crossing points are computed once and passed through `cut` (e.g. to add survey
    /// noise), so both parts share them exactly. Correct for rings whose part on each side is
    /// connected (convex rings, and L-shapes cut parallel to a side).
    static func split(_ ring: [Vec2], by line: Line, cut: (Vec2) -> Vec2 = { $0 }) -> (left: [Vec2], right: [Vec2]) {
        var left: [Vec2] = [], right: [Vec2] = []
        let n = ring.count
        for i in 0..<n {
            let p = ring[i], q = ring[(i + 1) % n]
            let sp = line.side(p), sq = line.side(q)
            if sp >= 0 { left.append(p) } else { right.append(p) }
            if (sp >= 0) != (sq >= 0) {
                let t = sp / (sp - sq)
                let x = cut(Vec2.lerp(p, q, t))
                left.append(x); right.append(x)
            }
        }
        return (left, right)
    }
}
