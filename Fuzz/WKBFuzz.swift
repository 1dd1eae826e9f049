// libFuzzer target `wkb`: Proj's WKB reader, and the loader's per-feature path, on fuzzed bytes.
//
// Byte 0 picks the feature's CRS (even: longitude/latitude; odd: UTM 51N, EPSG:32651); the rest is
// the feature's WKB. Checked:
//   - `WKB.decode` never traps; what it decodes re-encodes to WKB that decodes to the same bytes, and
//     `replacingCoordinates` with its own coordinates gives the same geometry;
//   - `Preparer.prepare` (read → longitude/latitude → checks → ring repair → projection → make-valid)
//     returns a feature, a skip or an `InputError`, never traps; a feature it returns is a valid
//     polygon of positive, finite area.
import Foundation
import Geos
import GeoIO
import Proj
@testable import Parcels

nonisolated(unsafe) var preparers: [Preparer] = []

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWKB(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if preparers.isEmpty {
        preparers = [try! Preparer(from: nil, to: "EPSG:32651"), try! Preparer(from: "EPSG:32651", to: "EPSG:32651")]
    }
    guard size >= 1 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))

    // 1. The reader, and its round trip.
    if let g = try? WKB.decode(bytes) {
        let encoded = WKB.encode(g)
        guard let again = try? WKB.decode(encoded) else { fatalError("re-encoded WKB does not decode") }
        guard WKB.encode(again) == encoded else { fatalError("WKB round trip changed the geometry") }
        guard let same = try? g.replacingCoordinates(g.coordinates), WKB.encode(same) == encoded else {
            fatalError("replacingCoordinates with its own coordinates changed the geometry")
        }
        _ = g.polygons
    }

    // 2. The loader's path for one feature.
    let preparer = preparers[Int(data[0] & 1)]
    let feature = Feature(index: 0, fid: 0, fields: [:], wkb: bytes)
    do {
        if case .feature(let f) = try preparer.prepare(feature, row: 1, file: "fuzz", layer: "fuzz") {
            let g = try Geometry(wkb: f.wkb.array, context: preparer.geos)
            guard try g.isValid() else { fatalError("prepared feature is not valid: \(g.wkt)") }
            guard f.areaM2.isFinite, f.areaM2 >= 0 else { fatalError("prepared feature has area \(f.areaM2)") }
        }
    } catch is InputError {
    } catch is GEOSError {
    } catch {
        fatalError("unexpected error type \(type(of: error)): \(error)")
    }
    return 0
}
