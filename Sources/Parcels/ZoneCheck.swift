// Zones should tile the study area: where two zones overlap their land is counted in both, and
// where they leave a gap land belongs to none. Both are reported as warnings with their places.
import Geos

func checkZones(_ zones: [PolygonFeature], names: [String], metricCRS: String) throws -> [String] {
    let w = try Worker(metricCRS: metricCRS)
    let geometries = try zones.map { try w.geometry($0.wkb) }
    let index = try IndexedLayer(zones.map(\.envelope), context: w.geos)
    var warnings: [String] = []
    for (i, g) in geometries.enumerated() {
        for j in try index.candidates(zones[i].envelope) where j > i && names[j] != names[i] {
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

func fixed(_ x: Double, _ digits: Int) -> String {
    var s = String(format: "%.\(digits)f", x)
    if s.hasPrefix("-") && Double(s) == 0 { s.removeFirst() }
    return s
}

import Foundation
