// City.swift — the public face of the generator: `CityGen.generate(seed:buildings:)` returns a
// `City` whose layers (districts, parcels, before, after, exclusions, claims) hold lon/lat
// (EPSG:4326) polygons and typed fields, plus the `Truth` planted in them. Generation runs in
// metres in UTM 51N (EPSG:32651) and ends with one PROJ transformation per layer; coordinates are
// rounded to 1e-9° so that every output format carries the same numbers the truth was measured on.

import GeoIO
import Proj

/// One layer of single-ring polygons in lon/lat, with typed attribute columns.
public struct CityLayer: Sendable {
    public let name: String
    public let fields: [(name: String, kind: FieldKind)]
    let rings: RingStore
    let columns: [[FieldValue]]

    init(name: String, fields: [(name: String, kind: FieldKind)], rings: RingStore, columns: [[FieldValue]]) {
        precondition(columns.count == fields.count && columns.allSatisfy { $0.count == rings.count })
        self.name = name; self.fields = fields; self.rings = rings; self.columns = columns
    }

    public var count: Int { rings.count }

    /// The ring of feature `i` as interleaved lon,lat, closed (first point repeated last).
    public func ring(_ i: Int) -> [Double] {
        var out = Array(rings.flat(i))
        out.append(out[0]); out.append(out[1])
        return out
    }

    /// Feature `i` as a 2D little-endian ISO WKB polygon.
    public func wkb(_ i: Int) -> [UInt8] { Self.polygonWKB(rings.flat(i)) }

    /// The values of feature `i`, in the order of `fields`.
    public func values(_ i: Int) -> [FieldValue] { columns.map { $0[i] } }

    /// The value of `field` for feature `i` (.null if the layer has no such field).
    public func value(_ field: String, _ i: Int) -> FieldValue {
        guard let k = fields.firstIndex(where: { $0.name == field }) else { return .null }
        return columns[k][i]
    }

    static func polygonWKB(_ open: ArraySlice<Double>) -> [UInt8] {
        let points = open.count / 2 + 1
        var out = [UInt8]()
        out.reserveCapacity(13 + 16 * points)
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func f64(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        out.append(1); u32(3); u32(1); u32(UInt32(points))
        for v in open { f64(v) }
        f64(open[open.startIndex]); f64(open[open.startIndex + 1])
        return out
    }
}

/// What goes wrong generating or writing a city: a message for the user (bad size, an unknown CRS,
/// an unwritable directory).
public struct CityGenError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ message: String) { description = message }
}

/// A generated city: six layers in lon/lat and the truth planted in them.
public struct City: Sendable {
    public let seed: UInt64
    public let buildingCount: Int
    public let districts: CityLayer
    public let parcels: CityLayer
    public let before: CityLayer
    public let after: CityLayer
    public let exclusions: CityLayer
    public let claims: CityLayer
    public let truth: Truth

    /// The layers in the order they are written.
    public var layers: [CityLayer] { [districts, parcels, before, after, exclusions, claims] }
}

public enum CityGen {
    /// The CRS the city is generated in (metres) and the one it is delivered in.
    public static let metricCRS = "EPSG:32651"
    public static let crs = "EPSG:4326"

    /// Side of the (square, before jitter) city in metres: grows with √buildings, 3–46 km, so that
    /// even a million buildings stay within lon 121.2–121.8, lat 30.9–31.4.
    public static func citySide(buildings: Int) -> Double {
        max(3000, min(46000, 45 * Double(buildings).squareRoot()))
    }

    /// Generates the city for `seed` with exactly `buildings` before-survey footprints.
    /// The same seed and size always give the same city, to the bit.
    /// With `redraw`, the after survey draws every unchanged building from another corner, either
    /// way round, with one more vertex on a wall (`AfterSurvey`): the truth is the same.
    public static func generate(seed: UInt64, buildings: Int, redraw: Bool = false) throws -> City {
        guard buildings >= 1 else { throw CityGenError("the number of buildings must be at least 1") }
        let layout = Layout(side: citySide(buildings: buildings), seed: seed)
        var before = try BeforeSurvey(layout: layout, seed: seed, buildings: buildings,
                                      newOnOpenLand: buildings >= 20 ? max(1, buildings / 50) : 0)
        let after = AfterSurvey(before: &before, layout: layout, seed: seed, redraw: redraw)
        let claimSet = ClaimSet(before: before, after: after, layout: layout, seed: seed)
        return try Assembly(layout: layout, before: before, after: after, claims: claimSet,
                            seed: seed, buildings: buildings).city()
    }

    static func buildingID(_ n: Int) -> String { prefixed("B", n) }
    static func parcelID(_ n: Int) -> String { prefixed("P", n) }
    static func claimID(_ n: Int) -> String { prefixed("C", n) }

    /// "B000123": a letter and at least six digits, built in one allocation-free step.
    static func prefixed(_ letter: Unicode.Scalar, _ n: Int) -> String {
        var digits = 1, v = n
        while v >= 10 { v /= 10; digits += 1 }
        let count = 1 + max(6, digits)
        return String(unsafeUninitializedCapacity: count) { buffer in
            buffer[0] = UInt8(letter.value)
            var v = n
            for k in stride(from: count - 1, through: 1, by: -1) {
                buffer[k] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            }
            return count
        }
    }

    /// `n` in decimal with leading zeros to `width` digits (more digits when needed).
    static func zeroPadded(_ n: Int, _ width: Int) -> String {
        var digits = 1, v = n
        while v >= 10 { v /= 10; digits += 1 }
        let count = max(width, digits)
        return String(unsafeUninitializedCapacity: count) { buffer in
            var v = n
            for k in stride(from: count - 1, through: 0, by: -1) {
                buffer[k] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            }
            return count
        }
    }
}
