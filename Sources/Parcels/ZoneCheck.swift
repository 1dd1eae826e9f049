// Zones should tile the study area: where two zones overlap their land is counted in both, and
// where they leave a gap land belongs to none. Both are reported as warnings with their places.
import Geos

func checkZones(_ zones: [PolygonFeature], names: [String], metricCRS: String) throws -> [String] {
    let w = try Worker(metricCRS: metricCRS)
    let geometries = try zones.map { try w.geometry($0.wkb) }
    let index = SpatialIndex(zones.map(\.envelope))
    var warnings: [String] = []
    for (i, g) in geometries.enumerated() {
        for j in index.candidates(zones[i].envelope) where j > i && names[j] != names[i] {
            guard try g.intersects(geometries[j]), let common = try g.intersection(geometries[j]).polygonalPart() else { continue }
            let m2 = try w.ellipsoidalArea(common)
            if m2 > 1 {
                warnings.append("zones '\(names[i])' and '\(names[j])' overlap by \(format(m2)) m² near \(try place(common, w)); that land is counted in both")
            }
        }
    }
    if geometries.count > 1 {
        let all = try w.union(geometries)
        for rings in try all.polygonRings() {
            for hole in rings.holes {
                let gap = try Geometry.polygon(shell: hole, context: w.geos)
                let m2 = try w.ellipsoidalArea(gap)
                if m2 > 1 { warnings.append("gap of \(format(m2)) m² between zones near \(try place(gap, w)); land there belongs to no zone") }
            }
        }
    }
    return warnings
}

/// "lon 121.47312, lat 31.23021" for a point on `g`.
func place(_ g: Geometry, _ w: Worker) throws -> String {
    let p = try w.lonLatWKB(g.pointOnSurface())
    let point = try Geometry(wkb: p, context: w.geos).coordinates()
    guard point.count >= 2 else { return "?" }
    return "lon \(fixed(point[0], 5)), lat \(fixed(point[1], 5))"
}

func format(_ m2: Double) -> String { fixed(m2, 1) }

func fixed(_ x: Double, _ digits: Int) -> String { formatFixed(x, digits: digits) }

/// `x` with exactly `digits` decimals, as printf's "%.*f" prints it, without "-0". Integer arithmetic:
/// Foundation's String(format:) costs some 12,000 instructions a call on Linux, and reports print
/// hundreds of thousands of figures. Near a tie (…5 in the first dropped digit) the scaled product
/// may round differently from the exact binary value printf rounds, so those rare cases go to printf.
public func formatFixed(_ x: Double, digits: Int) -> String {
    let digits = max(0, min(digits, 6))
    let scale = [1.0, 10, 100, 1_000, 10_000, 100_000, 1_000_000][digits]
    let scaled = abs(x) * scale
    guard x.isFinite, scaled < 9e15, abs(scaled - scaled.rounded(.down) - 0.5) > 1e-6 else {
        let s = String(format: "%.\(digits)f", x)
        return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s
    }
    let n = Int64(scaled.rounded())
    let whole = String(n / Int64(scale))
    var out = (x < 0 && n != 0 ? "-" : "") + whole
    if digits > 0 {
        let fraction = String(n % Int64(scale))
        out += "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
    return out
}
