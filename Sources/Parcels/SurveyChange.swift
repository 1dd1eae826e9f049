// Change between two building surveys, found geometrically (ids are never trusted alone).
//
// For each before-building: the after-buildings near it (STRtree, envelope grown by the tolerance).
// 1. Cheap path: an after-building with the same vertices, each within the tolerance, is the same
//    building re-surveyed: unchanged, no cleared land. Most of a city takes this path.
// 2. Full path: cleared = before − ∪(after nearby), then a morphological opening (erode then dilate
//    by tolerance/2) removes every piece narrower than the tolerance: re-survey slivers go, a real
//    partial demolition (metres wide) stays. An after-building *continues* the before-building when
//    they are mostly the same land (IoU ≥ ½) or when it lies mostly on it and shares most of its
//    outline (a kept part of a partial demolition, a split or a merge). A before-building with no
//    continuation is demolished; one with a continuation and cleared land is partly demolished.
// After-buildings that continue no before-building are new structures; those standing on land of a
// demolished or partly demolished building are rebuilds on cleared land.
import Geos

public enum BuildingClass: String, Sendable, CaseIterable {
    case unchanged, demolished, partlyDemolished = "partly_demolished"
}

public enum AfterClass: String, Sendable {
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

/// What became of one before-building.
public struct BeforeChange: Sendable {
    public var buildingClass: BuildingClass
    /// Cleared land of this building in the overlay CRS (nil when none).
    public var cleared: [UInt8]?
    public var clearedEnvelope: Envelope?
    public var clearedPlanar: Double
    /// (after index, overlap m² planar, continues this building?)
    public var overlaps: [(after: Int, area: Double, continues: Bool)]
}

public struct SurveyChange: Sendable {
    public var before: [BeforeChange]
    public var after: [AfterClass]
    /// Planar m² of each after-building standing on demolished land.
    public var rebuiltPlanar: [Double]
}

/// Compares the surveys. `before` and `after` are valid polygons in the overlay CRS.
func detectChange(before: [PolygonFeature], after: [PolygonFeature], parameters p: ChangeParameters,
                  metricCRS: String) throws -> SurveyChange {
    let main = GeosContext()
    let afterIndex = try IndexedLayer(after.map(\.envelope), context: main)
    let candidates = try before.map { try afterIndex.candidates($0.envelope, margin: p.tolerance) }

    let changes = try parallelMap(before.count, makeState: { try Worker(metricCRS: metricCRS) }) { w, i in
        try classify(before[i], nearby: candidates[i].map { (index: $0, feature: after[$0]) }, p, w)
    }

    // After-buildings: kept when they continue some before-building, else new; new ones on
    // demolished land are rebuilds.
    var continues = [Bool](repeating: false, count: after.count)
    var onCleared = [Double](repeating: 0, count: after.count)
    for change in changes {
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
                      _ p: ChangeParameters, _ w: Worker) throws -> BeforeChange {
    let bg = try w.geometry(b.wkb)
    if nearby.isEmpty {
        return BeforeChange(buildingClass: .demolished, cleared: b.wkb, clearedEnvelope: b.envelope,
                            clearedPlanar: try bg.area(), overlaps: [])
    }
    // Cheap path: the same outline re-surveyed.
    let bRings = try bg.polygonRings()
    for (a, feature) in nearby {
        let ag = try w.geometry(feature.wkb)
        if sameOutline(bRings, try ag.polygonRings(), within: p.tolerance) {
            return BeforeChange(buildingClass: .unchanged, cleared: nil, clearedEnvelope: nil, clearedPlanar: 0,
                                overlaps: [(a, try bg.area(), true)])
        }
    }
    // Full path.
    let bArea = try bg.area(), bLength = try bg.length()
    var covering: [(index: Int, geometry: Geometry)] = []
    for (a, feature) in nearby {
        let ag = try w.geometry(feature.wkb)
        if try bg.intersects(ag) { covering.append((a, ag)) }
    }
    let uncovered = covering.isEmpty ? bg : try bg.difference(w.union(covering.map(\.geometry)))
    var overlaps: [(after: Int, area: Double, continues: Bool)] = []
    var outlineBand: Geometry?
    for (a, ag) in covering {
        // With one neighbour the overlap is what the difference took away: no second overlay.
        let o = covering.count == 1 ? bArea - (try uncovered.area()) : try bg.intersection(ag).area()
        guard o > 0 else { continue }
        let aArea = try ag.area()
        var continues = o / (aArea + bArea - o) >= 0.5
        if !continues, o >= 0.5 * min(aArea, bArea), let id = b.string(p.idField), !id.isEmpty, nearbyID(a, nearby, p.idField) == id {
            continues = true
        }
        if !continues, o >= 0.5 * min(aArea, bArea) {
            // Share of the smaller outline lying along the other's outline (within the tolerance).
            if outlineBand == nil { outlineBand = try bg.boundary().buffer(p.tolerance) }
            let shared = try ag.boundary().intersection(outlineBand!).length()
            let band = try ag.boundary().buffer(p.tolerance)
            let sharedBack = try bg.boundary().intersection(band).length()
            let smaller = min(try ag.length(), bLength)
            continues = max(shared, sharedBack) > p.sharedOutline * smaller
        }
        overlaps.append((a, o, continues))
    }
    let cleared = try removeSlivers(uncovered, tolerance: p.tolerance)
    let clearedArea = try cleared?.area() ?? 0
    let buildingClass: BuildingClass
    if !overlaps.contains(where: \.continues) { buildingClass = .demolished }
    else if clearedArea >= p.partialMinimum { buildingClass = .partlyDemolished }
    else { buildingClass = .unchanged }
    return BeforeChange(buildingClass: buildingClass, cleared: cleared?.wkb, clearedEnvelope: cleared?.envelope,
                        clearedPlanar: clearedArea, overlaps: overlaps)
}

private func nearbyID(_ a: Int, _ nearby: [(index: Int, feature: PolygonFeature)], _ field: String) -> String? {
    nearby.first { $0.index == a }?.feature.string(field)
}

/// The parts of `g` at least `tolerance` wide: an opening (erode, then dilate, by tolerance/2),
/// clipped back to `g` so no land is invented. Nil when nothing is left. Mitred joins keep the
/// corners of real cleared land sharp (round joins would shave r²(1 − π/4) off every corner).
func removeSlivers(_ g: Geometry, tolerance: Double) throws -> Geometry? {
    guard let polygons = try g.polygonalPart() else { return nil }
    if tolerance <= 0 { return polygons }
    let eroded = try polygons.mitredBuffer(-tolerance / 2)
    if eroded.isEmpty { return nil }
    let opened = try eroded.mitredBuffer(tolerance / 2).intersection(polygons)
    return try opened.polygonalPart()
}

/// Whether two polygons have the same rings, vertex for vertex within `tolerance` (any start vertex,
/// either direction): the same building re-surveyed.
func sameOutline(_ a: [PolygonRings], _ b: [PolygonRings], within tolerance: Double) -> Bool {
    guard a.count == b.count else { return false }
    for (pa, pb) in zip(a, b) {
        guard pa.holes.count == pb.holes.count, sameRing(pa.shell, pb.shell, tolerance) else { return false }
        for (ha, hb) in zip(pa.holes, pb.holes) where !sameRing(ha, hb, tolerance) { return false }
    }
    return true
}

private func sameRing(_ a: [Double], _ b: [Double], _ tol: Double) -> Bool {
    // Closed rings: compare the distinct vertices (all but the closing one).
    let n = a.count / 2 - 1
    guard n >= 3, b.count == a.count else { return false }
    let t2 = tol * tol
    func close(_ i: Int, _ j: Int) -> Bool {
        let dx = a[2 * i] - b[2 * j], dy = a[2 * i + 1] - b[2 * j + 1]
        return dx * dx + dy * dy <= t2
    }
    for k in 0..<n where close(0, k) {
        if (0..<n).allSatisfy({ close($0, (k + $0) % n) }) { return true }
        if (0..<n).allSatisfy({ close($0, (k - $0 + n) % n) }) { return true }
    }
    return false
}
