// Hand-made layers for the domain tests. Coordinates are metres in a Lambert azimuthal equal-area
// projection centred on Shanghai: an equal-area projection of the ellipsoid, so the ellipsoidal area
// of a 20 m × 20 m square drawn there is 400 m² (to far below 0.01 m² for shapes this small), and every
// expected figure in the tests is hand arithmetic on rectangles.
import Foundation
import GeoIO
import Geos
import Proj
import Testing
@testable import Parcels

let equalAreaCRS = "+proj=laea +lat_0=31.2 +lon_0=121.5 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs +type=crs"

/// A rectangle x0…x1 × y0…y1 as WKB (counter-clockwise unless `clockwise`).
func rect(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, clockwise: Bool = false) -> [UInt8] {
    let ring = clockwise ? [x0, y0, x0, y1, x1, y1, x1, y0, x0, y0] : [x0, y0, x1, y0, x1, y1, x0, y1, x0, y0]
    return WKB.encode(.polygon([ring]))
}

func polygon(_ rings: [[Double]]) -> [UInt8] { WKB.encode(.polygon(rings)) }

// The geometry helpers on plain arrays, as the tests write their shapes (features hold `WKBBytes`).
func sameOutline(_ a: [UInt8], _ b: [UInt8], within tolerance: Double) -> Bool {
    sameOutline(WKBBytes(a), WKBBytes(b), within: tolerance)
}
func separatedByAnEdge(_ a: PolygonWKB?, _ b: [UInt8], _ geos: GeosContext) -> Bool { separatedByAnEdge(a, WKBBytes(b), geos) }
func overlapByAVertex(_ a: PolygonWKB?, _ b: [UInt8], _ geos: GeosContext) -> Bool { overlapByAVertex(a, WKBBytes(b), geos) }

/// A road network dissolved into one polygon: a 1,000.5 m square of streets 0.5 m wide around
/// 100 × 100 blocks of 9.5 m, the blocks as clockwise holes (10,001 rings, 50,005 vertices).
func streetGrid() -> [UInt8] {
    var rings = [[0.0, 0, 1000.5, 0, 1000.5, 1000.5, 0, 1000.5, 0, 0]]
    for row in 0..<100 {
        for column in 0..<100 {
            let (x, y) = (0.5 + 10 * Double(column), 0.5 + 10 * Double(row))
            rings.append([x, y, x, y + 9.5, x + 9.5, y + 9.5, x + 9.5, y, x, y])
        }
    }
    return polygon(rings)
}

/// A temporary folder with one GeoPackage per layer, written in `equalAreaCRS`.
final class Scenario {
    let dir: String

    init() {
        dir = NSTemporaryDirectory() + "parcels-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    /// Writes `features` (WKB, then string fields) as `name`.gpkg and returns its path.
    @discardableResult
    func layer(_ name: String, fields: [String] = [], _ features: [([UInt8], [String])], crs: String = equalAreaCRS) throws -> String {
        let path = "\(dir)/\(name).gpkg"
        let out = OutputLayer(name: name, crs: crs, geometryType: .multipolygon,
                              fields: fields.map { ($0, FieldKind.string) },
                              rows: features.map { ($0.0, $0.1.map { FieldValue.string($0) }) })
        try writeGeoPackage(path, layers: [out])
        return path
    }

    /// Two 1 km × 1 km districts side by side: West (0…1000) and East (1000…2000).
    func twoDistricts() throws -> String {
        try layer("zones", fields: ["district"], [(rect(0, 0, 1000, 1000), ["West"]), (rect(1000, 0, 2000, 1000), ["East"])])
    }

    /// An empty layer is an error, so an after survey with no building left holds this 5 × 5 shed in
    /// the far corner of East, away from every test building (it is one new structure in East).
    let farShed = rect(1990, 990, 1995, 995)

    func report(before: [[UInt8]], after: [[UInt8]], exclusions: [[UInt8]] = [], parcels: [([UInt8], [String])]? = nil,
                configure: (inout ReportOptions) -> Void = { _ in }) throws -> Report {
        let zones = try twoDistricts()
        var o = ReportOptions(zones: zones, before: try layer("before", before.map { ($0, []) }),
                              after: try layer("after", (after.isEmpty ? [farShed] : after).map { ($0, []) }))
        if !exclusions.isEmpty { o.exclusions = [try layer("exclusions", exclusions.map { ($0, []) })] }
        if let parcels { o.parcels = try layer("parcels", fields: ["parcel_id", "land_use"], parcels) }
        configure(&o)
        return try runReport(o)
    }
}

/// Within 1e-6 relative or 0.01 m², whichever is larger.
func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= max(0.01, 1e-6 * abs(b)) }

func zone(_ r: Report, _ name: String) -> ZoneFigures { r.zones.first { $0.zone == name }! }
