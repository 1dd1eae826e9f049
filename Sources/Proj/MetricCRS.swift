// MetricCRS.swift — chooses a local metric CRS for overlay work: the WGS84 UTM zone of a point.
//
// Zone = ⌊(lon + 180) / 6⌋ + 1 on the longitude wrapped into [-180, 180]; lon = 180 belongs to zone 60
// (its east edge). North of (or on) the equator EPSG:326zz, south EPSG:327zz. The Norway (32V) and
// Svalbard (31X–37X) exceptions are not applied: any zone is a good local metric frame for overlays,
// and areas are reported on the ellipsoid anyway. UTM is not defined beyond 84°N / 80°S; near the
// poles a UPS or local CRS would be better, which callers can pass with --crs.

import Foundation

/// Choice of a metric CRS for the data's location.
public enum MetricCRS {
    /// The WGS84 / UTM zone CRS containing a longitude/latitude point, e.g. `"EPSG:32651"` for
    /// Shanghai. Non-finite input is treated as 0 (zone 31 north) rather than trapping.
    public static func utm(longitude: Double, latitude: Double) -> String {
        var lon = longitude.isFinite ? longitude : 0
        if lon < -180 || lon > 180 {
            lon = (lon + 180).truncatingRemainder(dividingBy: 360)   // (-360, 360)
            lon += lon < 0 ? 180 : -180                                // [-180, 180)
        }
        // lon + 180 ≥ 0, so truncation is the floor (and needs no libm).
        let zone = min(Int((lon + 180) / 6) + 1, 60)
        let hemisphere = latitude < 0 ? 327 : 326
        return "EPSG:\(hemisphere)\(zone < 10 ? "0" : "")\(zone)"
    }

    /// The metric CRS for data at `points` (longitude, latitude): the UTM zone of their centre (a
    /// circular mean of the longitudes, so data across the antimeridian are centred there), unless
    /// some lie more than `maxSpread` degrees of longitude from that zone's central meridian, where a
    /// transverse Mercator stretches distances by more than a few percent and fails altogether a
    /// quarter of the globe away: then, for data all beyond 60° of one hemisphere, the polar
    /// stereographic EPSG:3995 (north) or EPSG:3031 (south), else the global equal-area EPSG:6933 (WGS
    /// 84 / NSIDC EASE-Grid 2.0 Global), in which every polygon on Earth can be checked and repaired.
    /// Nil without points.
    public static func forData(_ points: [(longitude: Double, latitude: Double)], maxSpread: Double = 15) -> String? {
        let finite = points.filter { $0.longitude.isFinite && $0.latitude.isFinite }
        guard !finite.isEmpty else { return nil }
        let radians = Double.pi / 180
        let x = finite.reduce(0.0) { $0 + cos($1.longitude * radians) }, y = finite.reduce(0.0) { $0 + sin($1.longitude * radians) }
        let lon = x == 0 && y == 0 ? finite[0].longitude : atan2(y, x) / radians
        let lat = finite.reduce(0.0) { $0 + $1.latitude } / Double(finite.count)
        let zone = utm(longitude: lon, latitude: lat)
        let number = Double(Int(zone.suffix(2))!)
        let centralMeridian = 6 * number - 183
        let spread = finite.map { p -> Double in
            let d = abs((p.longitude - centralMeridian).truncatingRemainder(dividingBy: 360))
            return min(d, 360 - d)
        }.max()!
        guard spread > maxSpread else { return zone }
        // Spread data all near one pole: that pole's stereographic projection, true to scale at 71°.
        if finite.allSatisfy({ $0.latitude >= 60 }) { return "EPSG:3995" }
        if finite.allSatisfy({ $0.latitude <= -60 }) { return "EPSG:3031" }
        // Elsewhere the equal-area cylinder, which PROJ computes beyond its ±86° area of use (a
        // building at 88° N among others in Singapore is distorted there, but never unprojectable,
        // as it is in a transverse Mercator 90° of longitude away).
        return "EPSG:6933"
    }
}
