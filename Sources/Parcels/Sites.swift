// Sites: connected pieces of freed land, per zone. Freed polygons closer than `gap` metres are one
// site (a wall's width or a path between two cleared plots does not split a site); a site counts
// when its freed land is at least `minSite` m². Clusters are found with an STRtree (envelopes grown
// by the gap) and a union-find over pairs whose true distance is within the gap. Polygons that touch
// or overlap (terraced houses sharing walls: distance 0, or within rounding of it) are one piece of
// land: a second union-find groups them, each group is dissolved in the site's shape (a valid
// MultiPolygon, see Dissolve.swift), and a site's `pieces` counts the polygons left. Its area is the
// sum of its polygons' measured areas (freed land is counted once, so they share none), never the
// dissolved shape measured again.
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
    try startFindingSites(freedByZone, areas: areas, p, metricCRS: metricCRS).result()
}

/// `findSites` started on other threads, the zones worked through while the caller goes on;
/// `result()` (called once, always) works on the zones left and returns the sites.
func startFindingSites(_ freedByZone: [[[UInt8]]], areas: [[Double]]? = nil, _ p: SiteParameters,
                       metricCRS: String) -> JoinableMap<Worker, [Site]> {
    JoinableMap(freedByZone.count, chunk: 1, makeState: { try Worker(metricCRS: metricCRS) }, keepAll: true) { w, z in
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
        let envelopes = polygons.map(\.envelope)
        var site = UnionFind(count: polygons.count)      // within the gap of each other
        var piece = UnionFind(count: polygons.count)     // touching or overlapping
        var distances = PairDistances { polygons[$0] }
        for i in polygons.indices {
            for j in try tree.query(envelopes[i]!.expanded(by: max(p.gap, touchingDistance))) where j > i {
                if site.root(i) != site.root(j) {
                    let d = try distances.distance(i, j)
                    if d <= p.gap { site.join(i, j) }
                    if d <= touchingDistance { piece.join(i, j) }
                } else if piece.root(i) != piece.root(j), envelopes[i]!.expanded(by: touchingDistance).intersects(envelopes[j]!),
                          try distances.isWithinDistance(touchingDistance, i, j) {
                    piece.join(i, j)
                }
            }
        }
        var sites: [Site] = []
        // Clusters in the order of their roots: sites of equal area keep that order below.
        let clusters = site.groups(of: polygons.indices).map { (root: site.root($0[0]), members: $0) }
        for list in clusters.sorted(by: { $0.root < $1.root }).map(\.members) {
            let m2 = try list.reduce(0.0) { $0 + (try known[$1] ?? w.ellipsoidalArea(polygons[$1])) }
            guard m2 >= p.minSite else { continue }
            let shape = try w.multiPolygon(piece.groups(of: list).map { try w.dissolved($0.map { polygons[$0] }) })
            sites.append(Site(zone: z, m2: m2, pieces: shape.numGeometries, wkb: shape.wkb))
        }
        return sites.sorted { $0.m2 > $1.m2 }
    }
}
