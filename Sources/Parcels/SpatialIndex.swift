// A packed, static R-tree over envelopes (the Hilbert-sorted layout of Flatbush / GEOS's
// TemplateSTRtree, built in one pass): items are sorted by the Hilbert index of their centres and
// grouped 16 to a node, level by level up to one root. Once built it is never changed, so any number
// of workers may query it at once; GEOS 3.11's STRtree is built lazily on its first query and gives
// no such guarantee, which kept every pair search on one thread.
import Geos

/// The i in 0..<count with an envelope, in the Hilbert order of the envelopes' centres on a
/// 65536 × 65536 grid over their whole extent (ties in order of i): neighbours on the ground come
/// close together in the list.
func hilbertOrder(count: Int, envelope: (Int) -> Envelope?) -> [Int] {
    var extent: Envelope?
    for i in 0..<count { if let e = envelope(i) { extent = extent.map { $0.union(e) } ?? e } }
    guard let extent else { return [] }
    let scaleX = extent.width > 0 ? 65535 / extent.width : 0
    let scaleY = extent.height > 0 ? 65535 / extent.height : 0
    // Each item as one number, key then item, so one sort of plain integers orders them.
    var keyed: [UInt64] = []
    keyed.reserveCapacity(count)
    for i in 0..<count {
        guard let e = envelope(i) else { continue }
        let x = UInt32(((e.minX + e.maxX) / 2 - extent.minX) * scaleX)
        let y = UInt32(((e.minY + e.maxY) / 2 - extent.minY) * scaleY)
        keyed.append(UInt64(hilbert(x, y)) << 32 | UInt64(i))
    }
    keyed.sort()
    return keyed.map { Int($0 & 0xFFFF_FFFF) }
}

struct SpatialIndex: Sendable {
    private static let nodeSize = 16
    /// Node boxes as (minX, minY, −maxX, −maxY): the items in Hilbert order, then each level of
    /// parents; the root is last. Single precision rounded outward (a box never shrinks, so no item
    /// is missed; at UTM northings a side grows by less than 0.25 m, and every caller tests the
    /// candidates it gets exactly): half the memory of a city's two million boxes. With the maxima
    /// negated, "meets the query" is one 4-lane comparison, and a parent is the lane-wise minimum.
    private let boxes: [SIMD4<Float>]
    /// Per node: the item number (leaves) or the position of its first child (parents).
    private let children: [Int32]
    /// End position of each level in `boxes`/`children` (level 0 = the leaves).
    private let levelEnds: [Int]
    private let leaves: Int

    /// Indexes every non-nil envelope under its position in `envelopes`.
    init(_ envelopes: [Envelope?]) { self.init(count: envelopes.count) { envelopes[$0] } }

    /// Indexes every feature's envelope under its position.
    init(envelopesOf features: [PolygonFeature]) { self.init(count: features.count) { features[$0].envelope } }

    /// Indexes `envelope(i)` for every i in 0..<count where it is not nil, without a list of them
    /// (a survey's million envelopes would be 40 MB while the index is built).
    init(count: Int, envelope: (Int) -> Envelope?) {
        precondition(count < Int(Int32.max), "more items than a spatial index holds")
        let order = hilbertOrder(count: count, envelope: envelope)
        guard !order.isEmpty else { leaves = 0; boxes = []; children = []; levelEnds = []; return }
        leaves = order.count

        var boxes: [SIMD4<Float>] = []
        var children: [Int32] = []
        boxes.reserveCapacity(leaves + leaves / 8 + 2)
        children.reserveCapacity(leaves + leaves / 8 + 2)
        for i in order {
            let e = envelope(i)!
            boxes.append(SIMD4(down(e.minX), down(e.minY), -up(e.maxX), -up(e.maxY)))
            children.append(Int32(i))
        }
        var levelEnds = [leaves]
        var start = 0
        while levelEnds.last! - start > 1 {
            let end = levelEnds.last!
            var position = start
            while position < end {
                let last = min(position + Self.nodeSize, end)
                var box = SIMD4<Float>(repeating: .infinity)
                for c in position..<last { box = pointwiseMin(box, boxes[c]) }
                boxes.append(box)
                children.append(Int32(position))
                position = last
            }
            start = end
            levelEnds.append(children.count)
        }
        self.boxes = boxes
        self.children = children
        self.levelEnds = levelEnds
    }

    /// Calls `visit` with every item whose envelope meets `e` (edges touching count), in no order, and
    /// possibly a few within 0.5 m of it (the boxes and the query are compared in single precision,
    /// each rounded outward: 0.25 m steps at UTM coordinates).
    func forEach(intersecting e: Envelope, _ visit: (Int) -> Void) {
        guard leaves > 0 else { return }
        // The query in single precision too, laid out to compare with a node box in one go: a box
        // meets it when minX ≤ e.maxX, minY ≤ e.maxY, −maxX ≤ −e.minX and −maxY ≤ −e.minY.
        let query = SIMD4<Float>(up(e.maxX), up(e.maxY), -down(e.minX), -down(e.minY))
        // Depth-first over nodes already known to meet `e` (children are tested before they are
        // pushed, leaves visited straight from their parent). The stack never holds more than 16
        // nodes per level, so it lives on the machine stack rather than in an array per query.
        withUnsafeTemporaryAllocation(of: (position: Int, level: Int).self, capacity: Self.nodeSize * levelEnds.count + 1) { stack in
            boxes.withUnsafeBufferPointer { boxes in
                children.withUnsafeBufferPointer { children in
                    @inline(__always) func meets(_ node: Int) -> Bool { all(boxes[node] .<= query) }
                    let root = children.count - 1, rootLevel = levelEnds.count - 1
                    guard meets(root) else { return }
                    if rootLevel == 0 { visit(Int(children[root])); return }
                    var top = 1
                    stack[0] = (root, rootLevel)
                    while top > 0 {
                        top -= 1
                        let (position, level) = stack[top]
                        let first = Int(children[position]), end = Swift.min(first + Self.nodeSize, levelEnds[level - 1])
                        if level == 1 {
                            for child in first..<end where meets(child) { visit(Int(children[child])) }
                        } else {
                            for child in first..<end where meets(child) {
                                stack[top] = (child, level - 1)
                                top += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// Items whose envelopes meet `e` grown by `margin` (a superset, as `forEach`), in ascending order.
    func candidates(_ e: Envelope?, margin: Double = 0) -> [Int] {
        guard let e else { return [] }
        var found: [Int] = []
        forEach(intersecting: e.expanded(by: margin)) { found.append($0) }
        return found.sorted()
    }
}

/// The largest Float ≤ x, and the smallest ≥ x (a box in single precision that holds the exact one).
private func down(_ x: Double) -> Float { let f = Float(x); return Double(f) > x ? f.nextDown : f }
private func up(_ x: Double) -> Float { let f = Float(x); return Double(f) < x ? f.nextUp : f }

/// Position of (x, y) along the Hilbert curve filling a 65536 × 65536 grid.
private func hilbert(_ x: UInt32, _ y: UInt32) -> UInt32 {
    var x = x, y = y, d: UInt32 = 0
    var s: UInt32 = 1 << 15
    while s > 0 {
        let rx: UInt32 = (x & s) > 0 ? 1 : 0
        let ry: UInt32 = (y & s) > 0 ? 1 : 0
        d += s * s * ((3 * rx) ^ ry)
        if ry == 0 {
            if rx == 1 { x = 65535 - x; y = 65535 - y }
            swap(&x, &y)
        }
        s >>= 1
    }
    return d
}
