// RingStore.swift — compact storage for many single-ring polygons: one flat array of interleaved
// x,y (metres while generating, then lon/lat) and the start of each ring. Rings are stored open
// (no repeated closing point). A million buildings cost about 100 MB here instead of a million
// small arrays.

struct RingStore: Sendable {
    private(set) var xy: [Double] = []
    private(set) var starts: [Int] = [0]   // point index where ring i begins; starts[count] = end

    var count: Int { starts.count - 1 }

    mutating func reserve(rings: Int, points: Int) {
        xy.reserveCapacity(2 * points)
        starts.reserveCapacity(rings + 1)
    }

    mutating func append(_ ring: [Vec2]) {
        for p in ring { xy.append(p.x); xy.append(p.y) }
        starts.append(xy.count / 2)
    }

    func pointCount(_ i: Int) -> Int { starts[i + 1] - starts[i] }

    func ring(_ i: Int) -> [Vec2] {
        var out: [Vec2] = []
        out.reserveCapacity(pointCount(i))
        for k in starts[i]..<starts[i + 1] { out.append(Vec2(xy[2 * k], xy[2 * k + 1])) }
        return out
    }

    /// Interleaved coordinates of ring i (open).
    func flat(_ i: Int) -> ArraySlice<Double> { xy[(2 * starts[i])..<(2 * starts[i + 1])] }

    /// Replaces every coordinate (same count), e.g. after a CRS transformation.
    mutating func replaceCoordinates(_ transform: (inout [Double]) throws -> Void) rethrows {
        try transform(&xy)
    }
}
