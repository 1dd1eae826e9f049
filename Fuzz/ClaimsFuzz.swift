// libFuzzer target `claims`: the claims CSV through GeoIO (a plain file's records split by GeoIO,
// any other by GDAL's CSV reader; the WKT column parsed by GeoIO, text checked for UTF-8), read both
// ways and compared (GeoIO's split must give what GDAL gives, feature for feature, or the same
// error), then each row through the loader (leniently, as claims are) and the row checks of
// `verifyClaims` against a fixed one-building survey.
//
// The fuzzed bytes are written to a temporary .csv (GDAL reads files); a read error is a `GeoIOError`,
// a bad row a rejected row, nothing traps.
import Foundation
import Geos
@testable import GeoIO
import Proj
@testable import Parcels

struct ClaimsFixture {
    let path: String
    let preparer: Preparer
    let before: PolygonLayer
    let zones: PolygonLayer
}

nonisolated(unsafe) var claimsFixture: ClaimsFixture?

/// A 20 m × 20 m building in zone "A" near Shanghai, prepared once.
func makeClaimsFixture() -> ClaimsFixture {
    setenv("PARCELS_THREADS", "1", 1)
    let preparer = try! Preparer(from: nil, to: "EPSG:32651")
    func layer(_ name: String, _ ring: [Double], _ fields: [String: FieldValue]) -> PolygonLayer {
        let feature = Feature(index: 0, fid: 0, fields: FieldValues(fields), wkb: WKB.encode(.polygon([ring])))
        guard case .feature(let f) = try! preparer.prepare(feature, row: 1, file: name, layer: name) else { fatalError() }
        return PolygonLayer(file: name, name: name, crs: "EPSG:4326", features: [f], skipped: [], droppedZM: false, metresPerUnit: nil)
    }
    let building = [121.4705, 31.2305, 121.4707, 31.2305, 121.4707, 31.2307, 121.4705, 31.2307, 121.4705, 31.2305]
    let zone = [121.47, 31.23, 121.472, 31.23, 121.472, 31.232, 121.47, 31.232, 121.47, 31.23]
    return ClaimsFixture(path: NSTemporaryDirectory() + "parcels-fuzz-claims-\(getpid()).csv", preparer: preparer,
                         before: layer("before", building, ["building_id": .string("B1"), "floors": .int(3)]),
                         zones: layer("zones", zone, ["district": .string("A")]))
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClaims(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if claimsFixture == nil { claimsFixture = makeClaimsFixture() }
    let fx = claimsFixture!
    guard FileManager.default.createFile(atPath: fx.path, contents: Data(bytes: data, count: size)) else { fatalError("cannot write \(fx.path)") }

    // Both readers: the same features, or the same error (typed: always a GeoIOError).
    func read(_ bypassing: Bool) -> Result<[Feature], GeoIOError> {
        var features: [Feature] = []
        do throws(GeoIOError) {
            _ = try readLayer(fx.path, batch: 5, bypassingGDAL: bypassing) { features += $0.features; return true }
            return .success(features)
        } catch { return .failure(error) }
    }
    switch (read(true), read(false)) {
    case (.failure(let a), .failure(let b)):
        guard a.description == b.description else { fatalError("the readers fail differently: \(a) against \(b)") }
    case (.success(let a), .success(let b)):
        guard a.count == b.count else { fatalError("the readers give \(a.count) and \(b.count) features") }
        for (x, y) in zip(a, b) where x.index != y.index || x.fid != y.fid || x.wkb != y.wkb || x.problem != y.problem
            || x.fields.values != y.fields.values {
            fatalError("the readers differ at feature \(y.index + 1): \(x) against \(y)")
        }
    case (let a, let b):
        fatalError("one reader fails, the other does not: \(a) against \(b)")
    }
    let layer: GeoIO.Layer
    do { layer = try readLayer(fx.path) } catch { return 0 }    // typed: always a GeoIOError
    guard !layer.features.isEmpty else { fatalError("readLayer returned an empty layer") }
    for f in layer.features {
        for name in layer.fieldNames where f.fields[name] == nil { fatalError("feature lacks field \(name)") }
    }

    var features: [PolygonFeature] = []
    var skipped: [SkippedFeature] = []
    for (i, f) in layer.features.enumerated() {
        do {
            switch try fx.preparer.prepare(f, row: i + 1, file: layer.path, layer: layer.name) {
            case .feature(let p): features.append(p)
            case .skipped(let s): skipped.append(s)
            }
        } catch let e as InputError {
            skipped.append(SkippedFeature(row: i + 1, fid: f.fid, fields: f.fields, reason: e.reason))
        } catch is GEOSError {
        } catch { fatalError("unexpected error type \(type(of: error)): \(error)") }
    }
    let claims = PolygonLayer(file: layer.path, name: layer.name, crs: "EPSG:4326", features: features, skipped: skipped,
                              droppedZM: false, metresPerUnit: nil)
    do {
        let v = try verifyClaims(ClaimInputs(claims: claims, before: fx.before, after: fx.before, zones: fx.zones,
                                             zoneNames: ["A"], tolerancePct: 5, metricCRS: "EPSG:32651"))
        guard v.claims.count + v.rejected.count == features.count + skipped.count else {
            fatalError("a row was lost: \(v.claims.count) checked + \(v.rejected.count) rejected of \(features.count + skipped.count)")
        }
        for c in v.claims where !(c.claimedM2.isFinite && c.measuredM2.isFinite && c.verifiedM2.isFinite) {
            fatalError("non-finite figure in claim \(c.claimId)")
        }
    } catch is InputError {
    } catch is GEOSError {
    } catch { fatalError("unexpected error type \(type(of: error)): \(error)") }
    return 0
}
