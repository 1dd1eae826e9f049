// Zones should tile the study area: where two zones overlap their land is counted in both, and
// where they leave a gap land belongs to none. Both are reported as warnings with their places.
import Geos

func checkZones(_ zones: [PolygonFeature], names: [String], metricCRS: String) throws -> [String] {
    let w = try Worker(metricCRS: metricCRS)
    let geometries = try zones.map { try w.geometry($0.wkb) }
    let index = SpatialIndex(zones.map(\.envelope))
    var warnings: [String] = []
    // Zones that meet, in groups: a gap can only be enclosed by zones that meet (or by one zone).
    var group = Array(zones.indices)
    func root(_ k: Int) -> Int {      // with path halving: a layer of 100k zones makes no long chains
        var k = k
        while group[k] != k { group[k] = group[group[k]]; k = group[k] }
        return k
    }
    for (i, g) in geometries.enumerated() {
        let prepared = try g.prepared()
        for j in index.candidates(zones[i].envelope) where j > i {
            guard try prepared.intersects(geometries[j]) else { continue }
            let (joined, into) = (root(j), root(i))
            group[joined] = into
            guard names[j] != names[i], let common = try overlap(g, geometries[j], w) else { continue }
            let m2 = try w.ellipsoidalArea(common)
            if m2 > 1 {
                warnings.append("zones '\(names[i])' and '\(names[j])' overlap by \(format(m2)) m² near \(try place(common, w)); that land is counted in both")
            }
        }
    }
    // Gaps: holes in the union of each group (one zone alone is its own union). Zones that meet no
    // other (a district made of its parcels, roads between) are not unioned: 56,000 parcels took
    // GEOS 8.6 s to union. A hole may hold zones of other groups (a town inside a ring-shaped
    // district, meeting none of it): the gap is the hole less them, each piece of it a gap of its own.
    // Only enclosed gaps are found: land between zones that opens onto the land around them all
    // cannot be told from the land beyond the study area.
    let roots = zones.indices.map(root)
    let groups = Dictionary(grouping: zones.indices, by: { roots[$0] }).values.sorted { $0[0] < $1[0] }
    for members in groups where geometries.count > 1 {
        let all = try w.union(members.map { geometries[$0] })
        for rings in try all.polygonRings() {
            for hole in rings.holes {
                var gap = try Geometry.polygon(shell: hole, context: w.geos)
                // Zones of other groups meet no zone of this one, so one that meets the hole lies in it.
                let inside = try index.candidates(gap.envelope!).filter { roots[$0] != roots[members[0]] }
                    .filter { try gap.intersects(geometries[$0]) }
                if !inside.isEmpty { gap = try gap.difference(w.union(inside.map { geometries[$0] })) }
                for piece in inside.isEmpty ? [gap] : try gap.polygonalPart()?.parts() ?? [] {
                    let m2 = try w.ellipsoidalArea(piece)
                    if m2 > 1 { warnings.append("gap of \(format(m2)) m² between zones near \(try place(piece, w)); land there belongs to no zone") }
                }
            }
        }
    }
    return warnings
}

/// The land `g` and `h` share, nil when they share none. Zones of many parts (a district made of its
/// parcels: thousands of them) are overlaid part by part, only where parts' envelopes meet: an
/// overlay of two such zones whole took GEOS seconds each (the parts of a valid zone do not overlap,
/// so the pieces do not either).
private func overlap(_ g: Geometry, _ h: Geometry, _ w: Worker) throws -> Geometry? {
    if g.numGeometries == 1 || h.numGeometries == 1 { return try g.intersection(h).polygonalPart() }
    let gParts = try g.parts(), hParts = try h.parts()
    let index = SpatialIndex(hParts.map(\.envelope))
    var pieces: [Geometry] = []
    for part in gParts {
        let prepared = try part.prepared()
        for k in index.candidates(part.envelope) where try prepared.intersects(hParts[k]) {
            if let piece = try part.intersection(hParts[k]).polygonalPart() { pieces.append(piece) }
        }
    }
    if pieces.count <= 1 { return pieces.first }
    return try w.multiPolygon(pieces)
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
