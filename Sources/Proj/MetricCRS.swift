// MetricCRS.swift — chooses a local metric CRS for overlay work: the WGS84 UTM zone of a point.
//
// Zone = ⌊(lon + 180) / 6⌋ + 1 on the longitude wrapped into [-180, 180]; lon = 180 belongs to zone 60
// (its east edge). North of (or on) the equator EPSG:326zz, south EPSG:327zz. The Norway (32V) and
// Svalbard (31X–37X) exceptions are not applied: any zone is a good local metric frame for overlays,
// and areas are reported on the ellipsoid anyway. UTM is not defined beyond 84°N / 80°S; near the
// poles a UPS or local CRS would be better, which callers can pass with --crs.

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
}
