// What one worker thread needs: its own GEOS context and its own PROJ transformers. Nothing here is
// shared between threads; geometries travel between workers as WKB bytes.
import Geos
import Proj

/// Per-thread tools for the overlay CRS `metricCRS`.
final class Worker {
    let geos = GeosContext()
    let metricCRS: String
    private let toLonLat: Transformer

    init(metricCRS: String) throws {
        self.metricCRS = metricCRS
        toLonLat = try Transformer(from: metricCRS, to: "EPSG:4326")
    }

    func geometry(_ wkb: [UInt8]) throws -> Geometry { try Geometry(wkb: wkb, context: geos) }

    /// Ellipsoidal area (m², WGS84) of a geometry in the overlay CRS: its vertices are taken back to
    /// longitude/latitude and measured with `geod_polygonarea`, never in the projected plane.
    func ellipsoidalArea(_ g: Geometry) throws -> Double {
        if g.isEmpty { return 0 }
        // Every ring's coordinates in one array, taken back to longitude/latitude in one call.
        var xy: [Double] = []
        var rings: [(points: Int, isShell: Bool)] = []
        for p in try g.polygonRings() {
            xy += p.shell; rings.append((p.shell.count / 2, true))
            for h in p.holes { xy += h; rings.append((h.count / 2, false)) }
        }
        try toLonLat.forward(&xy)
        return Geodesic.area(lonLat: xy, rings: rings)
    }

    /// The geometry in longitude/latitude, as WKB (for output layers and maps).
    func lonLatWKB(_ g: Geometry) throws -> [UInt8] { try toLonLat.forward(wkb: g.wkb) }

    /// A collection of the geometries as one MultiPolygon (empty when there are none).
    func multiPolygon(_ parts: [Geometry]) throws -> Geometry {
        parts.isEmpty ? try Geometry.emptyPolygon(context: geos)
                      : try Geometry.collection(parts.flatMap { try $0.parts() }, as: .multiPolygon, context: geos)
    }

    /// The union of `parts` (overlaps counted once); a single part is returned as it is.
    func union(_ parts: [Geometry]) throws -> Geometry {
        if parts.count == 1 { return parts[0] }
        return try multiPolygon(parts).unaryUnion()
    }
}

/// Geometries of a reference layer (zones, exclusions, parcels), parsed and prepared at most once per
/// worker, on first use.
final class LayerCache {
    let features: [PolygonFeature]
    private var geometries: [Int: Geometry] = [:]
    private var preparedGeometries: [Int: PreparedGeometry] = [:]

    init(_ features: [PolygonFeature]) { self.features = features }

    func geometry(_ i: Int, _ w: Worker) throws -> Geometry {
        if let g = geometries[i] { return g }
        let g = try w.geometry(features[i].wkb)
        geometries[i] = g
        return g
    }

    func prepared(_ i: Int, _ w: Worker) throws -> PreparedGeometry {
        if let p = preparedGeometries[i] { return p }
        let p = try geometry(i, w).prepared()
        preparedGeometries[i] = p
        return p
    }

    /// Feature `i` cut down to the rectangle `e` (cheap), for overlays with a small geometry.
    func clipped(_ i: Int, to e: Envelope, _ w: Worker) throws -> Geometry {
        let g = try geometry(i, w)
        guard let own = g.envelope else { return g }
        if own.minX >= e.minX && own.maxX <= e.maxX && own.minY >= e.minY && own.maxY <= e.maxY { return g }
        // A clip of a valid polygon is valid in practice; if not, overlay the whole feature instead.
        let clip = try g.clip(to: e)
        return try clip.isValid() ? clip : g
    }
}
