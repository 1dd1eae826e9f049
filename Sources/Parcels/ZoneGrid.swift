// Which zone's interior holds a piece, answered from its envelope alone for most of a city.
//
// A regular grid is laid over the zones and every cell wholly inside one zone's interior is marked
// with it (GEOS prepared `containsProperly` of the cell's rectangle, tested block by block, a block
// across a boundary in quarters, down to single cells only along the boundary). A piece whose
// envelope touches only cells of one zone lies in that zone's interior: its envelope is inside the
// union of those closed cells.
// Anything else (near a boundary, outside, between zones) gets nil, and the caller does the
// geometric test. The grid is an accelerator: it never decides a case the geometry would decide
// differently. Where zones overlap, a cell touched by two zones is never marked.
import Geos

struct ZoneGrid: Sendable {
    private let minX, minY, cell: Double
    private let columns, rows: Int
    /// Per cell (row-major): the zone whose interior holds it, or -1.
    private let owner: [Int32]

    /// Cells per block side: a block inside one zone marks its cells with one test; one across a
    /// boundary is tested in quarters, down to single cells.
    private static let block = 16

    /// What covers a rectangle: one zone's interior (and no other zone touches it), no zone at all,
    /// or something else (a boundary crosses it, or zones overlap there).
    private enum Cover { case zone(Int32), none, mixed }

    /// A grid of at most `maxSide` × `maxSide` cells, each at least `minCell` wide, over the zones
    /// (valid polygons in the overlay CRS `metricCRS`).
    init(zones: [PolygonFeature], metricCRS: String, maxSide: Int = 512, minCell: Double = 10) throws {
        guard var extent = zones.first?.envelope else {
            minX = 0; minY = 0; cell = 1; columns = 0; rows = 0; owner = []; return
        }
        for z in zones { extent = extent.union(z.envelope) }
        let cell = max(minCell, max(extent.width, extent.height) / Double(maxSide))
        let columns = max(1, Int((extent.width / cell).rounded(.up)))
        let rows = max(1, Int((extent.height / cell).rounded(.up)))
        let (x0, y0) = (extent.minX, extent.minY)
        let zoneIndex = SpatialIndex(zones.map(\.envelope))
        @Sendable func box(_ c0: Int, _ r0: Int, _ c1: Int, _ r1: Int) -> Envelope {
            Envelope(minX: x0 + Double(c0) * cell, minY: y0 + Double(r0) * cell,
                     maxX: x0 + Double(c1) * cell, maxY: y0 + Double(r1) * cell)
        }
        // One band of block rows per task, each worker with its own GEOS context and prepared zones.
        let bands = (rows + Self.block - 1) / Self.block
        let perBand = try parallelMap(bands, chunk: 1, makeState: { () throws -> (Worker, LayerCache) in
            (try Worker(metricCRS: metricCRS), LayerCache(zones))
        }) { state, band -> [Int32] in
            let (w, cache) = state
            func cover(_ e: Envelope) throws -> Cover {
                let candidates = zoneIndex.candidates(e)
                guard !candidates.isEmpty else { return .none }
                let rectangle = try Geometry.rectangle(e, context: w.geos)
                var found: Int32 = -1, touched = false
                for z in candidates {
                    if found < 0, try cache.containsProperly(z, rectangle, w) { found = Int32(z) }
                    else if try cache.intersects(z, rectangle, w) { if found >= 0 { return .mixed }; touched = true }
                }
                return touched ? .mixed : found >= 0 ? .zone(found) : .none
            }
            let r0 = band * Self.block, r1 = min(rows, r0 + Self.block)
            var marks = [Int32](repeating: -1, count: (r1 - r0) * columns)
            // The cells c0..<c1 × ra..<rb (within the band): marked whole when one zone holds them or
            // none touches them, else in quarters.
            func mark(_ c0: Int, _ ra: Int, _ c1: Int, _ rb: Int) throws {
                guard c0 < c1, ra < rb else { return }
                switch try cover(box(c0, ra, c1, rb)) {
                case .none: return
                case .zone(let z):
                    for r in ra..<rb { for c in c0..<c1 { marks[(r - r0) * columns + c] = z } }
                case .mixed:
                    guard c1 - c0 > 1 || rb - ra > 1 else { return }
                    let (cm, rm) = ((c0 + c1 + 1) / 2, (ra + rb + 1) / 2)
                    try mark(c0, ra, cm, rm); try mark(cm, ra, c1, rm)
                    try mark(c0, rm, cm, rb); try mark(cm, rm, c1, rb)
                }
            }
            var c0 = 0
            while c0 < columns {
                let c1 = min(columns, c0 + Self.block)
                try mark(c0, r0, c1, r1)
                c0 = c1
            }
            return marks
        }
        self.minX = x0; self.minY = y0; self.cell = cell
        self.columns = columns; self.rows = rows
        self.owner = perBand.flatMap { $0 }
    }

    /// The zone whose interior holds all of `e`, when the grid can tell; else nil.
    func zone(holding e: Envelope) -> Int? {
        guard columns > 0 else { return nil }
        // Cells are closed; a side within rounding of a cell edge takes in the neighbouring cell too.
        func index(_ v: Double, _ origin: Double, _ nudge: Double) -> Int? {
            let k = ((v - origin) / cell + nudge).rounded(.down)
            return k.isFinite && abs(k) < 1e9 ? Int(k) : nil
        }
        guard let c0 = index(e.minX, minX, -1e-9), let c1 = index(e.maxX, minX, 1e-9),
              let r0 = index(e.minY, minY, -1e-9), let r1 = index(e.maxY, minY, 1e-9) else { return nil }
        guard c0 >= 0, r0 >= 0, c1 < columns, r1 < rows else { return nil }
        let z = owner[r0 * columns + c0]
        guard z >= 0 else { return nil }
        for r in r0...r1 {
            for c in c0...c1 where owner[r * columns + c] != z { return nil }
        }
        return Int(z)
    }
}
