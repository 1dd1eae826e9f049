// The one error GeoIO throws: what went wrong, and where — file, layer and feature — in the words a
// user would use to find it (feature numbers count from 1, in the order the source lists them).

/// A failure to read or write a layer, naming the file, the layer and the feature when known.
/// `description` is one line: `roads.gpkg: layer 'roads', feature 12: ring has fewer than 4 points`.
public struct GeoIOError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path or connection string as the user gave it (a `PG:` password is masked).
    public let file: String
    /// The layer, when one was named or chosen.
    public let layer: String?
    /// 1-based feature (row) number in read order, when the problem is with one feature.
    public let feature: Int?
    /// What went wrong, in a few words; GDAL's own message follows in parentheses when it has one.
    public let reason: String

    public init(file: String, layer: String? = nil, feature: Int? = nil, reason: String) {
        self.file = file
        self.layer = layer
        self.feature = feature
        self.reason = reason
    }

    public var description: String {
        var place: [String] = []
        if let layer { place.append("layer '\(layer)'") }
        if let feature { place.append("feature \(feature)") }
        let prefix = place.isEmpty ? file : "\(file): \(place.joined(separator: ", "))"
        return "\(prefix): \(reason)"
    }
}
