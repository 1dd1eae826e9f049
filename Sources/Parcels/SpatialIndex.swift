// A packed, static R-tree over envelopes (the Hilbert-sorted layout of Flatbush / GEOS's
// TemplateSTRtree, built in one pass): items are sorted by the Hilbert index of their centres and
// grouped 8 to a node, level by level up to one root. Once built it is never changed, so any number
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
    /// Items (or nodes) per node. Flatbush's 16 tests a query's box against 16 children at every
    /// level; with 8, the small queries of a survey (a building's envelope) test fewer boxes in all:
    /// the 100k report's queries took 657M instructions against 793M with 16 (callgrind; 669M with 4).
    private static let nodeSize = 8
    private let tree: Tree
    private var leaves: Int { tree.leaves }

    /// Indexes every non-nil envelope under its position in `envelopes`.
    init(_ envelopes: [Envelope?]) { self.init(count: envelopes.count) { envelopes[$0] } }

    /// Indexes every feature's envelope under its position.
    init(envelopesOf features: [PolygonFeature]) { self.init(count: features.count) { features[$0].envelope } }

    /// Indexes `envelope(i)` for every i in 0..<count where it is not nil, without a list of them
    /// (a survey's million envelopes would be 40 MB while the index is built).
    init(count: Int, envelope: (Int) -> Envelope?) {
        precondition(count < Int(Int32.max), "more items than a spatial index holds")
        let order = hilbertOrder(count: count, envelope: envelope)
        // Levels: the leaves, then a parent per 8 nodes of the level below, up to one root.
        var levelEnds = [order.count]
        var width = order.count
        while width > 1 {
            width = (width + Self.nodeSize - 1) / Self.nodeSize
            levelEnds.append(levelEnds.last! + width)
        }
        let tree = Tree(leaves: order.count, levelEnds: order.isEmpty ? [] : levelEnds)
        for (position, i) in order.enumerated() {
            let e = envelope(i)!
            tree.boxes[position] = SIMD4(down(e.minX), down(e.minY), -up(e.maxX), -up(e.maxY))
            tree.items[position] = Int32(i)
        }
        var start = 0, position = order.count
        for level in levelEnds.indices.dropFirst() {
            var child = start
            while child < levelEnds[level - 1] {
                let last = min(child + Self.nodeSize, levelEnds[level - 1])
                var box = SIMD4<Float>(repeating: .infinity)
                for c in child..<last { box = pointwiseMin(box, tree.boxes[c]) }
                tree.boxes[position] = box
                position += 1
                child = last
            }
            start = levelEnds[level - 1]
        }
        self.tree = tree
    }

    /// Calls `visit` with every item whose envelope meets `e` (edges touching count), in no order, and
    /// possibly a few within 0.5 m of it (the boxes and the query are compared in single precision,
    /// each rounded outward: 0.25 m steps at UTM coordinates).
    func forEach(intersecting e: Envelope, _ visit: (Int) -> Void) {
        guard leaves > 0 else { return }
        // The query in single precision too, laid out to compare with a node box in one go: a box
        // meets it when minX ≤ e.maxX, minY ≤ e.maxY, −maxX ≤ −e.minX and −maxY ≤ −e.minY.
        let query = SIMD4<Float>(up(e.maxX), up(e.maxY), -down(e.minX), -down(e.minY))
        let boxes = tree.boxes, items = tree.items, ends = tree.levelEnds
        @inline(__always) func meets(_ position: Int) -> Bool { all(boxes[position] .<= query) }
        let top = ends.count - 1
        guard meets(ends[top] - 1) else { return }
        if top == 0 { visit(Int(items[0])); return }
        // Depth first, without a stack: node k of a level (counted from the level's start) has
        // children 8k ..< 8k + 8 in the level below, so a node's parent and siblings are
        // arithmetic. Children are taken from the last to the first, a bottom node's leaves from the
        // first (the order a stack of nodes gives). A stack's buffer, made by a closure, had each
        // query retain and release what `visit` captures: an array both workers read.
        @inline(__always) func start(_ level: Int) -> Int { level == 0 ? 0 : ends[level - 1] }
        // The last of children first ..< end (within `level`) that meets the query, or nil.
        @inline(__always) func lastMeeting(_ level: Int, from end: Int, downTo first: Int) -> Int? {
            var j = end
            while j > first {
                j -= 1
                if meets(start(level) + j) { return j }
            }
            return nil
        }
        var level = top, k = 0          // the node in hand, known to meet the query
        while true {
            if level == 1 {
                let first = start(0) + Self.nodeSize * k, end = Swift.min(first + Self.nodeSize, ends[0])
                for leaf in first..<end where meets(leaf) { visit(Int(items[leaf])) }
            } else {
                let first = Self.nodeSize * k, end = Swift.min(first + Self.nodeSize, ends[level - 1] - start(level - 1))
                if let child = lastMeeting(level - 1, from: end, downTo: first) { (level, k) = (level - 1, child); continue }
            }
            // Done with this node: on to its nearest earlier sibling that meets, else up a level.
            while true {
                if level == top { return }
                let parent = k / Self.nodeSize
                if let sibling = lastMeeting(level, from: k, downTo: Self.nodeSize * parent) { k = sibling; break }
                (level, k) = (level + 1, parent)
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

/// The tree's nodes, in memory of its own that is never written once built and is read through plain
/// pointers: the workers query one index at once, and a query touches no reference count (an Array
/// read inside a closure is retained for it, a count both cores would write). Node boxes are (minX, minY, −maxX, −maxY): the items in Hilbert order,
/// then each level of parents; the root is last. Single precision rounded outward (a box never
/// shrinks, so no item is missed; at UTM northings a side grows by less than 0.25 m, and every caller
/// tests the candidates it gets exactly): half the memory of a city's two million boxes. With the
/// maxima negated, "meets the query" is one 4-lane comparison, and a parent is the lane-wise minimum.
private final class Tree: @unchecked Sendable {
    let leaves: Int
    let boxes: UnsafeMutablePointer<SIMD4<Float>>
    /// The item number of each leaf.
    let items: UnsafeMutablePointer<Int32>
    /// End position of each level in `boxes` (level 0 = the leaves).
    let levelEnds: UnsafeMutableBufferPointer<Int>

    init(leaves: Int, levelEnds ends: [Int]) {
        self.leaves = leaves
        boxes = .allocate(capacity: ends.last ?? 0)
        items = .allocate(capacity: leaves)
        levelEnds = .allocate(capacity: ends.count)
        _ = levelEnds.initialize(from: ends)
    }

    deinit {
        boxes.deallocate()
        items.deallocate()
        levelEnds.deallocate()
    }
}

/// The largest Float ≤ x, and the smallest ≥ x (a box in single precision that holds the exact one).
private func down(_ x: Double) -> Float { let f = Float(x); return Double(f) > x ? f.nextDown : f }
private func up(_ x: Double) -> Float { let f = Float(x); return Double(f) < x ? f.nextUp : f }

/// Position of (x, y) along the Hilbert curve filling a 65536 × 65536 grid: the curve of the
/// textbook's xy2d (Wikipedia's "Hilbert curve"; (0,0) → 0, (1,0) → 1, (1,1) → 2, (0,1) → 3), by
/// bit operations over all sixteen levels at once instead of a loop per level (rawrunprotected's
/// `hilbert_curves`, the version Flatbush uses; checked to give xy2d's number at every one of the
/// 2³² points).
private func hilbert(_ x: UInt32, _ y: UInt32) -> UInt32 {
    var a = x ^ y, b = 0xFFFF ^ a, c = 0xFFFF ^ (x | y), d = x & (y ^ 0xFFFF)
    var A = a | (b >> 1), B = (a >> 1) ^ a
    var C = ((c >> 1) ^ (b & (d >> 1))) ^ c, D = ((a & (c >> 1)) ^ (d >> 1)) ^ d
    (a, b, c, d) = (A, B, C, D)
    A = (a & (a >> 2)) ^ (b & (b >> 2)); B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2))
    C ^= (a & (c >> 2)) ^ (b & (d >> 2)); D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2))
    (a, b, c, d) = (A, B, C, D)
    A = (a & (a >> 4)) ^ (b & (b >> 4)); B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4))
    C ^= (a & (c >> 4)) ^ (b & (d >> 4)); D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4))
    (a, b, c, d) = (A, B, C, D)
    C ^= (a & (c >> 8)) ^ (b & (d >> 8)); D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8))
    a = C ^ (C >> 1); b = D ^ (D >> 1)
    let i0 = x ^ y, i1 = b | (0xFFFF ^ (i0 | a))
    return (interleaved(i1) << 1) | interleaved(i0)
}

/// The 16 low bits of `v` spread to the even bits.
private func interleaved(_ v: UInt32) -> UInt32 {
    var v = v
    v = (v | (v << 8)) & 0x00FF_00FF
    v = (v | (v << 4)) & 0x0F0F_0F0F
    v = (v | (v << 2)) & 0x3333_3333
    return (v | (v << 1)) & 0x5555_5555
}
