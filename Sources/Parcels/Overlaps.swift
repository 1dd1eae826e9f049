// `parcels overlaps`: every pair of polygons sharing more than `minArea` m² of land. Pairs come from
// an STRtree (never all pairs); overlap areas are computed in parallel and are ellipsoidal.
import GeoIO
import Geos
import Proj

public struct OverlapPair: Sendable {
    public let a: String
    public let b: String
    public let overlapM2: Double
}

/// A feature repaired (and still measured) or skipped on the way in.
public struct InvalidFeature: Sendable {
    /// How the pairs name it (its --id-field value, else its id in its layer), skipped or not.
    public let id: String
    /// 1-based feature number in its layer, as every warning counts.
    public let feature: Int
    /// The feature's id in its layer (GDAL FID).
    public let fid: Int64
    /// Whether `id` is the --id-field's value.
    public let idFromField: Bool
    /// Repaired (in the pairs) or skipped (not).
    public let repaired: Bool
    public let reason: String

    /// How the warnings name it: `feature 2 (fid 3)`, or `feature 3` (see `featureName`).
    public var label: String { featureName(feature, fid: fid) }
}

public struct OverlapResult: Sendable {
    public let pairs: [OverlapPair]
    /// Sum of the pairs' overlaps.
    public let pairsM2: Double
    /// Land counted more than once (the union of the overlaps; less than the sum where three or more meet).
    public let totalOverlapM2: Double
    public let invalid: [InvalidFeature]
    /// The layer's warnings (repairs, skips, notes), then `sharedIds`.
    public let warnings: [String]
    /// One line per --id-field value that several features share: the pairs name each of them by it,
    /// so a pair may read "P1 P1", and two pairs of different features the same.
    public let sharedIds: [String]
}

public func findOverlaps(_ layer: PolygonLayer, idField: String?, minArea: Double, metricCRS: String) throws -> OverlapResult {
    let features = layer.features
    // Candidates: later features whose envelopes overlap with positive area (envelopes that only
    // share an edge belong to neighbours that touch, common in a cadastre, and cannot overlap).
    let candidates = timed("candidates") {
        let index = SpatialIndex(features.map(\.envelope))
        return features.indices.map { i in
            let e = features[i].envelope
            return index.candidates(e).filter { j in j > i && e.overlapsWithArea(features[j].envelope) }
        }
    }
    let found = try timed("pairs") { try parallelMap(features.count, makeState: { try Worker(metricCRS: metricCRS) }) { w, i -> [(Int, Double, [UInt8])] in
        guard !candidates[i].isEmpty else { return [] }
        let g = try w.geometry(features[i].wkb)
        let prepared = try g.prepared()
        let view = PolygonWKB(features[i].wkb)
        var out: [(Int, Double, [UInt8])] = []
        for j in candidates[i] {
            // Neighbours that only touch (a cadastre's parcels) are passed over without an overlay.
            if separatedByAnEdge(view, features[j].wkb, w.geos) { continue }
            let h = try w.geometry(features[j].wkb)
            guard try prepared.intersects(h), let common = try g.intersection(h).polygonalPart() else { continue }
            let area = try w.ellipsoidalArea(common)
            if area > minArea { out.append((j, area, common.wkb)) }
        }
        return out
    } }
    // Ids trimmed of spaces, as `area` keys them: one feature has one name in both.
    func id(_ f: PolygonFeature) -> String { idField.flatMap { f.string($0)?.trimmedOfSpaces } ?? String(f.fid) }
    var pairs: [OverlapPair] = []
    var pieces: [[UInt8]] = []
    for (i, list) in found.enumerated() {
        for (j, area, wkb) in list {
            pairs.append(OverlapPair(a: id(features[i]), b: id(features[j]), overlapM2: area))
            pieces.append(wkb)
        }
    }
    var total = 0.0
    if !pieces.isEmpty {
        let w = try Worker(metricCRS: metricCRS)
        total = try timed("union of overlaps") { try w.ellipsoidalArea(w.union(pieces.map { try w.geometry($0) })) }
    }
    var invalid = features.compactMap { f in
        f.repair.map { InvalidFeature(id: id(f), feature: f.row, fid: f.fid, idFromField: idField.flatMap { f.string($0) } != nil,
                                      repaired: true, reason: $0) }
    }
    // A skipped feature is named as it would have been in the pairs.
    invalid += layer.skipped.map { s in
        let named = idField.flatMap { s.fields[$0]?.stringValue?.trimmedOfSpaces }
        return InvalidFeature(id: named ?? String(s.fid), feature: s.row, fid: s.fid, idFromField: named != nil,
                              repaired: false, reason: s.reason)
    }
    var sharedIds: [String] = []
    if let idField {
        var count: [String: Int] = [:], order: [String] = []
        for f in features {
            let key = id(f)
            if count[key] == nil { order.append(key) }
            count[key, default: 0] += 1
        }
        for key in order where count[key]! > 1 {
            sharedIds.append("\(layer.file): layer '\(layer.name)': \(count[key]!) features share the \(idField) '\(key)'; the pairs name each of them by it")
        }
    }
    return OverlapResult(pairs: pairs, pairsM2: pairs.reduce(0) { $0 + $1.overlapM2 }, totalOverlapM2: total,
                         invalid: invalid, warnings: layer.warnings + sharedIds, sharedIds: sharedIds)
}
