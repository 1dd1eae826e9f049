// The one error GeoIO throws: what went wrong, and where — file, layer and feature — in the words a
// user would use to find it (feature numbers count from 1, in the order the source lists them; the
// feature's id in its layer follows when it is another number, see `featureName`).

/// A failure to read or write a layer, naming the file, the layer and the feature when known.
/// `description` is one line: `roads.gpkg: layer 'roads', feature 12: ring has fewer than 4 points`,
/// or `…, feature 12 (fid 14): …` when the feature's fid is not its number.
public struct GeoIOError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path or connection string as the user gave it (a `PG:` password is masked).
    public let file: String
    /// The layer, when one was named or chosen.
    public let layer: String?
    /// 1-based feature (row) number in read order, when the problem is with one feature.
    public let feature: Int?
    /// The feature's id in its layer (GDAL FID), when it was read before the problem.
    public let fid: Int64?
    /// What went wrong, in a few words; GDAL's own message follows in parentheses when it has one.
    public let reason: String

    public init(file: String, layer: String? = nil, feature: Int? = nil, fid: Int64? = nil, reason: String) {
        self.file = file
        self.layer = layer
        self.feature = feature
        self.fid = fid
        self.reason = reason
    }

    public var description: String {
        var place: [String] = []
        if let layer { place.append("layer '\(layer)'") }
        if let feature { place.append(featureName(feature, fid: fid)) }
        let prefix = place.isEmpty ? file : "\(file): \(place.joined(separator: ", "))"
        return "\(prefix): \(reason)"
    }
}

/// How every message names a feature: by its 1-based number in read order, followed by its id in its
/// layer (GDAL FID: what QGIS's attribute table and `ogrinfo` show, and what `area` and `overlaps`
/// key features by) when that is another number — `feature 2 (fid 3)` in a GeoPackage whose fid 2
/// was deleted, `feature 10 (fid 9)` in a GeoJSON or Shapefile, whose fids count from 0. Just
/// `feature 3` when the two agree, or when the fid is unknown (nil, or GDAL's OGRNullFID, -1).
public func featureName(_ number: Int, fid: Int64?) -> String {
    guard let fid, fid >= 0, fid != Int64(number) else { return "feature \(number)" }
    return "feature \(number) (fid \(fid))"
}
