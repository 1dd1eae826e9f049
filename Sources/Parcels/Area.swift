// `parcels area`: ellipsoidal area per feature or per group of features, and the planar area in
// the layer's own CRS beside it when that CRS is projected (converted to m² by its linear unit).
import Geos
import Proj

public struct AreaGroup: Sendable {
    /// The `--by` field's value, or the feature's id; nil for the group of features whose `--by` field
    /// is NULL (no value: never merged with those whose value is the empty text "", which is a value).
    public let key: String?
    public let count: Int
    public let areaM2: Double
    /// Planar m² in the layer's own projected CRS (nil for a geographic layer).
    public let planarM2: Double?
}

public struct AreaResult: Sendable {
    public let features: Int
    public let totalM2: Double
    public let totalPlanarM2: Double?
    public let groups: [AreaGroup]
    public let warnings: [String]
}

/// Measures `layer` (prepared in `metricCRS`), grouped by `by`, else one group per feature keyed by
/// `idField` (else the feature's id in its layer). Groups keep the order of their first feature.
/// `area`: where the data lie, as given to `preparePolygons` (the same datum transformation back).
public func measureAreas(_ layer: PolygonLayer, by: String?, idField: String?, metricCRS: String,
                         area: LonLatBox? = nil) throws -> AreaResult {
    let ownCRS = layer.metresPerUnit != nil ? layer.crs : nil
    let areas = try timed("measure") { try parallelMap(layer.features.count, makeState: { () throws -> (Worker, Transformer?) in
        (try Worker(metricCRS: metricCRS), try ownCRS.map { try Transformer(from: metricCRS, to: $0, over: area) })
    }) { state, i -> (Double, Double?) in
        let (w, toOwn) = state
        let ellipsoidal = layer.features[i].areaM2
        guard let toOwn, let unit = layer.metresPerUnit else { return (ellipsoidal, nil) }
        let own = try Geometry(wkb: toOwn.forward(wkb: layer.features[i].wkb), context: w.geos)
        return (ellipsoidal, try own.area() * unit * unit)
    } }
    // Groups in the order of their first feature; a key is looked up once per feature (a layer of a
    // million features listed one by one is a million keys).
    var keys: [String?] = [], sums: [(count: Int, area: Double, planar: Double)] = []
    var group: [String?: Int] = [:]
    group.reserveCapacity(by == nil ? layer.features.count : 0)
    var withoutId = 0
    for (f, (a, p)) in zip(layer.features, areas) {
        // Grouped by a field, NULL is a group of its own (key nil), apart from "" (as GeoPandas'
        // `groupby(dropna=False)` keeps them). Values and ids trimmed of spaces, as the report trims
        // zone names, land uses and parcel ids: `--by land_use` gives the report's land uses (" road"
        // is road), `--by district` its zones. A blank value stays a value, "" (not NULL).
        var key: String? = if let by { f.string(by)?.trimmedOfSpaces } else { idField.map { f.string($0)?.trimmedOfSpaces ?? "" } ?? String(f.fid) }
        // A feature whose id is null or blank has none: its own row, keyed "", never added to another.
        let hasNoId = by == nil && idField != nil && (key ?? "").isEmpty
        if hasNoId { (key, withoutId) = ("", withoutId + 1) }
        let g: Int
        if !hasNoId, let existing = group[key] {
            g = existing
        } else {
            g = keys.count
            if !hasNoId { group[key] = g }
            keys.append(key)
            sums.append((0, 0, 0))
        }
        sums[g].count += 1
        sums[g].area += a
        sums[g].planar += p ?? 0
    }
    // One row per feature was asked for: ids that repeat would silently add features together.
    var warnings = layer.warnings
    if by == nil, let idField {
        for (key, sum) in zip(keys, sums) where sum.count > 1 {
            warnings.append("\(layer.file): layer '\(layer.name)': \(sum.count) features share the \(idField) '\(key ?? "")'; their areas are added in one row")
        }
        if withoutId > 0 {
            let features = withoutId == 1 ? "1 feature has" : "\(withoutId) features have"
            warnings.append("\(layer.file): layer '\(layer.name)': \(features) no \(idField) (null or blank); each is listed on its own row with an empty key")
        }
    }
    let planar = layer.metresPerUnit != nil
    let groups = zip(keys, sums).map { AreaGroup(key: $0, count: $1.count, areaM2: $1.area, planarM2: planar ? $1.planar : nil) }
    return AreaResult(features: layer.features.count, totalM2: groups.reduce(0) { $0 + $1.areaM2 },
                      totalPlanarM2: planar ? groups.reduce(0) { $0 + ($1.planarM2 ?? 0) } : nil,
                      groups: groups, warnings: warnings)
}
