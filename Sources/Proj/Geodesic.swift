// Geodesic.swift — ellipsoidal area on WGS84, the area every report figure is given in.
//
// A ring's area is the area of the ellipsoidal polygon whose edges are geodesics (Karney 2013; PostGIS
// `ST_Area(geography)`), on a = 6378137 m, f = 1/298.257223563 (WGS84; CGCS2000 differs in f by
// < 1e-10, far below a square millimetre on a parcel). Ring orientation is ignored: a polygon's area is
// |shell| − Σ|holes|, and a geometry's area is the sum over its polygons. Points and lines have no area.
//
// Two computations, one definition. Large rings (and rings near a pole or across the antimeridian) go
// through GeographicLib's `geod_polygonarea` (one inverse geodesic per edge, ~1 µs). Rings spanning at
// most `smallRingSpan` degrees — every building and nearly every parcel — are measured on the authalic
// sphere, which has the ellipsoid's area exactly: great-circle edges there (spherical excess, a few
// ns per vertex) plus, per edge, the area between the great circle and the image of the ellipsoid's
// geodesic, to first order in the flattening (see `smallRingArea`). Against GeographicLib (run with
// Python geographiclib and in the tests) the two agree to about 1e-9 of the area at 300 m–1 km; below
// ~100 m the small-ring form is the steadier of the two (GeographicLib's per-edge terms are large
// against a small area and leave ~1e-5 relative noise on a 5 m hut, which is still far below 0.01 m²).

import CPROJ
import Foundation

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
        area(lonLat, rings.lazy.map { ($0.points, $0.isShell) })
    }

    /// `area(lonLat:rings:)` with the rings of a polygon view (its coordinates in `lonLat`).
    public static func area(lonLat: [Double], rings: [PolygonWKB.Ring]) -> Double {
        area(lonLat, rings.lazy.map { ($0.count, $0.isShell) })
    }

    private static func area(_ lonLat: [Double], _ rings: some Sequence<(Int, Bool)>) -> Double {
        var total = 0.0, offset = 0
        for (points, isShell) in rings {
            let a = ringArea(lonLat[offset..<offset + 2 * points])
            total += isShell ? a : -a
            offset += 2 * points
        }
        return total
    }

    /// Unsigned area in m² enclosed by one ring of interleaved longitude,latitude degrees. The closing
    /// vertex may be repeated or not; fewer than 3 distinct vertices enclose 0. Small rings on the
    /// authalic sphere (`smallRingArea`), others through `geod_polygonarea`.
    public static func ringArea(_ lonLat: [Double]) -> Double { ringArea(lonLat[...]) }

    /// `ringArea` of a ring held in part of a larger coordinate array.
    public static func ringArea(_ lonLat: ArraySlice<Double>) -> Double {
        withRing(lonLat) { smallRingArea($0, count: $1) ?? exactRingArea($0, count: $1) }
    }

    /// The same area always through GeographicLib (`geod_polygonarea`), whatever the ring's size: for
    /// reference figures (the sample city's truth) and tests.
    public static func exactRingArea(_ lonLat: [Double]) -> Double { withRing(lonLat[...], exactRingArea) }

    /// `measure` of the ring's distinct vertices (a repeated closing vertex adds a zero-length edge,
    /// which changes nothing; it is dropped anyway), or 0 below 3 vertices.
    private static func withRing(_ lonLat: ArraySlice<Double>,
                                 _ measure: (UnsafePointer<Double>, Int) -> Double) -> Double {
        let s = lonLat.startIndex
        var n = lonLat.count / 2
        if n > 1, lonLat[s] == lonLat[s + 2 * n - 2], lonLat[s + 1] == lonLat[s + 2 * n - 1] { n -= 1 }
        guard n >= 3 else { return 0 }
        return lonLat.withUnsafeBufferPointer { measure($0.baseAddress!, n) }
    }

    /// Largest latitude or longitude span, in degrees, measured by `smallRingArea` (about 1.1 km
    /// north–south): the first-order correction's own error there is about 1e-9 of the area.
    public static let smallRingSpan = 0.01

    // Authalic sphere: q(φ) as in Snyder (1987) eq. 3-12, sin β = q(φ)/q(90°), radius R = a·√(q(90°)/2).
    private static let e2 = flattening * (2 - flattening)
    private static let e = e2.squareRoot()
    private static func q(_ sinPhi: Double) -> Double {
        (1 - e2) * (sinPhi / (1 - e2 * sinPhi * sinPhi) + atanh(e * sinPhi) / e)
    }
    private static let qPole = q(1)
    private static let inverseQPole = 1 / qPole

    /// q(sin φ) with atanh(e·s)/e = s·Σ (e²s²)ᵏ/(2k+1) to k = 7 (the next term is below 1e-17 of the
    /// sum: e²s² < 0.0067), instead of a logarithm per vertex.
    private static func qSeries(_ s: Double) -> Double {
        let x = e2 * s * s
        let series = 1 + x * (1.0 / 3 + x * (1.0 / 5 + x * (1.0 / 7 + x * (1.0 / 9 + x * (1.0 / 11 + x * (1.0 / 13 + x / 15))))))
        return (1 - e2) * (s / (1 - x) + s * series)
    }
    private static let authalicRadius2 = semiMajorAxis * semiMajorAxis * qPole / 2

    /// The authalic sphere's parallel scale k(φ) = R cos β / (ν cos φ) (the meridian scale is 1/k: the
    /// map keeps area), as 1 + ε, with dε/dβ, cos β and tan β. Once per ring: across 1 km they change by
    /// < 1e-6. In closed form: dβ/dφ = ρν cos φ / (R² cos β) (equal area), and
    /// d ln k/dφ = tan φ − tan β · dβ/dφ − e² sin φ cos φ / (1 − e² sin²φ).
    private static func parallelScale(latitude: Double) -> (epsilon: Double, slope: Double, cosBeta: Double, tanBeta: Double) {
        let phi = latitude * .pi / 180
        let sinPhi = sin(phi), cosPhi = cos(phi)
        let w = 1 - e2 * sinPhi * sinPhi
        let nu = semiMajorAxis / w.squareRoot(), rho = nu * (1 - e2) / w
        let sinBeta = min(1, qSeries(sinPhi) * inverseQPole)
        let cosBeta = (1 - sinBeta * sinBeta).squareRoot(), tanBeta = sinBeta / cosBeta
        let k = authalicRadius2.squareRoot() * cosBeta / (nu * cosPhi)
        let dBeta = rho * nu * cosPhi / (authalicRadius2 * cosBeta)
        let dLogK = sinPhi / cosPhi - tanBeta * dBeta - e2 * sinPhi * cosPhi / w
        return (k - 1, k * dLogK / dBeta, cosBeta, tanBeta)
    }

    /// Area of a ring spanning at most `smallRingSpan` degrees, below latitude 85°; nil otherwise.
    ///
    /// On the authalic sphere (unit radius) the ring with great-circle edges encloses the signed
    /// excess Σ 2·atan2(tan(Δλ/2)·(t₁+t₂), 1 + t₁t₂), t = tan(β/2). The ellipsoid's metric there is the
    /// sphere's with north–south lengths scaled by k and east–west by 1/k, so the image of a geodesic is
    /// not a great circle: by Liouville's formula its curvature relative to the sphere is, to first
    /// order in ε = k − 1 and for an edge heading θ from north, κ = ε′ sin θ (1 + 2cos²θ) −
    /// 4ε tan β sin³θ, and it leaves the chord by the area κL³/12 (a parabola). With east and north
    /// components dx = L sin θ, dy = L cos θ that is (ε′ dx (dx² + 3dy²) − 4ε tan β dx³)/12, taken with
    /// the edge's direction (odd in dx, dy, so the ring's orientation takes care of itself; the excess
    /// formula counts a ring turning east-to-north negative, hence the sum).
    private static func smallRingArea(_ p: UnsafePointer<Double>, count n: Int) -> Double? {
        var minLat = p[1], maxLat = p[1], minLon = p[0], maxLon = p[0]
        for i in 1..<n {
            let lon = p[2 * i], lat = p[2 * i + 1]
            minLon = min(minLon, lon); maxLon = max(maxLon, lon)
            minLat = min(minLat, lat); maxLat = max(maxLat, lat)
        }
        guard maxLat - minLat <= smallRingSpan, maxLon - minLon <= smallRingSpan,
              minLat > -85, maxLat < 85 else { return nil }   // also rejects NaN
        let (epsilon, slope, cosBeta0, tanBeta0) = parallelScale(latitude: (minLat + maxLat) / 2)
        let degree = Double.pi / 180, lon0 = p[0]
        func vertex(_ i: Int) -> (x: Double, sinBeta: Double, t: Double) {
            let sinBeta = qSeries(sin(p[2 * i + 1] * degree)) * inverseQPole
            let cosBeta = (1 - sinBeta * sinBeta).squareRoot()
            return ((p[2 * i] - lon0) * degree, sinBeta, sinBeta / (1 + cosBeta))
        }
        var excess = 0.0, bulge = 0.0
        let first = vertex(0)
        var a = first
        for i in 1...n {
            let b = i == n ? first : vertex(i)
            let dLon = b.x - a.x
            // 2·atan2(tan(Δλ/2)(t₁+t₂), 1 + t₁t₂) by their series: |Δλ/2| ≤ 8.8e-5 within
            // `smallRingSpan`, so tan h = h(1 + h²/3) and atan z = z(1 − z²/3 + z⁴/5) leave out
            // less than 1e-16 of each term (1 + t₁t₂ > 0 below the poles).
            let h = dLon / 2
            let z = h * (1 + h * h / 3) * (a.t + b.t) / (1 + a.t * b.t)
            let z2 = z * z
            excess += 2 * z * (1 - z2 * (1.0 / 3 - z2 / 5))
            let dx = dLon * cosBeta0, dy = (b.sinBeta - a.sinBeta) / cosBeta0
            bulge += slope * dx * (dx * dx + 3 * dy * dy) - 4 * epsilon * tanBeta0 * dx * dx * dx
            a = b
        }
        return abs(excess + bulge / 12) * authalicRadius2
    }

    private static func exactRingArea(_ p: UnsafePointer<Double>, count n: Int) -> Double {
        // The incremental form needs no copies of the coordinates.
        var geodesic = wgs84
        var polygon = geod_polygon()
        geod_polygon_init(&polygon, 0)
        for i in 0..<n { geod_polygon_addpoint(&geodesic, &polygon, p[2 * i + 1], p[2 * i]) }
        var area = 0.0
        geod_polygon_compute(&geodesic, &polygon, 0, 1, &area, nil)
        return abs(area)   // signed: counter-clockwise positive
    }

    /// The point halfway along the geodesic from (`lon1`, `lat1`) to (`lon2`, `lat2`) (degrees), as
    /// longitude and latitude degrees. Wraps `geod_inverse` and `geod_direct`.
    public static func midpoint(_ lon1: Double, _ lat1: Double, _ lon2: Double, _ lat2: Double) -> (lon: Double, lat: Double) {
        var geodesic = wgs84
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0, lat = 0.0, lon = 0.0
        geod_inverse(&geodesic, lat1, lon1, lat2, lon2, &s12, &azi1, &azi2)
        geod_direct(&geodesic, lat1, lon1, azi1, s12 / 2, &lat, &lon, nil)
        return (lon, lat)
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
