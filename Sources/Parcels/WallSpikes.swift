// The opening's result, on the coordinates, for the commonest piece it changes: a partial demolition
// whose cleared land carries a wall spike.
//
// A kept part's corner re-surveyed a few centimetres inside the before-building's wall leaves the
// difference running up the wall to the old corner and back down the kept part's edge: a triangle
// narrower than the tolerance (the corner's distance from the wall) attached to the real cleared
// land. The spike's tip v lies between u and w, and one of them (the near point) lies within the
// tolerance of the other's edge through v, on the polygon's side of it. The opening cuts the spike
// off where the real land's edge through the near point (the kept part's wall) meets the old wall:
// that point E takes the place of the tip and the near point. The land removed is the triangle of
// the tip, the near point and E, everywhere narrower than the tolerance; what the opening keeps
// besides, where its erosion discs reach into the spike at E, is of the order of the tolerance
// squared (at most 0.0003 m² over the 3,780 spikes of the 100k city, measured against shapely's
// mitred opening).
//
// The trimmed polygon is used only when the opening would then give it back unchanged
// (`openingKeepsShape`, `minimumWidth`) and it is decisively valid; anything else (a spike this
// does not recognise, E far from the near point, a ring that would fold) takes the buffers.
import Proj

/// Polygon `p` of `view` with its wall spikes cut off (see above), as WKB; nil when it has none, or
/// when what is left is not settled without the opening.
func trimmedWallSpikes(_ view: PolygonWKB, polygon p: Int, tolerance: Double) -> [UInt8]? {
    guard tolerance > 0 else { return nil }
    let rings = view.rings(ofPolygon: p)
    guard rings.reduce(0, { $0 + $1.count }) <= maximumVerticesTested else { return nil }
    var trimmed: [[Double]] = []
    var changed = false
    for ring in rings {
        guard ring.count >= 4 else { return nil }       // closed, at least three corners
        var points = (0..<(ring.count - 1)).map { view.point(ring, $0) }
        // The polygon's land lies left of a shell turning counter-clockwise and of a hole turning clockwise.
        let landOnLeft = (view.twiceSignedArea(ring) > 0) == ring.isShell
        while let spike = wallSpike(points, landOnLeft: landOnLeft, tolerance: tolerance) {
            guard let cut = spike.cut else { return nil }
            // The tip and the near point give way to the cut point: the lower of their indexes takes
            // it, the higher is removed.
            let (first, second) = (spike.removed.0, spike.removed.1)
            points[first] = cut
            points.remove(at: second)
            changed = true
            guard points.count >= 3 else { return nil }
        }
        trimmed.append(points.flatMap { [$0.x, $0.y] } + [points[0].x, points[0].y])
    }
    guard changed else { return nil }
    let wkb = WKB.encode(.polygon(trimmed))
    guard let result = PolygonWKB(wkb), decisivelyValidPolygon(result.coordinates, counts: result.rings.map(\.count)) == true,
          minimumWidth(result, polygon: 0) >= tolerance, openingKeepsShape(result, tolerance: tolerance) else { return nil }
    return wkb
}

/// The first wall spike of a closed ring given by its distinct `points`: the index that takes the cut
/// point, the index removed, and the cut point (nil when the spike's cut cannot be placed, which sends
/// the piece through the opening).
private func wallSpike(_ points: [XY], landOnLeft: Bool, tolerance: Double) -> (removed: (Int, Int), cut: XY?)? {
    let n = points.count
    guard n >= 4 else { return nil }
    let t2 = tolerance * tolerance
    for i in 0..<n {
        let u = points[(i + n - 1) % n], v = points[i], w = points[(i + 1) % n]
        // The tip turns back towards the land: the near point lies on the land's side of the other edge.
        let turn = cross(v.x - u.x, v.y - u.y, w.x - v.x, w.y - v.y)
        guard landOnLeft ? turn > 0 : turn < 0 else { continue }
        if squaredDistance(w, u, v) < t2, squaredLength(w, v) < squaredLength(u, v) {
            // Up the wall u → v and back to w; the real land's edge runs from w on to x.
            let x = points[(i + 2) % n]
            let near = (i + 1) % n
            return ((min(i, near), max(i, near)), cutPoint(wall: (u, v), edge: (x, w), tolerance: tolerance))
        }
        if squaredDistance(u, v, w) < t2, squaredLength(u, v) < squaredLength(w, v) {
            // From the real land's edge t → u out to the tip and back down the wall v → w.
            let t = points[(i + n - 2) % n]
            let near = (i + n - 1) % n
            return ((min(i, near), max(i, near)), cutPoint(wall: (v, w), edge: (t, u), tolerance: tolerance))
        }
    }
    return nil
}

/// Where the real land's edge from `edge.0` through the near point `edge.1`, carried on past it,
/// meets the wall between its ends; nil when the two are nearly parallel, when the meeting point is
/// not past the near point, off the wall, or farther than twice the tolerance from the near point.
private func cutPoint(wall: (XY, XY), edge: (XY, XY), tolerance: Double) -> XY? {
    let (a, b) = wall, (from, near) = edge
    let wx = b.x - a.x, wy = b.y - a.y, ex = near.x - from.x, ey = near.y - from.y
    let denominator = cross(wx, wy, ex, ey)
    // sin of the angle between them below 0.1 (under 6°): the meeting point is ill-placed.
    guard abs(denominator) > 0.1 * (wx * wx + wy * wy).squareRoot() * (ex * ex + ey * ey).squareRoot() else { return nil }
    let s = cross(from.x - a.x, from.y - a.y, ex, ey) / denominator      // along the wall, 0 at a, 1 at b
    guard s > 0, s < 1 else { return nil }
    let cut = (x: a.x + s * wx, y: a.y + s * wy)
    // Past the near point, going from `from`.
    guard (cut.x - near.x) * ex + (cut.y - near.y) * ey >= 0, squaredLength(cut, near) <= 4 * tolerance * tolerance else { return nil }
    return cut
}

private func squaredLength(_ a: XY, _ b: XY) -> Double { (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) }
