// The domain's view of an input layer: valid polygons in the overlay CRS, with their fields, and
// what was repaired or skipped on the way in. Errors name the file, layer and feature.
import GeoIO
import Geos
import Proj

public typealias FieldValue = GeoIO.FieldValue
public typealias FieldValues = GeoIO.FieldValues

/// One usable polygon feature. A city holds two million of these: the stored properties are laid
/// out to take 96 bytes (the feature number as 32 bits, last, packed behind the field row; the rare
/// repair note behind one reference), the WKB packed with its layer's (`pack`).
public struct PolygonFeature: Sendable {
    /// The feature's id in its layer (GDAL FID).
    public let fid: Int64
    /// Valid Polygon or MultiPolygon in the overlay CRS (a layer's features share a few buffers).
    public private(set) var wkb: WKBBytes
    public let envelope: Envelope
    /// Ellipsoidal area (m²), measured once when the layer is read.
    public let areaM2: Double
    /// Planar area in the overlay CRS (m² of the projection), for overlay arithmetic.
    public let planarM2: Double
    private let note: RepairNote?
    public let fields: FieldValues
    private let row32: Int32

    /// 1-based feature number in its layer, as a user counts.
    public var row: Int { Int(row32) }
    /// How messages name the feature: `feature 2 (fid 3)`, or `feature 3` (see `featureName`).
    public var label: String { featureName(row, fid: fid) }
    /// Why the geometry was repaired, when it was.
    public var repair: String? { note?.text }

    public init(row: Int, fid: Int64, fields: FieldValues, wkb: [UInt8], envelope: Envelope, areaM2: Double,
                planarM2: Double, repair: String?) {
        self.init(row: row, fid: fid, fields: fields, wkb: WKBBytes(wkb), envelope: envelope, areaM2: areaM2,
                  planarM2: planarM2, repair: repair)
    }

    public init(row: Int, fid: Int64, fields: FieldValues, wkb: WKBBytes, envelope: Envelope, areaM2: Double,
                planarM2: Double, repair: String?) {
        precondition(row > 0 && row <= Int(Int32.max), "feature number out of range")
        (self.row32, self.fid, self.fields, self.wkb, self.envelope) = (Int32(row), fid, fields, wkb, envelope)
        (self.areaM2, self.planarM2, self.note) = (areaM2, planarM2, repair.map(RepairNote.init))
    }

    /// Copies the features' WKB into one buffer per `slice` features (see `WKBBytes`), the slices on
    /// all cores; each feature's array of its own is let go.
    static func pack(_ features: inout [PolygonFeature], slice: Int = 1 << 14) {
        let views: [[WKBBytes]] = { (all: [PolygonFeature]) in
            parallelMap((all.count + slice - 1) / slice) { s in
                WKBBytes.packed(min(slice, all.count - s * slice)) { all[s * slice + $0].wkb }
            }
        }(features)
        for i in features.indices { features[i].wkb = views[i / slice][i % slice] }
    }

    public func string(_ field: String) -> String? { fields[field]?.stringValue }

    public func number(_ field: String) -> Double? {
        switch fields[field] {
        case .int(let i)?: Double(i)
        case .double(let d)?: d
        case .string(let s)?: Double(s.trimmedOfSpaces)
        default: nil
        }
    }
}

private final class RepairNote: Sendable {
    let text: String
    init(_ text: String) { self.text = text }
}

/// A feature that could not become a polygon and was left out (and said so).
public struct SkippedFeature: Sendable {
    /// 1-based feature number in its layer, as a user counts.
    public let row: Int
    /// The feature's id in its layer (GDAL FID).
    public let fid: Int64
    /// Its attribute values (an `--id-field` names it by one).
    public let fields: FieldValues
    public let reason: String

    public init(row: Int, fid: Int64, fields: FieldValues, reason: String) {
        (self.row, self.fid, self.fields, self.reason) = (row, fid, fields, reason)
    }

    /// How messages name the feature: `feature 2 (fid 3)`, or `feature 3` (see `featureName`).
    public var label: String { featureName(row, fid: fid) }
}

/// A layer ready for analysis.
public struct PolygonLayer: Sendable {
    public let file: String
    public let name: String
    /// The layer's own CRS ("EPSG:n" or WKT).
    public let crs: String
    public let features: [PolygonFeature]
    public let skipped: [SkippedFeature]
    public let droppedZM: Bool
    /// Metres per unit of the layer's own CRS when it is projected (nil when geographic).
    public let metresPerUnit: Double?
    /// The reader's notes on the layer (`GeoIO.Layer.notes`): a layer chosen among several, a local
    /// CRS set aside for --assume-crs.
    public var notes: [String] = []
    /// Every field the source layer has (also those not read), for messages.
    public var fieldNames: [String] = []

    public var repairedCount: Int { features.filter { $0.repair != nil }.count }

    /// Warnings for the report: repairs and skips, one line each, then a summary.
    public var warnings: [String] {
        let layer = "\(file): layer '\(name)'"
        var out = notes.map { "\(layer): \($0)" }
        for f in features { if let r = f.repair { out.append("\(layer), \(f.label): repaired (\(r))") } }
        for s in skipped { out.append("\(layer), \(s.label): skipped (\(s.reason))") }
        if droppedZM { out.append("\(layer): Z/M coordinates dropped; parcels works in 2D") }
        return out
    }
}

/// Bad input: one line naming the file, layer and feature. Exit status 1.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let layer: String?
    /// 1-based feature number in its layer, as a user counts.
    public let feature: Int?
    /// The feature's id in its layer (GDAL FID), when known.
    public let fid: Int64?
    public let reason: String

    public init(file: String, layer: String? = nil, feature: Int? = nil, fid: Int64? = nil, reason: String) {
        self.file = file; self.layer = layer; self.feature = feature; self.fid = fid; self.reason = reason
    }

    /// GDAL's error, as the domain reports it.
    init(_ error: GeoIOError) {
        self.init(file: error.file, layer: error.layer, feature: error.feature, fid: error.fid, reason: error.reason)
    }

    public var description: String {
        var s = file
        if let layer { s += ": layer '\(layer)'" }
        if let feature { s += ", " + featureName(feature, fid: fid) }
        return s + ": " + reason
    }
}

import Foundation
