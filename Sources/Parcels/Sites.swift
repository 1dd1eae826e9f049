// Sites: connected pieces of freed land, per zone. Freed polygons closer than `gap` metres are one
// site (a wall's width or a path between two cleared plots does not split a site); a site counts
// when its freed land is at least `minSite` m². Clusters are found with an STRtree (envelopes grown
// by the gap) and a union-find over pairs whose true distance is within the gap.
import Geos

public struct Site: Sendable {
    public let zone: Int
    public let m2: Double
    public let pieces: Int
    /// The site's freed land in the overlay CRS.
    public let wkb: [UInt8]
}

struct SiteParameters: Sendable {
    var gap: Double
    var minSite: Double
}

/// Sites of every zone; `freedByZone[z]` holds the zone's freed parts (overlay-CRS WKB) and
/// `areas[z]` their ellipsoidal areas when known (measured again where not).
func findSites(_ freedByZone: [[[UInt8]]], areas: [[Double]]? = nil, _ p: SiteParameters, metricCRS: String) throws -> [[Site]] {
    try parallelMap(freedByZone.count, chunk: 1, makeState: { try Worker(metricCRS: metricCRS) }) { w, z in
        var polygons: [Geometry] = []
        var known: [Double?] = []       // a polygon's area when it is a whole part of known area
        for (k, wkb) in freedByZone[z].enumerated() {
            let parts = try w.geometry(wkb).parts()
            polygons += parts
            known += parts.count == 1 ? [areas?[z][k]] : Array(repeating: nil, count: parts.count)
        }
        if polygons.isEmpty { return [] }
        let tree = STRtree(context: w.geos)
        for (i, g) in polygons.enumerated() { tree.insert(g, item: i) }
        var parent = Array(polygons.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        for (i, g) in polygons.enumerated() {
            for j in try tree.query(g.envelope!.expanded(by: p.gap)) where j > i {
                if root(i) != root(j), try g.distance(to: polygons[j]) <= p.gap { parent[root(j)] = root(i) }
            }
        }
        var members: [Int: [Int]] = [:]
        for i in polygons.indices { members[root(i), default: []].append(i) }
        var sites: [Site] = []
        for (_, list) in members.sorted(by: { $0.key < $1.key }) {
            let m2 = try list.reduce(0.0) { $0 + (try known[$1] ?? w.ellipsoidalArea(polygons[$1])) }
            guard m2 >= p.minSite else { continue }
            let shape = try w.multiPolygon(list.map { polygons[$0] })
            sites.append(Site(zone: z, m2: m2, pieces: list.count, wkb: shape.wkb))
        }
        return sites.sorted { $0.m2 > $1.m2 }
    }
}
