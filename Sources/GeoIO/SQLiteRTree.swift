// A GeoPackage's spatial index, built whole instead of row by row. The index is an SQLite rtree
// virtual table; inserting into it one entry at a time runs SQLite's R*-tree insertion (splits,
// forced reinserts), about 20 µs an entry: 2 million buildings took GDAL 3.6 some 27 s. Here the
// tree is packed bottom-up by Sort-Tile-Recursive (Leutenegger, Edgington & Lopez, 1997) and its
// nodes are written straight into the three tables behind the virtual table, in the format SQLite's
// rtree.c documents (GDAL 3.8 does the same, sqlite_rtree_bulk_load.c):
//   <name>_node(nodeno, data): each node a blob of the table's node size; 2 bytes (big-endian) the
//     tree's depth, in the root only, 2 bytes the number of cells, then cells of an 8-byte id (a
//     row's id in a leaf, a child node's number above) and minX, maxX, minY, maxY as 4-byte floats,
//     all big-endian. The root is node 1; a tree of one node is a leaf at depth 0.
//   <name>_rowid(rowid, nodeno): each row's leaf.  <name>_parent(nodeno, parentnode): each node's
//   parent but the root's.
// Boxes are stored as single-precision floats rounded outward, as SQLite rounds them.

/// A row's box as the rtree stores it.
struct RTreeEntry: Equatable {
    var id: Int64
    var minX: Float, maxX: Float, minY: Float, maxY: Float

    /// The row's box in doubles, rounded outward to floats so the stored box covers it.
    init(id: Int64, minX: Double, maxX: Double, minY: Double, maxY: Double) {
        func down(_ d: Double) -> Float { let f = Float(d); return Double(f) > d ? f.nextDown : f }
        func up(_ d: Double) -> Float { let f = Float(d); return Double(f) < d ? f.nextUp : f }
        self.init(id: id, box: (down(minX), up(maxX), down(minY), up(maxY)))
    }

    init(id: Int64, box: (minX: Float, maxX: Float, minY: Float, maxY: Float)) {
        self.id = id
        (minX, maxX, minY, maxY) = box
    }
}

/// The rows of the three tables behind an rtree virtual table, for a whole set of boxes.
struct PackedRTree {
    /// Node number and blob, the root (node 1) first.
    private(set) var nodes: [(number: Int64, data: [UInt8])] = []
    /// Row id and its leaf's node number.
    private(set) var leafOf: [(rowid: Int64, node: Int64)] = []
    /// Node number and its parent's, for every node but the root.
    private(set) var parentOf: [(node: Int64, parent: Int64)] = []

    /// Packs `entries` into nodes of `nodeSize` bytes (the length of the table's root blob: 1,228
    /// with SQLite's defaults, 51 cells).
    init(_ entries: [RTreeEntry], nodeSize: Int) {
        let capacity = (nodeSize - 4) / 24
        precondition(capacity >= 2, "an rtree node of \(nodeSize) bytes holds fewer than two cells")
        var level = entries
        var depth = 0
        var nextNumber: Int64 = 2     // 1 is the root's
        leafOf.reserveCapacity(entries.count)
        while level.count > capacity {
            var above: [RTreeEntry] = []
            above.reserveCapacity(level.count / capacity + 1)
            for group in Self.tiles(level, capacity: capacity) {
                let number = nextNumber
                nextNumber += 1
                nodes.append((number, Self.blob(group, depth: nil, size: nodeSize)))
                for cell in group {
                    if depth == 0 { leafOf.append((cell.id, number)) } else { parentOf.append((cell.id, number)) }
                }
                above.append(Self.cover(group, id: number))
            }
            level = above
            depth += 1
        }
        for cell in level {
            if depth == 0 { leafOf.append((cell.id, 1)) } else { parentOf.append((cell.id, 1)) }
        }
        nodes.insert((1, Self.blob(level, depth: depth, size: nodeSize)), at: 0)
    }

    /// Sort-Tile-Recursive grouping: sorted by centre x into vertical slices of about √(n/capacity)
    /// nodes each, each slice sorted by centre y and cut into nodes of `capacity` cells.
    private static func tiles(_ cells: [RTreeEntry], capacity: Int) -> [ArraySlice<RTreeEntry>] {
        let nodeCount = (cells.count + capacity - 1) / capacity
        let sliceCount = Int(Double(nodeCount).squareRoot().rounded(.up))
        let sliceSize = ((nodeCount + sliceCount - 1) / sliceCount) * capacity
        // Ties broken by id, so that the tree depends on the boxes only, not on the sort's whims.
        let byX = cells.sorted { ($0.minX + $0.maxX, $0.id) < ($1.minX + $1.maxX, $1.id) }
        var groups: [ArraySlice<RTreeEntry>] = []
        groups.reserveCapacity(nodeCount)
        for sliceStart in stride(from: 0, to: byX.count, by: sliceSize) {
            let slice = byX[sliceStart..<min(sliceStart + sliceSize, byX.count)]
                .sorted { ($0.minY + $0.maxY, $0.id) < ($1.minY + $1.maxY, $1.id) }
            for start in stride(from: 0, to: slice.count, by: capacity) {
                groups.append(slice[start..<min(start + capacity, slice.count)])
            }
        }
        return groups
    }

    /// The cell a parent holds for `group`: node `id` and the box covering its cells.
    private static func cover(_ group: ArraySlice<RTreeEntry>, id: Int64) -> RTreeEntry {
        var box = (minX: Float.infinity, maxX: -Float.infinity, minY: Float.infinity, maxY: -Float.infinity)
        for cell in group {
            box = (min(box.minX, cell.minX), max(box.maxX, cell.maxX), min(box.minY, cell.minY), max(box.maxY, cell.maxY))
        }
        return RTreeEntry(id: id, box: box)
    }

    /// One node's blob: depth (root only), cell count, cells, zeros to `size`.
    static func blob<C: Collection<RTreeEntry>>(_ cells: C, depth: Int?, size: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
        }
        append(UInt16(depth ?? 0))
        append(UInt16(cells.count))
        for cell in cells {
            append(cell.id)
            append(cell.minX.bitPattern)
            append(cell.maxX.bitPattern)
            append(cell.minY.bitPattern)
            append(cell.maxY.bitPattern)
        }
        bytes.append(contentsOf: repeatElement(0, count: size - bytes.count))
        return bytes
    }
}
