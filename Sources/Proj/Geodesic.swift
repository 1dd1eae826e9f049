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

    /// Area in m² of polygons whose rings lie one after another in `lonLat` (interleaved longitude,
    /// latitude degrees): each ring's number of points and whether it is a shell; a hole's area is
    /// subtracted, whatever the rings' orientation. No latitude check (for coordinates already checked
    /// or produced by PROJ).
    public static func area(lonLat: [Double], rings: [(points: Int, isShell: Bool)]) -> Double {
        var total = 0.0, offset = 0
        for ring in rings {
            let a = ringArea(lonLat[offset..<offset + 2 * ring.points])
            total += ring.isShell ? a : -a
            offset += 2 * ring.points
        }
        return total
    }

    /// Unsigned area in m² enclosed by one ring of interleaved longitude,latitude degrees. The closing
    /// vertex may be repeated or not; fewer than 3 distinct vertices enclose 0.
    /// Wraps `geod_polygonarea`.
    public static func ringArea(_ lonLat: [Double]) -> Double { ringArea(lonLat[...]) }

    /// `ringArea` of a ring held in part of a larger coordinate array.
    public static func ringArea(_ lonLat: ArraySlice<Double>) -> Double {
        let s = lonLat.startIndex
        var n = lonLat.count / 2
        // A repeated closing vertex adds a zero-length edge, which changes nothing; drop it anyway.
        if n > 1, lonLat[s] == lonLat[s + 2 * n - 2], lonLat[s + 1] == lonLat[s + 2 * n - 1] { n -= 1 }
        guard n >= 3 else { return 0 }
        // The incremental form needs no copies of the coordinates.
        var geodesic = wgs84
        var polygon = geod_polygon()
        geod_polygon_init(&polygon, 0)
        for i in 0..<n { geod_polygon_addpoint(&geodesic, &polygon, lonLat[s + 2 * i + 1], lonLat[s + 2 * i]) }
        var area = 0.0
        geod_polygon_compute(&geodesic, &polygon, 0, 1, &area, nil)
        return abs(area)   // signed: counter-clockwise positive
    }

    /// The WGS84 ellipsoid's constants, computed once (`geod_init` costs as much as a few edges).
    private static let wgs84: geod_geodesic = {
        var g = geod_geodesic()
        geod_init(&g, semiMajorAxis, flattening)
        return g
    }()

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
