// Change between two building surveys, found geometrically (ids are never trusted alone).
//
// For each before-building: the after-buildings near it (STRtree, envelope grown by the tolerance).
// 1. Cheap path: an after-building with the same vertices, each within the tolerance, is the same
//    building re-surveyed: unchanged, no cleared land. Most of a city takes this path.
// 2. Full path: cleared = before − ∪(after nearby) (its vertices within the tolerance of the
//    before-building's snapped onto them first), then a morphological opening (erode then dilate
//    by tolerance/2) removes every piece narrower than the tolerance: re-survey slivers go, a real
//    partial demolition (metres wide) stays. An after-building *continues* the before-building when
//    they are mostly the same land (IoU ≥ ½) or when it lies mostly on it and shares most of its
//    outline (a kept part of a partial demolition, a split or a merge). A before-building with no
//    continuation is demolished; one with a continuation and cleared land is partly demolished.
// After-buildings that continue no before-building are new structures; those standing on land of a
// demolished or partly demolished building are rebuilds on cleared land.
import Geos
import Proj

public enum BuildingClass: String, Sendable, CaseIterable {
    case unchanged, demolished, partlyDemolished = "partly_demolished"
}

public enum AfterClass: String, Sendable, CaseIterable {
    case kept, newStructure = "new", rebuilt
}

/// Thresholds of the change detection (docs/methodology.md explains each).
public struct ChangeParameters: Sendable {
    /// Differences narrower than this (metres) are re-survey noise.
    public var tolerance: Double = 0.1
    /// Cleared land (m², planar) below which a continued building counts as unchanged.
    public var partialMinimum: Double = 1.0
    /// Overlap (m², planar) with demolished land from which a new structure counts as rebuilt.
    public var rebuiltMinimum: Double = 1.0
    /// Share of the smaller outline two footprints must share to be the same building. A kept slice of
    /// a rectangle shares more than half of its outline with the original (three sides); a shed built
    /// inside a cleared footprint shares none of it.
    public var sharedOutline: Double = 0.5
    /// Field naming a building in both surveys: when ids agree and the footprints overlap by at least
    /// half of the smaller, they are the same building (ids support the geometry, never replace it).
    public var idField = "building_id"
    public init() {}
}

/// What became of one before-building. A city has a million of these, most of them unchanged: the
/// struct holds the class and the twin (16 bytes), and what only changed buildings (and the rare
/// building digitised twice in the after survey) have sits behind one reference.
public struct BeforeChange: Sendable {
    private let detail: Detail?
    private let twin32: Int32?
    public let buildingClass: BuildingClass

    private final class Detail: Sendable {
        let cleared: WKBBytes?
        let clearedEnvelope: Envelope?
        let clearedPlanar: Double
        let overlaps: [(after: Int, area: Double, continues: Bool)]
        let clearedWhole: Bool
        let moreTwins: [Int]
        init(_ cleared: WKBBytes?, _ clearedEnvelope: Envelope?, _ clearedPlanar: Double,
             _ overlaps: [(after: Int, area: Double, continues: Bool)], _ clearedWhole: Bool, moreTwins: [Int] = []) {
            (self.cleared, self.clearedEnvelope, self.clearedPlanar) = (cleared, clearedEnvelope, clearedPlanar)
            (self.overlaps, self.clearedWhole, self.moreTwins) = (overlaps, clearedWhole, moreTwins)
        }
    }

    /// Cleared land of this building in the overlay CRS (nil when none).
    public var cleared: WKBBytes? { detail?.cleared }
    public var clearedEnvelope: Envelope? { detail?.clearedEnvelope }
    public var clearedPlanar: Double { detail?.clearedPlanar ?? 0 }
    /// (after index, overlap m² planar, continues this building?)
    public var overlaps: [(after: Int, area: Double, continues: Bool)] { detail?.overlaps ?? [] }
    /// The after-building this one was re-surveyed as, vertex for vertex (then `overlaps` is empty:
    /// no overlay was needed, and a city's million unchanged buildings keep no list).
    public var twin: Int? { twin32.map(Int.init) }
    /// Further after-buildings with the same outline as this one (the building digitised more than
    /// once in the after survey), in index order after `twin`: each continues this building too.
    public var moreTwins: [Int] { detail?.moreTwins ?? [] }
    /// The whole footprint is cleared (`cleared` is the building's own geometry).
    public var clearedWhole: Bool { detail?.clearedWhole ?? false }

    /// A building re-surveyed as after-building `twin` (and as `moreTwins`, when the after survey
    /// has it more than once).
    init(twin: Int, moreTwins: [Int] = []) {
        precondition(twin <= Int(Int32.max), "more after-buildings than a survey holds")
        (buildingClass, twin32) = (.unchanged, Int32(twin))
        detail = moreTwins.isEmpty ? nil : Detail(nil, nil, 0, [], false, moreTwins: moreTwins)
    }

    init(buildingClass: BuildingClass, cleared: WKBBytes?, clearedEnvelope: Envelope?, clearedPlanar: Double,
         overlaps: [(after: Int, area: Double, continues: Bool)], clearedWhole: Bool = false) {
        (self.buildingClass, twin32) = (buildingClass, nil)
        detail = Detail(cleared, clearedEnvelope, clearedPlanar, overlaps, clearedWhole)
    }

    /// With the land `cleared` left by an overlay (nil when none).
    init(buildingClass: BuildingClass, cleared: Geometry?, clearedPlanar: Double,
         overlaps: [(after: Int, area: Double, continues: Bool)]) {
        self.init(buildingClass: buildingClass, cleared: cleared.map { WKBBytes($0.wkb) }, clearedEnvelope: cleared?.envelope,
                  clearedPlanar: clearedPlanar, overlaps: overlaps)
    }
}

public struct SurveyChange: Sendable {
    public var before: [BeforeChange]
    public var after: [AfterClass]
    /// Planar m² of each after-building standing on demolished land.
    public var rebuiltPlanar: [Double]
}

/// Compares the surveys. `before` and `after` are valid polygons in the overlay CRS. `overlapBounds`
/// (for tests): whether bounds may settle overlaps without an intersection each (see `classify`).
func detectChange(before: [PolygonFeature], after: [PolygonFeature], parameters p: ChangeParameters,
                  metricCRS: String, afterIndex: SpatialIndex? = nil, overlapBounds: Bool = true) throws -> SurveyChange {
    let afterIndex = afterIndex ?? SpatialIndex(envelopesOf: after)

    let changes = try parallelMap(before.count, makeState: { try Worker(metricCRS: metricCRS) }) { w, i in
        let b = before[i]
        // Cheap path, before any GEOS work or any list: the same outline re-surveyed (envelopes
        // within the tolerance, then vertex for vertex on the WKB bytes). The lowest such index is
        // the twin; an after survey that has the building more than once has every copy continue
        // it (the rare further copies listed, so no list is made for the rest of a city).
        var twin: Int?
        var moreTwins: [Int] = []
        afterIndex.forEach(intersecting: b.envelope.expanded(by: p.tolerance)) { a in
            if sameBox(b.envelope, after[a].envelope, p.tolerance), sameOutline(b.wkb, after[a].wkb, within: p.tolerance) {
                if let t = twin { moreTwins.append(max(t, a)); twin = min(t, a) } else { twin = a }
            }
        }
        if let twin {
            return BeforeChange(twin: twin, moreTwins: moreTwins.sorted())
        }
        let nearby = afterIndex.candidates(b.envelope, margin: p.tolerance)
        return try classify(b, nearby: nearby.map { (index: $0, feature: after[$0]) }, p, w, overlapBounds: overlapBounds)
    }

    // After-buildings: kept when they continue some before-building, else new; new ones on
    // demolished land are rebuilds.
    var continues = [Bool](repeating: false, count: after.count)
    var onCleared = [Double](repeating: 0, count: after.count)
    for change in changes {
        if let twin = change.twin { continues[twin] = true }
        for twin in change.moreTwins { continues[twin] = true }
        for o in change.overlaps {
            if o.continues { continues[o.after] = true }
            if change.buildingClass != .unchanged { onCleared[o.after] += o.area }
        }
    }
    var afterClass: [AfterClass] = []
    var rebuilt: [Double] = []
    for a in after.indices {
        if continues[a] { afterClass.append(.kept); rebuilt.append(0) }
        else if onCleared[a] >= p.rebuiltMinimum { afterClass.append(.rebuilt); rebuilt.append(onCleared[a]) }
        else { afterClass.append(.newStructure); rebuilt.append(0) }
    }
    return SurveyChange(before: changes, after: afterClass, rebuiltPlanar: rebuilt)
}

private func classify(_ b: PolygonFeature, nearby: [(index: Int, feature: PolygonFeature)],
                      _ p: ChangeParameters, _ w: Worker, overlapBounds: Bool) throws -> BeforeChange {
    let bView = PolygonWKB(b.wkb)
    // Full path, over the after-buildings whose envelopes meet this one.
    let touching = nearby.filter { $0.feature.envelope.intersects(b.envelope) }
    // Parsed into GEOS (and prepared) only once something needs it: a building demolished among
    // neighbours that only touch it, cleared whole, needs neither.
    var bGeometry = OnFirstUse { try w.geometry(b.wkb) }
    // Prepared: GEOS answers a prepared polygon's `intersects` from its vertices and an index of its
    // edges, where the plain predicate computes a full intersection matrix.
    var preparedB = OnFirstUse { try bGeometry.get().prepared() }
    // Each after-building's WKB parsed once, for the edge test, the snapping guard and the shared outline.
    var covering: [(index: Int, geometry: Geometry, feature: PolygonFeature, view: PolygonWKB?)] = []
    for (a, feature) in touching {
        // A neighbour that only touches it covers none of it.
        let aView = PolygonWKB(feature.wkb)
        if let bView, let aView, separatedByAnEdge(bView, aView, w.geos) { continue }
        let ag = try w.geometry(feature.wkb)
        if try preparedB.get().intersects(ag) { covering.append((a, ag, feature, aView)) }
    }
    // Nothing stands on it any more: the difference is the whole footprint, and like any difference
    // it loses what is narrower than the tolerance (a wall 0.4 m wide with --tolerance 0.5 is not
    // cleared land, whether or not an after-building touches it). Most footprints are wide enough
    // throughout, which the coordinates show without buffers: then all of it is cleared as it is.
    if covering.isEmpty {
        if let bView, (0..<bView.polygonCount).allSatisfy({ minimumWidth(bView, polygon: $0) >= p.tolerance && openingKeepsShape(bView, only: $0, tolerance: p.tolerance) }) {
            return BeforeChange(buildingClass: .demolished, cleared: b.wkb, clearedEnvelope: b.envelope,
                                clearedPlanar: b.planarM2, overlaps: [], clearedWhole: true)
        }
        let cleared = try removeSlivers(bGeometry.get(), tolerance: p.tolerance)
        return BeforeChange(buildingClass: .demolished, cleared: cleared,
                            clearedPlanar: try cleared?.area() ?? 0, overlaps: [])
    }
    let bArea = b.planarM2
    // One building standing strictly inside this one (a shed rebuilt on a cleared footprint): the
    // land left is this footprint with the shed's outline as a hole, without an overlay.
    let bg = try bGeometry.get()
    let uncovered: Geometry
    if covering.count == 1, let punched = PolygonWKB.punched(b.wkb, by: covering[0].feature.wkb),
       try preparedB.get().containsProperly(covering[0].geometry) {
        uncovered = try Geometry(wkb: punched, context: w.geos)
    } else {
        uncovered = try bg.difference(snapped(w.union(covering.map(\.geometry)), onto: bg, tolerance: p.tolerance,
                                              shortestEdge: covering.reduce(bView?.shortestEdge ?? 0) { min($0, $1.view?.shortestEdge ?? 0) }))
    }
    let uncoveredArea = try uncovered.area()
    let cleared = try removeSlivers(uncovered, tolerance: p.tolerance)
    let clearedArea = try cleared?.area() ?? 0
    let afterAreas = try covering.map { try $0.geometry.area() }

    // Whether after-building k continues this one, given their overlap `o` (monotone in `o`: more
    // common land never turns a continuation into none). The outline test is made at most once.
    var outlineShared: [Bool?] = Array(repeating: nil, count: covering.count)
    func continues(_ k: Int, overlap o: Double) -> Bool {
        let a = covering[k].index
        let aArea = afterAreas[k]
        if o / (aArea + bArea - o) >= 0.5 { return true }
        guard o >= 0.5 * min(aArea, bArea) else { return false }
        // Ids trimmed, as a claim's building_id is matched: "B1 " is B1, and a blank id is none (two
        // buildings of id " " were the same building).
        if let id = b.string(p.idField)?.nonBlank, nearbyID(a, nearby, p.idField)?.trimmedOfSpaces == id { return true }
        if outlineShared[k] == nil {
            // Share of the smaller outline lying along the other's outline (within the tolerance),
            // measured both ways.
            outlineShared[k] = false
            if let bView, let aView = covering[k].view {
                let needed = p.sharedOutline * min(aView.perimeter, bView.perimeter)
                outlineShared[k] = sharedOutline(aView, along: bView, within: p.tolerance) > needed
                    || sharedOutline(bView, along: aView, within: p.tolerance) > needed
            }
        }
        return outlineShared[k]!
    }

    // A building covered by several after-buildings (split in two, say) and left with too little
    // cleared land to be partly demolished is unchanged if any of them continues it, and then the
    // overlaps' areas are never used: only whether each continues it. Bounds often settle that
    // without an intersection per after-building: overlap k is at most the smaller of the two areas,
    // and at least the covered land less every other overlap's upper bound.
    if overlapBounds, covering.count > 1, clearedArea < p.partialMinimum {
        let slack = 1e-9 * (bArea + afterAreas.reduce(0, +))      // rounding of the areas measured
        let upper = afterAreas.map { min($0, bArea) + slack }
        let covered = bArea - uncoveredArea, allUpper = upper.reduce(0, +)
        var decided: [(after: Int, area: Double, continues: Bool)] = []
        for k in covering.indices {
            let lower = max(0, covered - (allUpper - upper[k]) - slack)
            let atLower = continues(k, overlap: lower)
            guard atLower == continues(k, overlap: upper[k]) else { decided = []; break }
            // Only `continues` is used for an unchanged building; the area kept is the upper bound.
            decided.append((covering[k].index, upper[k], atLower))
        }
        if decided.contains(where: \.continues) {
            return BeforeChange(buildingClass: .unchanged, cleared: cleared,
                                clearedPlanar: clearedArea, overlaps: decided)
        }
    }

    var overlaps: [(after: Int, area: Double, continues: Bool)] = []
    for k in covering.indices {
        // With one neighbour the overlap is what the difference took away: no second overlay.
        let o = covering.count == 1 ? bArea - uncoveredArea : try bg.intersection(covering[k].geometry).area()
        guard o > 0 else { continue }
        overlaps.append((covering[k].index, o, continues(k, overlap: o)))
    }
    let buildingClass: BuildingClass
    if !overlaps.contains(where: \.continues) { buildingClass = .demolished }
    else if clearedArea >= p.partialMinimum { buildingClass = .partlyDemolished }
    else { buildingClass = .unchanged }
    return BeforeChange(buildingClass: buildingClass, cleared: cleared,
                        clearedPlanar: clearedArea, overlaps: overlaps)
}

/// Whether two envelopes agree side for side within `tolerance` (a necessary condition for the
/// same outline).
func sameBox(_ a: Envelope, _ b: Envelope, _ tolerance: Double) -> Bool {
    abs(a.minX - b.minX) <= tolerance && abs(a.maxX - b.maxX) <= tolerance
        && abs(a.minY - b.minY) <= tolerance && abs(a.maxY - b.maxY) <= tolerance
}

private func nearbyID(_ a: Int, _ nearby: [(index: Int, feature: PolygonFeature)], _ field: String) -> String? {
    nearby.first { $0.index == a }?.feature.string(field)
}

/// `cover` with its vertices within `tolerance` of a vertex of `b` moved onto it (GEOS's snapping; `b`'s
/// vertices near `cover`'s edges are put into them too). A corner re-surveyed a few centimetres off
/// then meets `b`'s exactly, and the difference has no sliver there for the opening to remove (the
/// buffers are the dearest part of change detection); what moves is a strip narrower than the
/// tolerance, the re-survey noise it stands for. `cover` as it is, unsnapped:
/// - with no tolerance;
/// - when an edge of either (`shortestEdge`, measured only when the vertex count allows snapping: the
///   shortest of `b`'s and of the after-buildings in `cover`) is shorter than twice the tolerance: where vertices lie that close, a vertex has more
///   than one within reach, and GEOS's snapping can turn a ring into another one, valid and wrong (a
///   half-disc of 10,000 vertices 9 cm apart, snapped onto its disc, became the whole disc);
/// - when the two have more than 10,000 pairs of vertices: snapping tries every pair (4,000 × 4,000
///   vertices took 0.1 s, twenty times their difference);
/// - when snapping folds a ring (GEOS may return an invalid geometry), or changes the area by more
///   than a band of the tolerance's width along both outlines could.
func snapped(_ cover: Geometry, onto b: Geometry, tolerance: Double, shortestEdge: @autoclosure () -> Double) throws -> Geometry {
    guard tolerance > 0, cover.numCoordinates * b.numCoordinates <= 10_000, shortestEdge() > 2 * tolerance else { return cover }
    let moved = try cover.snapped(to: b, tolerance: tolerance)
    guard try moved.isValid() else { return cover }
    let band = tolerance * (try cover.length() + moved.length())
    return abs(try moved.area() - cover.area()) <= band ? moved : cover
}

/// The parts of `g` at least `tolerance` wide: an opening (erode, then dilate, by tolerance/2),
/// clipped back to `g` so no land is invented. Nil when nothing is left. Mitred joins keep the
/// corners of real cleared land sharp (round joins would shave r²(1 − π/4) off every corner).
func removeSlivers(_ g: Geometry, tolerance: Double) throws -> Geometry? {
    guard let polygons = try g.polygonalPart() else { return nil }
    if tolerance <= 0 { return polygons }
    // A piece narrower than the tolerance in some direction holds no disc of diameter `tolerance`:
    // the erosion empties it. Most re-survey differences are only such pieces, and these tests, on
    // the coordinates, are far cheaper than buffers.
    if let view = PolygonWKB(polygons.wkb) {
        let all = 0..<view.polygonCount
        let kept = all.filter { minimumWidth(view, polygon: $0) >= tolerance }
        if kept.isEmpty { return nil }
        // The rest, when the opening would give every remaining piece back as it is, or would only
        // cut off wall spikes (WallSpikes.swift): no buffers.
        var pieces: [[UInt8]] = []
        var trimmed = false
        for p in kept {
            if openingKeepsShape(view, only: p, tolerance: tolerance) {
                guard let piece = view.polygonWKB(p) else { break }
                pieces.append(piece)
            } else {
                guard let piece = trimmedWallSpikes(view, polygon: p, tolerance: tolerance) else { break }
                pieces.append(piece)
                trimmed = true
            }
        }
        if pieces.count == kept.count {
            if kept.count == view.polygonCount, !trimmed { return polygons }
            return try Geometry(wkb: pieces.count == 1 ? pieces[0] : PolygonWKB.joined(pieces)!, context: g.context)
        }
    }
    let eroded = try polygons.mitredBuffer(-tolerance / 2)
    if eroded.isEmpty { return nil }
    let opened = try eroded.mitredBuffer(tolerance / 2).intersection(polygons)
    return try opened.polygonalPart()
}

/// Whether two polygonal geometries (WKB) have the same rings, vertex for vertex within `tolerance`
/// (any start vertex, either direction): the same building re-surveyed. Polygons and their rings
/// are compared in order. Single-ring little-endian Polygons, most of a city, are read in place.
func sameOutline(_ a: WKBBytes, _ b: WKBBytes, within tolerance: Double) -> Bool {
    func simpleRing(_ w: UnsafeRawBufferPointer) -> Int? {
        guard w.count >= 13, w[0] == 1, w.loadUnaligned(fromByteOffset: 1, as: UInt32.self) == UInt32(littleEndian: 3),
              w.loadUnaligned(fromByteOffset: 5, as: UInt32.self) == UInt32(littleEndian: 1) else { return nil }
        let n = Int(UInt32(littleEndian: w.loadUnaligned(fromByteOffset: 9, as: UInt32.self)))
        return w.count == 13 + 16 * n ? n : nil
    }
    let quick: Bool? = a.withUnsafeBytes { wa in
        b.withUnsafeBytes { wb in
            guard let n = simpleRing(wa), let m = simpleRing(wb) else { return nil }
            func point(_ w: UnsafeRawBufferPointer, _ i: Int) -> XY {
                (Double(bitPattern: UInt64(littleEndian: w.loadUnaligned(fromByteOffset: 13 + 16 * i, as: UInt64.self))),
                 Double(bitPattern: UInt64(littleEndian: w.loadUnaligned(fromByteOffset: 21 + 16 * i, as: UInt64.self))))
            }
            return sameRing(n, m, tolerance, { point(wa, $0) }, { point(wb, $0) })
        }
    }
    if let quick { return quick }
    guard let va = PolygonWKB(a), let vb = PolygonWKB(b) else { return false }
    return sameOutline(va, vb, within: tolerance)
}

/// `sameOutline` on parsed views (any byte order, holes, MultiPolygons).
func sameOutline(_ a: PolygonWKB, _ b: PolygonWKB, within tolerance: Double) -> Bool {
    guard a.polygonCount == b.polygonCount, a.rings.count == b.rings.count else { return false }
    for (ra, rb) in zip(a.rings, b.rings) {
        guard ra.polygon == rb.polygon, ra.isShell == rb.isShell,
              sameRing(ra.count, rb.count, tolerance, { a.point(ra, $0) }, { b.point(rb, $0) }) else { return false }
    }
    return true
}

/// Two closed rings of `n` and `m` points (the last repeating the first) that trace the same outline
/// within `tol`: the same vertices (the common case, cheapest), or else one following the other
/// along its edges (`ringFollows`), as when a re-survey adds, drops or slides a vertex along a wall.
@inline(__always)
private func sameRing(_ n: Int, _ m: Int, _ tol: Double, _ pa: (Int) -> XY, _ pb: (Int) -> XY) -> Bool {
    if n == m, ringsMatch(n, tol, pa, pb) { return true }
    return ringFollows(n, m, tol, pa, pb)
}

/// Whether closed ring A (`n` points, the last repeating the first) follows closed ring B (`m`
/// points) within `tol`, from any start and in either direction: walking both rings once, in step,
/// every vertex of A lies within `tol` of the edge of B reached so far, and every vertex of B passed
/// lies within `tol` of the edge of A being walked. Then each edge of A and the stretch of B it is
/// walked against stay within `tol` of each other all along (the distance between two points moving
/// linearly is convex), so one ring can be moved onto the other without crossing any point farther
/// than `tol` from both: the two polygons differ only in strips at most `tol` wide along their
/// outlines, as when every vertex moved by at most `tol` (`ringsMatch`). The walk is greedy (an A
/// vertex stays on the current B edge when it can); a walk that fails only sends the pair through
/// the overlay, which is exact.
private func ringFollows(_ n: Int, _ m: Int, _ tol: Double, _ pa: (Int) -> XY, _ pb: (Int) -> XY) -> Bool {
    let a = n - 1, b = m - 1           // distinct vertices
    guard a >= 3, b >= 3 else { return false }
    let t2 = tol * tol
    for forward in [true, false] {
        // B's k-th vertex walking forward or backward from its vertex 0; its edge k runs to k + 1.
        func q(_ k: Int) -> XY { let i = k % b; return pb(forward ? i : (b - i) % b) }
        for start in 0..<b where squaredDistance(pa(0), q(start), q(start + 1)) <= t2 {
            var edge = start, follows = true
            // A's edge i - 1 → i (the last one back to A's vertex 0, which is on B's edge `start`).
            walk: for i in 1...a {
                let from = pa(i - 1), to = pa(i % a)
                let end = start + b      // B's vertex `start` again, passed once the loop closes
                while i == a ? edge < end : squaredDistance(to, q(edge), q(edge + 1)) > t2 {
                    edge += 1
                    guard edge <= end, squaredDistance(q(edge), from, to) <= t2 else { follows = false; break walk }
                }
            }
            if follows { return true }
        }
    }
    return false
}

/// Two closed rings of `count` points (the last repeating the first) with the same vertices within
/// `tol`, from any start vertex, in either direction.
@inline(__always)
private func ringsMatch(_ count: Int, _ tol: Double, _ pa: (Int) -> XY, _ pb: (Int) -> XY) -> Bool {
    // Closed rings: compare the distinct vertices (all but the closing one).
    let n = count - 1
    guard n >= 3 else { return false }
    let t2 = tol * tol
    func close(_ i: Int, _ j: Int) -> Bool {
        let p = pa(i), q = pb(j)
        let dx = p.x - q.x, dy = p.y - q.y
        return dx * dx + dy * dy <= t2
    }
    for k in 0..<n where close(0, k) {
        if (0..<n).allSatisfy({ close($0, (k + $0) % n) }) { return true }
        if (0..<n).allSatisfy({ close($0, (k - $0 + n) % n) }) { return true }
    }
    return false
}
