// Geodesic.swift — ellipsoidal area on WGS84, the area every report figure is given in.
//
// Each ring's area is GeographicLib's exact geodesic polygon area (Karney 2013) through PROJ's
// `geod_polygonarea`, on a = 6378137 m, f = 1/298.257223563 (WGS84; CGCS2000 differs in f by
// < 1e-10, far below a square millimetre on a parcel). Ring orientation is ignored: a polygon's
// area is |shell| − Σ|holes|, and a geometry's area is the sum over its polygons, as PostGIS
// `ST_Area(geography)`. Points and lines have no area.

import CPROJ

/// Ellipsoidal (geodesic) areas on WGS84, in square metres.
public enum Geodesic {
    public static let semiMajorAxis = 6378137.0
    public static let flattening = 1 / 298.257223563

    /// Area in m² of every polygon in a longitude/latitude (degrees) WKB geometry: for each polygon
    /// |shell| − Σ|holes|, whatever the rings' orientation. Points and lines count 0. Throws `WKBError`
    /// for unreadable WKB and `PROJError` when a latitude lies outside ±90° (projected coordinates
    /// passed by mistake). Wraps `geod_polygonarea`.
    public static func area(lonLatWKB: [UInt8]) throws -> Double {
        var total = 0.0
        for rings in try WKB.decode(lonLatWKB).polygons {
            for (index, ring) in rings.enumerated() {
                try checkLatitudes(ring)
                total += index == 0 ? ringArea(ring) : -ringArea(ring)
            }
        }
        return total
    }

    /// Unsigned area in m² enclosed by one ring of interleaved longitude,latitude degrees. The closing
    /// vertex may be repeated or not; fewer than 3 distinct vertices enclose 0.
    /// Wraps `geod_polygonarea`.
    public static func ringArea(_ lonLat: [Double]) -> Double {
        var lons: [Double] = [], lats: [Double] = []
        lons.reserveCapacity(lonLat.count / 2)
        lats.reserveCapacity(lonLat.count / 2)
        var index = 0
        while index + 1 < lonLat.count {
            lons.append(lonLat[index])
            lats.append(lonLat[index + 1])
            index += 2
        }
        // A repeated closing vertex adds a zero-length edge, which changes nothing; drop it anyway.
        if lons.count > 1, lons.first == lons.last, lats.first == lats.last {
            lons.removeLast()
            lats.removeLast()
        }
        guard lons.count >= 3, let count = Int32(exactly: lons.count) else { return 0 }
        var geodesic = geod_geodesic()
        geod_init(&geodesic, semiMajorAxis, flattening)
        var area = 0.0, perimeter = 0.0
        geod_polygonarea(&geodesic, &lats, &lons, count, &area, &perimeter)
        return abs(area)   // signed: counter-clockwise positive
    }

    private static func checkLatitudes(_ ring: [Double]) throws(PROJError) {
        var index = 1
        while index < ring.count {
            let latitude = ring[index]
            try PROJError.require(latitude.isFinite && abs(latitude) <= 90,
                                  "latitude \(latitude) of vertex \(index / 2) is outside [-90, 90]: "
                                  + "geodesic area needs longitude/latitude degrees")
            index += 2
        }
    }
}
