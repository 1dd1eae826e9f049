// What one worker thread needs: its own GEOS context and its own PROJ transformers. Nothing here is
// shared between threads; geometries travel between workers as WKB bytes.
import Geos
import Proj

/// Transformers to longitude/latitude of workers that have finished, by overlay CRS, for the next
/// workers: every parallel phase makes a worker per core, and making a transformer (PROJ's database
/// for both CRSs, the projection step's check) took 1 % of a city's report. A transformer is used by
/// one thread at a time, which lending it out keeps.
private let idleTransformers = Locked<[String: [Transformer]]>([:])

/// Per-thread tools for the overlay CRS `metricCRS`.
final class Worker {
    let geos = GeosContext()
    let metricCRS: String
    private let toLonLat: Transformer

    init(metricCRS: String) throws {
        self.metricCRS = metricCRS
        toLonLat = try idleTransformers.withLock { $0[metricCRS]?.popLast() } ?? Transformer(from: metricCRS, to: "EPSG:4326")
    }

    deinit { idleTransformers.withLock { $0[metricCRS, default: []].append(toLonLat) } }

    func geometry(_ wkb: [UInt8]) throws -> Geometry { try Geometry(wkb: wkb, context: geos) }
    func geometry(_ wkb: WKBBytes) throws -> Geometry { try wkb.withUnsafeBytes { try Geometry(wkb: $0, context: geos) } }

    /// Ellipsoidal area (m², WGS84) of a geometry in the overlay CRS: its vertices are taken back to
    /// longitude/latitude and measured with `geod_polygonarea`, never in the projected plane.
    func ellipsoidalArea(_ g: Geometry) throws -> Double {
        if g.isEmpty { return 0 }
        // Every ring's coordinates in one array, taken back to longitude/latitude in one call.
        let (xy, rings) = try allRings(g)
        return try ellipsoidalArea(xy, rings: rings)
    }

    /// Ellipsoidal area (m², WGS84) of one closed ring in the overlay CRS (x, y, …), as `ellipsoidalArea(_:)`.
    func ellipsoidalArea(ring xy: [Double]) throws -> Double {
        xy.count < 8 ? 0 : try ellipsoidalArea(xy, rings: [(points: xy.count / 2, isShell: true)])
    }

    /// Rings lying one after another in `xy` (overlay CRS), taken back to longitude/latitude in one
    /// call and measured on the ellipsoid.
    private func ellipsoidalArea(_ xy: [Double], rings: [(points: Int, isShell: Bool)]) throws -> Double {
        var lonLat = xy
        try toLonLat.forward(&lonLat, closedRings: rings.lazy.map(\.points))
        return Geodesic.area(lonLat: lonLat, rings: rings)
    }

    /// Every ring's coordinates of `g` in one array (x, y, x, y…), and each ring's length in points.
    private func allRings(_ g: Geometry) throws -> (xy: [Double], rings: [(points: Int, isShell: Bool)]) {
        var xy: [Double] = []
        var rings: [(points: Int, isShell: Bool)] = []
        for p in try g.polygonRings() {
            xy += p.shell; rings.append((p.shell.count / 2, true))
            for h in p.holes { xy += h; rings.append((h.count / 2, false)) }
        }
        return (xy, rings)
    }

    /// The chord lenses of `g`'s edges (see `cutAllowance`): for each edge, a straight line in the
    /// overlay plane, the area between it and the image of the geodesic through its ends, signed as it
    /// takes the ellipsoidal area of `g` (along geodesics) from that of the land inside its straight
    /// edges, and the sum of their sizes. In m² of the plane. A lens is (2/3)·L·s, L the edge's length
    /// and s how far the geodesic's midpoint lies off the edge (a parabola's segment; the curvature of
    /// a geodesic's image changes along an edge to first order, which moves the midpoint and the lens
    /// alike); its size counts s as 1 nm more, for the rounding of the round trip through PROJ.
    func chordLenses(_ g: Geometry) throws -> (signed: Double, size: Double) {
        let (xy, rings) = try allRings(g)
        guard !xy.isEmpty else { return (0, 0) }
        var lonLat = xy
        try toLonLat.forward(&lonLat)
        // Each edge's geodesic midpoint, taken back to the plane in one call.
        var mid: [Double] = []
        mid.reserveCapacity(xy.count)
        var start = 0
        for ring in rings {
            for i in start..<start + ring.points - 1 {
                let m = Geodesic.midpoint(lonLat[2 * i], lonLat[2 * i + 1], lonLat[2 * i + 2], lonLat[2 * i + 3])
                mid += [m.lon, m.lat]
            }
            start += ring.points
        }
        try toLonLat.inverse(&mid)
        var signed = 0.0, size = 0.0
        start = 0
        var k = 0
        for ring in rings {
            // The ring's turn (shoelace), so that a lens is told inside from outside.
            var twiceArea = 0.0
            for i in start..<start + ring.points - 1 { twiceArea += xy[2 * i] * xy[2 * i + 3] - xy[2 * i + 2] * xy[2 * i + 1] }
            let inward = (twiceArea > 0 ? 1.0 : -1.0) * (ring.isShell ? 1 : -1)
            for i in start..<start + ring.points - 1 {
                let (ax, ay, bx, by) = (xy[2 * i], xy[2 * i + 1], xy[2 * i + 2], xy[2 * i + 3])
                let (gx, gy) = (mid[2 * k], mid[2 * k + 1])
                k += 1
                let length = ((bx - ax) * (bx - ax) + (by - ay) * (by - ay)).squareRoot()
                guard length > 0 else { continue }
                let left = ((bx - ax) * (gy - ay) - (by - ay) * (gx - ax)) / length   // s, to the left of A→B
                // A geodesic bowed to the left of a counter-clockwise shell's edge (inward) leaves out its lens.
                signed -= inward * 2 / 3 * length * left
                size += 2 / 3 * length * (abs(left) + 1e-9)
            }
            start += ring.points
        }
        return (signed, size)
    }

    /// The geometry in longitude/latitude, as WKB (for output layers and maps).
    func lonLatWKB(_ g: Geometry) throws -> [UInt8] { try toLonLat.forward(wkb: g.wkb) }

    /// A collection of the geometries as one MultiPolygon (empty when there are none).
    func multiPolygon(_ parts: [Geometry]) throws -> Geometry {
        parts.isEmpty ? try Geometry.emptyPolygon(context: geos)
                      : try Geometry.collection(parts.flatMap { try $0.parts() }, as: .multiPolygon, context: geos)
    }

    /// The union of `parts` (overlaps counted once); a single part is returned as it is, two go
    /// through GEOS's binary union (no collection of copies to build: a building split in two).
    func union(_ parts: [Geometry]) throws -> Geometry {
        if parts.count == 1 { return parts[0] }
        if parts.count == 2 { return try parts[0].union(parts[1]) }
        return try multiPolygon(parts).unaryUnion()
    }
}

/// A value made on first use and kept: a geometry parsed into GEOS, or prepared, only when some test
/// needs it (most pieces are told on their coordinates and never are).
struct OnFirstUse<Value> {
    private var value: Value?
    private let make: () throws -> Value
    init(_ make: @escaping () throws -> Value) { self.make = make }
    mutating func get() throws -> Value {
        if let value { return value }
        let made = try make()
        value = made
        return made
    }
}

/// Geometries of a reference layer (zones, exclusions, parcels), parsed and prepared at most once per
/// worker, on first use.
final class LayerCache {
    let features: [PolygonFeature]
    private var geometries: [Int: Geometry] = [:]
    private var preparedGeometries: [Int: PreparedGeometry] = [:]
    private var parts: [Int: IndexedGeometries] = [:]
    private var boundaries: [Int: IndexedGeometries?] = [:]
    private var components: [Int: IndexedGeometries?] = [:]
    private var pairs: [SIMD2<Int32>: Bool] = [:]
    private var convexRings: [Int: ConvexRing?] = [:]
    /// Above this many vertices a feature is clipped and tested part by part (see `clipped`), in
    /// parts of at most `partSize`.
    static let largeFeature = 1_000
    static let partSize = 256
    /// Above this many rings (holes, and shells of a MultiPolygon's parts) `containsProperly` asks
    /// the rings near the tested geometry instead of the prepared feature (see `containsProperly`).
    static let manyRings = 64

    /// More than `largeFeature` vertices, told from the WKB's size (16 bytes a vertex).
    private func isLarge(_ i: Int) -> Bool { features[i].wkb.count > 16 * Self.largeFeature }

    init(_ features: [PolygonFeature]) { self.features = features }

    /// At most this many features' geometries are kept: pieces come in the Hilbert order of their
    /// centres (`tallyByZone`), so the features a worker meets next lie near those it met last, and
    /// a cache of every parcel of a city (each worker's, prepared) held some 150 MB at a million
    /// buildings. When full the cache starts again.
    static let cachedFeatures = 8_192

    func geometry(_ i: Int, _ w: Worker) throws -> Geometry {
        if let g = geometries[i] { return g }
        if geometries.count >= Self.cachedFeatures {
            geometries.removeAll(keepingCapacity: true)
            preparedGeometries.removeAll(keepingCapacity: true)
            parts.removeAll(keepingCapacity: true)
            boundaries.removeAll(keepingCapacity: true)
            components.removeAll(keepingCapacity: true)
            convexRings.removeAll(keepingCapacity: true)
        }
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

    /// Where `piece` lies against feature `i` when that is one convex ring (`placement`); nil when it is
    /// not. The feature's ring is found once per worker, however many pieces lie near it.
    func placement(of piece: PolygonWKB, against i: Int) -> ConvexPlacement? {
        let ring: ConvexRing?
        if let known = convexRings[i] { ring = known }
        else {
            ring = PolygonWKB(features[i].wkb).flatMap(ConvexRing.init)
            if convexRings.count >= Self.cachedFeatures { convexRings.removeAll(keepingCapacity: true) }
            convexRings[i] = ring
        }
        return ring.map { Parcels.placement(of: piece, against: $0) }
    }

    /// Feature `i` cut down to the rectangle `e` (cheap), for overlays with a small geometry.
    ///
    /// A clip costs GEOS time in proportion to the whole polygon: a district boundary traced at survey
    /// detail, or a road network dissolved into one polygon with tens of thousands of holes, would
    /// cost milliseconds per piece. A feature of more than `largeFeature` vertices is therefore cut
    /// once (per worker) into parts of at most `partSize`, and only the parts near `e` are clipped
    /// and joined.
    func clipped(_ i: Int, to e: Envelope, _ w: Worker) throws -> Geometry {
        let g = try geometry(i, w)
        guard let own = g.envelope else { return g }
        if own.minX >= e.minX && own.maxX <= e.maxX && own.minY >= e.minY && own.maxY <= e.maxY { return g }
        // Anything GEOS cannot do with the parts falls back to clipping the whole feature.
        if isLarge(i), let joined = try? partsClipped(i, g, own, to: e, w), (try? joined.isValid()) == true { return joined }
        // A clip of a valid polygon is valid in practice; if not, overlay the whole feature instead.
        let clip = try g.clip(to: e)
        return try clip.isValid() ? clip : g
    }

    /// The clips of feature `i`'s parts near `e`, joined (neighbouring parts share the cut between
    /// them: their union is the feature's clip); nil when no part reaches `e`.
    private func partsClipped(_ i: Int, _ g: Geometry, _ own: Envelope, to e: Envelope, _ w: Worker) throws -> Geometry? {
        let clips = try largeParts(i, g, own).near(e).map { try $0.clip(to: e) }.filter { !$0.isEmpty }
        if clips.count <= 1 { return clips.first }
        return try w.multiPolygon(clips.compactMap { try $0.polygonalPart() }).unaryUnion()
    }

    /// Whether feature `i` meets `g` (prepared). For a large feature the parts near `g` are asked
    /// instead: GEOS's prepared test also checks one point of every ring of the prepared polygon
    /// against `g`, 0.2 ms a test for a road network with 55,000 holes.
    func intersects(_ i: Int, _ g: Geometry, _ w: Worker) throws -> Bool {
        if let parts = components(i, w), let answer = try? parts.anyIntersects(g) { return answer }
        let whole = try geometry(i, w)
        if isLarge(i), let own = whole.envelope, let answer = try? largeParts(i, whole, own).anyIntersects(g) { return answer }
        return try prepared(i, w).intersects(g)
    }

    /// Whether `g` lies in the interior of feature `i` (prepared `containsProperly`). GEOS's prepared
    /// test also checks one point of every ring of the prepared polygon against `g`: for a zone with
    /// 1,300 holes, that made a city's report 2.4× slower. For a feature of more than `manyRings`
    /// rings the question is put another way: `g` is inside the feature's interior when none of the
    /// feature's rings meets `g` (only the stretches of ring near `g` are asked) and a point of each of
    /// `g`'s parts lies in the feature (a part that meets no ring is wholly inside or wholly outside).
    ///
    /// A MultiPolygon of more than `manyRings` parts (a district dissolved from its parcels) is asked
    /// part by part instead: the parts of a valid MultiPolygon meet at points at most, so a connected
    /// piece is in the interior of the whole when it is in the interior of one part.
    func containsProperly(_ i: Int, _ g: Geometry, _ w: Worker) throws -> Bool {
        if let parts = components(i, w), let answer = try? parts.eachPieceInsideOne(g) { return answer }
        if let boundary = boundary(i, w), let answer = try? ringsMiss(boundary, i, g, w) { return answer }
        return try prepared(i, w).containsProperly(g)
    }

    /// Whether features `i` and `j` share land (their interiors meet): neighbours that only touch,
    /// as a cadastre's parcels do, are told apart by an edge without GEOS. Asked once per pair.
    func interiorsMeet(_ i: Int, _ j: Int, _ w: Worker) throws -> Bool {
        // Envelopes that do not overlap with area (most pairs of a cadastre's neighbours) settle it
        // before the cache is asked.
        guard features[i].envelope.overlapsWithArea(features[j].envelope) else { return false }
        let key = SIMD2(Int32(min(i, j)), Int32(max(i, j)))
        if let known = pairs[key] { return known }
        let meet = try !separatedByAnEdge(PolygonWKB(features[i].wkb), features[j].wkb, w.geos)
            && geometry(i, w).interiorsIntersect(geometry(j, w))
        pairs[key] = meet
        return meet
    }

    /// Feature `i`'s parts, indexed, when it is a MultiPolygon of more than `manyRings` parts.
    private func components(_ i: Int, _ w: Worker) -> IndexedGeometries? {
        if let c = components[i] { return c }
        var c: IndexedGeometries? = nil
        if let polygon = PolygonWKB(features[i].wkb), polygon.polygonCount > Self.manyRings,
           let parts = try? geometry(i, w).parts() {
            c = IndexedGeometries(parts)
        }
        components[i] = .some(c)
        return c
    }

    /// Feature `i`'s rings in stretches of at most `partSize` segments, indexed by envelope; nil for a
    /// feature of at most `manyRings` rings or one whose stretches GEOS cannot make.
    private func boundary(_ i: Int, _ w: Worker) -> IndexedGeometries? {
        if let b = boundaries[i] { return b }
        var b: IndexedGeometries? = nil
        if let polygon = PolygonWKB(features[i].wkb), polygon.rings.count > Self.manyRings {
            var stretches: [Geometry] = []
            for ring in polygon.rings {
                for start in stride(from: 0, to: ring.count - 1, by: Self.partSize) {
                    let end = min(start + Self.partSize, ring.count - 1)
                    let xy = (start...end).flatMap { k -> [Double] in let p = polygon.point(ring, k); return [p.x, p.y] }
                    guard let line = try? Geometry.lineString(xy, context: w.geos) else { boundaries[i] = .some(nil); return nil }
                    stretches.append(line)
                }
            }
            b = IndexedGeometries(stretches)
        }
        boundaries[i] = .some(b)
        return b
    }

    /// Nil when `g` is not polygonal; throws when GEOS cannot tell (then the prepared feature is asked).
    private func ringsMiss(_ boundary: IndexedGeometries, _ i: Int, _ g: Geometry, _ w: Worker) throws -> Bool? {
        guard g.type == .polygon || g.type == .multiPolygon else { return nil }
        if try boundary.anyIntersects(g) { return false }
        for part in try g.polygonRings() where part.shell.count >= 2 {
            if try !intersects(i, Geometry.point(x: part.shell[0], y: part.shell[1], context: w.geos), w) { return false }
        }
        return true
    }

    /// Feature `i` (`g`, envelope `e`) in parts of at most `partSize` vertices, made once; the whole
    /// feature as its only part when GEOS cannot cut it.
    private func largeParts(_ i: Int, _ g: Geometry, _ e: Envelope) -> IndexedGeometries {
        if let p = parts[i] { return p }
        let p = IndexedGeometries(((try? halved(g, e) { part, _ in part.numCoordinates > Self.partSize }) ?? [(e, g)]).map(\.part))
        parts[i] = p
        return p
    }
}

/// Geometries with an index of their envelopes, each prepared on first use (by one worker: a
/// `LayerCache` is never shared): a large feature's parts, a MultiPolygon's parts, or a feature's
/// rings as line strings of at most `LayerCache.partSize` segments.
private final class IndexedGeometries {
    let geometries: [Geometry]
    let index: SpatialIndex
    private var preparedOnes: [PreparedGeometry?]

    init(_ geometries: [Geometry]) {
        self.geometries = geometries
        index = SpatialIndex(geometries.map(\.envelope))
        preparedOnes = Array(repeating: nil, count: geometries.count)
    }

    private func prepared(_ k: Int) throws -> PreparedGeometry {
        if let p = preparedOnes[k] { return p }
        let p = try geometries[k].prepared()
        preparedOnes[k] = p
        return p
    }

    /// Those whose envelopes meet `e`, in their order.
    func near(_ e: Envelope) -> [Geometry] {
        index.candidates(e).filter { geometries[$0].envelope?.intersects(e) == true }.map { geometries[$0] }
    }

    /// Whether one of them meets `g`.
    func anyIntersects(_ g: Geometry) throws -> Bool {
        guard let e = g.envelope else { return false }
        var found = false, failure: Error? = nil
        index.forEach(intersecting: e) { k in
            guard !found, failure == nil else { return }
            do { found = try prepared(k).intersects(g) } catch { failure = error }
        }
        if let failure { throw failure }
        return found
    }

    /// Whether each of `g`'s parts lies in the interior of one of them (whose envelope holds it).
    func eachPieceInsideOne(_ g: Geometry) throws -> Bool {
        guard !g.isEmpty else { return false }
        for piece in g.type == .polygon ? [g] : try g.parts() {
            guard let e = piece.envelope else { return false }
            var inside = false, failure: Error? = nil
            index.forEach(intersecting: e) { k in
                guard !inside, failure == nil, let own = geometries[k].envelope,
                      own.minX <= e.minX, own.minY <= e.minY, own.maxX >= e.maxX, own.maxY >= e.maxY else { return }
                do { inside = try prepared(k).containsProperly(piece) } catch { failure = error }
            }
            if let failure { throw failure }
            if !inside { return false }
        }
        return true
    }
}
