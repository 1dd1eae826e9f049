// From a file to valid polygons in the overlay CRS. Per feature: to longitude/latitude (coordinates
// checked there: finite, within ±180/±90), to the overlay CRS, rings closed and too-short rings
// dropped, then validity checked *after* the transform (reprojection can break it) and repaired with
// make-valid keeping only the polygonal part. Nothing is dropped without a line in the warnings.
import Dispatch
import Foundation
import GeoIO
import Geos
import Proj

/// Reads a layer through GDAL (only `fields`, when given); GDAL's errors become `InputError`.
public func readInput(_ spec: String, assumeCRS: String?, fields: Set<String>? = nil) throws -> GeoIO.Layer {
    do { return try timed("read \(spec)") { () throws(GeoIOError) in try readLayer(spec, assumeCRS: assumeCRS, fields: fields) } }
    catch { throw InputError(error) }
}

/// Reads several layers at once, a thread each (each read has its own GDAL dataset; GDAL keeps its
/// error state per thread), and prepares each as soon as it is read (`preparePolygons`, on all
/// cores) while the others are still being read: the raw layer is let go early and no core waits
/// for the slowest read. `lenient` as in `preparePolygons`, per layer; `fields`, the only fields
/// read (nil: all; see `readLayer`). Errors as `readInput` and `preparePolygons`; the first failing
/// layer in `specs` order is reported.
/// `area`: where the data lie, for the choice of a datum transformation (see `studyArea`).
public func readAndPrepare(_ specs: [(spec: String, lenient: Bool, fields: Set<String>?)], metricCRS: String,
                           assumeCRS: String?, area: LonLatBox? = nil) throws -> [PolygonLayer] {
    try inReadingOrder(specs.map { isText($0.spec) }) { i in
        try readPrepared(specs[i].spec, assumeCRS: assumeCRS, metricCRS: metricCRS, lenient: specs[i].lenient, fields: specs[i].fields,
                         area: area)
    }
}

/// One layer read and prepared 65,536 features at a time: at most two batches of raw features exist
/// at once (a survey's million raw features would be some 180 MB beside the prepared ones).
func readPrepared(_ spec: String, assumeCRS: String?, metricCRS: String, lenient: Bool, fields: Set<String>? = nil,
                  area: LonLatBox? = nil, batch: Int = 1 << 16) throws -> PolygonLayer {
    // A batch is prepared (on the other cores) while the next one is read; then the reading thread
    // joins the batch's preparation instead of waiting for it, and takes its result before handing
    // over the next.
    let pool = PreparerPool()      // each worker's transformers made once, not once per batch
    var preparing: Preparation?
    var features: [PolygonFeature] = []
    var skipped: [SkippedFeature] = []
    var crs: (String, Double?)?    // the layer's CRS and its metres per unit, once a batch is prepared
    var failure: (any Error)?      // the first batch's error
    func takePrepared() {
        guard let batch = preparing else { return }
        preparing = nil
        do {
            let prepared = try batch.finish()
            features += prepared.features
            skipped += prepared.skipped
            crs = (prepared.crs, prepared.metresPerUnit)
        } catch {
            failure = failure ?? error
        }
    }
    let header: GeoIO.Layer
    do {
        header = try timed("read and prepare \(spec)") { () throws(GeoIOError) in
            let header = try readLayer(spec, assumeCRS: assumeCRS, fields: fields, batch: batch) { batch in
                takePrepared()                         // the previous batch is in
                guard failure == nil else { return false }
                if features.isEmpty, let n = batch.expectedCount { features.reserveCapacity(n) }
                preparing = startPreparing(batch, metricCRS: metricCRS, lenient: lenient, area: area, reusing: pool)
                return true
            }
            // The last batch is in too: its preparation is the layer's time (a road network of
            // 100,000 holes repaired took 16.7 s after its line said 0.045 s).
            takePrepared()
            return header
        }
    } catch {
        takePrepared()
        if let failure { throw failure }             // an earlier feature's
        throw InputError(error)
    }
    takePrepared()
    if let failure { throw failure }
    guard let (crs, metresPerUnit) = crs else { throw InputError(file: header.path, layer: header.name, reason: "has no features") }
    var layer = PolygonLayer(file: header.path, name: header.name, crs: crs, features: features, skipped: skipped,
                             droppedZM: header.droppedZM, metresPerUnit: metresPerUnit, notes: header.notes)
    layer.fieldNames = header.fieldNames
    return layer
}

/// Text files first: a CSV or GeoJSON is read several times slower per feature than a GeoPackage,
/// so started last it would leave the other cores idle while it finishes (3 s at 1M claims).
private func isText(_ spec: String) -> Bool {
    let spec = spec.lowercased()   // `file` or `file:layer`; only the order depends on this guess
    return [".csv", ".geojson", ".json"].contains { spec.hasSuffix($0) || spec.contains($0 + ":") }
}

/// `work(i)` for every i, a thread each, text files first; results (and the first error) in the
/// given order.
private func inReadingOrder<T>(_ text: [Bool], _ work: @Sendable (Int) throws -> T) throws -> [T] {
    let order = text.indices.filter { text[$0] } + text.indices.filter { !text[$0] }
    let done = try parallelMap(order.count, chunk: 1, makeState: { () }) { _, k in Result { try work(order[k]) } }
    var results = [Result<T, any Error>?](repeating: nil, count: text.count)
    for (k, i) in order.enumerated() { results[i] = done[k] }
    return try results.map { try $0!.get() }
}

/// The overlay CRS for data around `layer`: the UTM zone of its centre (from up to 2,000 features),
/// or a global equal-area CRS for data spread wider than a zone can carry (`MetricCRS.forData`).
public func chooseMetricCRS(for layer: GeoIO.Layer) throws -> String {
    let step = max(1, layer.features.count / 2000)
    let toLonLat = try layer.crs.map { try Transformer(from: $0, to: "EPSG:4326") }
    var points: [(longitude: Double, latitude: Double)] = []
    var firstBad: InputError?       // when nothing can be placed, the first feature that could not be
    for i in stride(from: 0, to: layer.features.count, by: step) {
        let f = layer.features[i]
        if firstBad == nil, let problem = f.problem {
            firstBad = InputError(file: layer.path, layer: layer.name, feature: f.index + 1, fid: f.fid, reason: problem)
        }
        guard let wkb = f.wkb,
              let g = try? WKB.decode(wkb), g.coordinates.count >= 2 else { continue }
        var xy = [g.coordinates[0], g.coordinates[1]]
        guard toGlobe(&xy, toLonLat) else { continue }
        guard onGlobe(xy[0], xy[1]) else {
            if firstBad == nil {
                let bad = { InputError(file: layer.path, layer: layer.name, feature: f.index + 1, fid: f.fid, reason: $0) }
                firstBad = checkFinite(xy, bad) ?? checkLonLat(xy, bad)
            }
            continue
        }
        points.append((xy[0], xy[1]))
        points += spreadVertices(g.coordinates, toLonLat: toLonLat)
    }
    guard let crs = MetricCRS.forData(points) else {
        throw firstBad ?? InputError(file: layer.path, layer: layer.name,
                                     reason: "no usable coordinates to place the data: every geometry is missing or empty")
    }
    return crs
}

/// Seven more vertices of a feature, evenly spaced through its coordinates, in longitude/latitude,
/// when with its first they span more than a degree; none for a feature smaller than that (a building,
/// whose first vertex places it). A continent given as one feature (Natural Earth's Antarctica, whose
/// first vertex is at 59.6° W) is placed by its extent, not by where its outline happens to start.
private func spreadVertices(_ coordinates: [Double], toLonLat: Transformer?) -> [(longitude: Double, latitude: Double)] {
    let n = coordinates.count / 2
    guard n >= 16 else { return [] }
    var xy: [Double] = []
    for k in 0..<8 { xy += [coordinates[2 * (k * n / 8)], coordinates[2 * (k * n / 8) + 1]] }
    guard toGlobe(&xy, toLonLat) else { return [] }
    var points: [(longitude: Double, latitude: Double)] = []
    for k in 0..<8 where onGlobe(xy[2 * k], xy[2 * k + 1]) {
        points.append((xy[2 * k], xy[2 * k + 1]))
    }
    guard let first = points.first else { return [] }
    let spread = points.contains { p in
        let dLon = abs(p.longitude - first.longitude)
        return min(dLon, 360 - dLon) > 1 || abs(p.latitude - first.latitude) > 1
    }
    return spread ? Array(points.dropFirst()) : []
}

/// `xy` taken to longitude/latitude (when the layer has another CRS), with rounding just past the
/// globe's edge snapped back onto it (`snapRoundingOntoGlobe`); false when PROJ cannot transform it.
private func toGlobe(_ xy: inout [Double], _ toLonLat: Transformer?) -> Bool {
    if let toLonLat { guard (try? toLonLat.forward(&xy)) != nil else { return false } }
    _ = snapRoundingOntoGlobe(&xy)
    return true
}

/// Whether a longitude and latitude are a place on the globe.
private func onGlobe(_ longitude: Double, _ latitude: Double) -> Bool {
    longitude.isFinite && latitude.isFinite && abs(longitude) <= 180 && abs(latitude) <= 90
}

/// Where the features of `layer` lie, in longitude/latitude: the box of all their coordinates, its
/// edges taken to longitude/latitude point by point (nil without a CRS or coordinates). A report
/// chooses its datum transformations for the zones' box, so that every layer of the data, whatever
/// its CRS, is moved by the same one (see `Transformer.init(from:to:over:)`).
public func studyArea(of layer: GeoIO.Layer) -> LonLatBox? {
    var box: (minX: Double, minY: Double, maxX: Double, maxY: Double)?
    for f in layer.features {
        guard let wkb = f.wkb else { continue }
        if let view = PolygonWKB(wkb) {
            let b = view.bounds
            guard b.minX.isFinite, b.minY.isFinite, b.maxX.isFinite, b.maxY.isFinite else { continue }
            box = box.map { (min($0.minX, b.minX), min($0.minY, b.minY), max($0.maxX, b.maxX), max($0.maxY, b.maxY)) }
                ?? (b.minX, b.minY, b.maxX, b.maxY)
        } else if let g = try? WKB.decode(wkb) {
            let xy = g.coordinates
            for i in Swift.stride(from: 0, to: xy.count - 1, by: 2) where xy[i].isFinite && xy[i + 1].isFinite {
                box = box.map { (min($0.minX, xy[i]), min($0.minY, xy[i + 1]), max($0.maxX, xy[i]), max($0.maxY, xy[i + 1])) }
                    ?? (xy[i], xy[i + 1], xy[i], xy[i + 1])
            }
        }
    }
    guard let box, let crs = layer.crs else { return nil }
    // A 9 × 9 grid over the box (a projected box's edges curve in longitude/latitude).
    var grid: [Double] = []
    for i in 0...8 {
        for j in 0...8 {
            grid += [box.minX + (box.maxX - box.minX) * Double(i) / 8, box.minY + (box.maxY - box.minY) * Double(j) / 8]
        }
    }
    if (try? CRS(crs).identifier) != "EPSG:4326" {
        guard let toLonLat = try? Transformer(from: crs, to: "EPSG:4326") else { return nil }
        var kept: [Double] = []
        for k in Swift.stride(from: 0, to: grid.count, by: 2) {
            var p = [grid[k], grid[k + 1]]
            if (try? toLonLat.forward(&p)) != nil, p[0].isFinite, p[1].isFinite { kept += p }
        }
        grid = kept
    }
    let lons = Swift.stride(from: 0, to: grid.count, by: 2).map { grid[$0] }.filter { abs($0) <= 180 }
    let lats = Swift.stride(from: 1, to: grid.count, by: 2).map { grid[$0] }.filter { abs($0) <= 90 }
    guard let west = lons.min(), let east = lons.max(), let south = lats.min(), let north = lats.max() else { return nil }
    return LonLatBox(west: west, south: south, east: east, north: north)
}

/// Prepares every feature of `layer` in `metricCRS` (in parallel, one GEOS context per worker).
/// With `lenient`, a feature with bad coordinates is skipped (and said so) instead of failing the layer:
/// claims are checked row by row, and one bad row must not stop the others.
/// `area`: where the data lie, for the choice of a datum transformation (see `studyArea`).
public func preparePolygons(_ layer: consuming GeoIO.Layer, metricCRS: String, lenient: Bool = false,
                            timing: Bool = true, area: LonLatBox? = nil) throws -> PolygonLayer {
    try preparePolygons(layer, metricCRS: metricCRS, lenient: lenient, timing: timing, area: area, reusing: nil)
}

/// Workers' `Preparer`s kept between the batches of one layer (making PROJ transformers costs
/// milliseconds). A preparer is used by one worker at a time.
final class PreparerPool: Sendable {
    private let idle = Locked<[Preparer]>([])
    func take() -> Preparer? { idle.withLock { $0.popLast() } }
    func give(_ p: Preparer) { idle.withLock { $0.append(p) } }
}

func preparePolygons(_ layer: consuming GeoIO.Layer, metricCRS: String, lenient: Bool,
                     timing: Bool, area: LonLatBox?, reusing pool: PreparerPool?) throws -> PolygonLayer {
    let name = layer.name
    let preparation = startPreparing(layer, metricCRS: metricCRS, lenient: lenient, area: area, reusing: pool)
    return timing ? try timed("prepare \(name)") { try preparation.finish() } : try preparation.finish()
}

/// `preparePolygons` started on other threads; `finish()` joins the work and returns the layer.
func startPreparing(_ layer: consuming GeoIO.Layer, metricCRS: String, lenient: Bool,
                    area: LonLatBox?, reusing pool: PreparerPool?) -> Preparation {
    let (path, name, droppedZM, notes, fieldNames) = (layer.path, layer.name, layer.droppedZM, layer.notes, layer.fieldNames)
    guard let crs = layer.crs else {
        return Preparation(failure: InputError(file: path, layer: name, reason: "layer has no CRS; pass --assume-crs"))
    }
    let own: CRS
    do { own = try CRS(crs) } catch {
        return Preparation(failure: InputError(file: path, layer: name, reason: "unusable CRS: \(error)"))
    }
    let isLonLat = own.identifier == "EPSG:4326"
    // The usable features go straight into the layer's array; the skipped ones (rare) to one side.
    let skips = Locked<[SkippedFeature]>([])
    let raw = layer.features      // the raw features are let go with the map, once joined
    let map = JoinableMap(raw.count, makeState: { () throws -> Preparer in
        try pool?.take() ?? Preparer(from: isLonLat ? nil : crs, to: metricCRS, over: area)
    }, finish: { pool?.give($0) }) { p, i -> PolygonFeature? in
        let outcome: Prepared
        let row = raw[i].index + 1       // in the whole layer (the layer may be one batch of it)
        do { outcome = try p.prepare(raw[i], row: row, file: path, layer: name) }
        catch let e as InputError where lenient {
            outcome = .skipped(SkippedFeature(row: row, fid: raw[i].fid, fields: raw[i].fields, reason: e.reason))
        }
        switch outcome {
        case .feature(let f): return f
        case .skipped(let s): skips.withLock { $0.append(s) }; return nil
        }
    }
    return Preparation { () throws -> PolygonLayer in
        var features = try map.result()
        PolygonFeature.pack(&features)       // an array per feature let go
        var prepared = PolygonLayer(file: path, name: name, crs: crs,   // "EPSG:n" or WKT: own.identifier may be a bare name
                                    features: features, skipped: skips.withLock { $0 }.sorted { $0.row < $1.row },
                                    droppedZM: droppedZM, metresPerUnit: own.isGeographic ? nil : own.metresPerUnit, notes: notes)
        prepared.fieldNames = fieldNames
        return prepared
    }
}

/// A layer being prepared (`startPreparing`): `finish()`, called once, works on what is left of it
/// on the calling thread, waits for the rest, and returns the layer or the first error.
struct Preparation {
    private let join: () throws -> PolygonLayer
    init(_ join: @escaping () throws -> PolygonLayer) { self.join = join }
    init(failure: InputError) { join = { throw failure } }
    func finish() throws -> PolygonLayer { try join() }
}

/// Requires at least one usable polygon in a layer.
public func requirePolygons(_ layer: PolygonLayer, role: String) throws {
    if layer.features.isEmpty {
        let why = layer.skipped.first.map { " (\($0.label): \($0.reason))" } ?? ""
        throw InputError(file: layer.file, layer: layer.name, reason: "no usable polygon in the \(role) layer\(why)")
    }
}

enum Prepared: Sendable {
    case feature(PolygonFeature)
    case skipped(SkippedFeature)
}

/// Per-worker state for preparing features (one thread at a time: a `PreparerPool` hands it over).
final class Preparer: @unchecked Sendable {
    let geos = GeosContext()
    let toLonLat: Transformer?
    let toMetric: Transformer

    init(from crs: String?, to metricCRS: String, over area: LonLatBox? = nil) throws {
        toLonLat = try crs.map { try Transformer(from: $0, to: "EPSG:4326", over: area) }
        toMetric = try Transformer(from: "EPSG:4326", to: metricCRS)
    }

    func prepare(_ f: Feature, row: Int, file: String, layer: String) throws -> Prepared {
        if let wkb = f.wkb, let view = PolygonWKB(wkb), let ready = try prepareDirectly(f, view, row: row) { return ready }
        return try prepareCarefully(f, row: row, file: file, layer: layer)
    }

    /// The common case without intermediate arrays: a Polygon or MultiPolygon whose rings are closed
    /// and long enough, finite and on the globe, valid once projected. Nil for anything else, which
    /// `prepareCarefully` then handles (and explains).
    private func prepareDirectly(_ f: Feature, _ view: PolygonWKB, row: Int) throws -> Prepared? {
        guard !view.rings.isEmpty, view.rings.reduce(0, { $0 + ($1.isShell ? 1 : 0) }) == view.polygonCount else { return nil }
        for ring in view.rings {
            guard ring.count >= 4 else { return nil }
            let first = view.point(ring, 0), last = view.point(ring, ring.count - 1)
            guard first == last else { return nil }
        }
        var lonLat = view.coordinates
        guard lonLat.allSatisfy(\.isFinite) else { return nil }
        let ringSizes = view.rings.lazy.map(\.count)
        if let toLonLat { guard (try? toLonLat.forward(&lonLat, closedRings: ringSizes)) != nil else { return nil } }
        var i = 0
        while i < lonLat.count {
            guard abs(lonLat[i]) <= 180, abs(lonLat[i + 1]) <= 90 else { return nil }
            // An edge across the antimeridian (from one ring's end to the next ring's start too, which
            // only sends a few more features the careful way): the overlay CRS may be cut there.
            if i >= 2, abs(lonLat[i] - lonLat[i - 2]) > 180 { return nil }
            i += 2
        }
        var xy = lonLat
        guard (try? toMetric.forward(&xy, closedRings: ringSizes)) != nil else { return nil }
        let metric = view.replacingCoordinatesView(xy)      // one polygon as a Polygon, as `prepareCarefully` writes it
        let metricWKB = metric.bytes
        // Validity after the transform: a plain footprint (holes too: courtyards) decided here,
        // anything else by GEOS.
        // Against the longest ring, not the whole outline: a road network dissolved into one polygon
        // has tens of thousands of holes (blocks), and its total outline squared exceeds its area.
        var planarArea = 0.0, outline = 0.0
        var envelope = Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0)
        if view.polygonCount == 1, decisivelyValidPolygon(xy, counts: ringSizes) == true {
            let b = metric.bounds
            (planarArea, outline) = (metric.planarArea, metric.longestRing)
            envelope = Envelope(minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY)
        } else {
            let g = try metricWKB.withUnsafeBytes { try Geometry(wkb: $0, context: geos) }
            guard try g.isValid(), let e = g.envelope else { return nil }
            (planarArea, outline, envelope) = (try g.area(), metric.longestRing, e)
        }
        guard planarArea > max(1e-6, 1e-6 * outline * outline) else { return nil }
        let areaM2 = Geodesic.area(lonLat: lonLat, rings: view.rings)
        // Four times off the ground's area, the overlay CRS may tear the polygon (`tornEdge`, there).
        guard areaM2.isFinite, areaM2 >= 0, planarArea <= 4 * areaM2 + 1, 4 * planarArea + 1 >= areaM2 else { return nil }
        return .feature(PolygonFeature(row: row, fid: f.fid, fields: f.fields, wkb: metricWKB, envelope: envelope,
                                       areaM2: areaM2, planarM2: planarArea, repair: nil))
    }

    private func prepareCarefully(_ f: Feature, row: Int, file: String, layer: String) throws -> Prepared {
        func bad(_ reason: String) -> InputError { InputError(file: file, layer: layer, feature: row, fid: f.fid, reason: reason) }
        func skip(_ reason: String) -> Prepared { .skipped(SkippedFeature(row: row, fid: f.fid, fields: f.fields, reason: reason)) }
        guard let wkb = f.wkb else { return skip(f.problem ?? "no geometry") }
        guard let decoded = try? WKB.decode(wkb) else { return skip("unreadable geometry") }
        if decoded.isEmpty { return skip("empty geometry") }
        if let e = checkFinite(decoded.coordinates, bad) { throw e }

        // To longitude/latitude, where the coordinate ranges are known.
        var lonLat = decoded
        if let toLonLat {
            var xy = decoded.coordinates
            do { try toLonLat.forward(&xy) } catch { throw bad("coordinates cannot be transformed to longitude/latitude: \(error)") }
            lonLat = try lonLat.replacingCoordinates(xy)
        }
        var snapped = lonLat.coordinates
        if snapRoundingOntoGlobe(&snapped) { lonLat = try lonLat.replacingCoordinates(snapped) }
        if let e = checkLonLat(snapped, bad) { throw e }

        // Rings: closed, at least three distinct points.
        var notes: [String] = []
        var polygons: [[[Double]]] = []
        for rings in lonLat.polygons {
            var kept: [[Double]] = []
            for (k, ring) in rings.enumerated() {
                var r = ring
                let n = r.count / 2
                if n > 0, r[0] != r[2 * n - 2] || r[1] != r[2 * n - 1] {
                    r += [r[0], r[1]]
                    notes.append("unclosed ring closed")
                }
                if r.count / 2 < 4 {
                    let distinct = Set(stride(from: 0, to: r.count - 1, by: 2).map { [r[$0], r[$0 + 1]] }).count
                    notes.append("ring of \(distinct) distinct point\(distinct == 1 ? "" : "s") dropped (a ring needs 3)")
                    if k == 0 { break } else { continue }       // a shell too short drops its polygon
                }
                kept.append(r)
            }
            if let shell = kept.first, shell.count / 2 >= 4 { polygons.append(kept) }
        }
        if polygons.isEmpty {
            if lonLat.polygons.isEmpty { return skip("not a polygon (\(typeName(lonLat)))") }
            return skip(notes.last ?? "no polygon")
        }
        if polygons.count < lonLat.polygons.count { notes.append("\(lonLat.polygons.count - polygons.count) polygon(s) dropped") }
        if case .geometryCollection(let parts) = lonLat {
            // Only the polygons of a collection are land: anything else in it is dropped and said so;
            // a collection of polygons alone loses nothing, and is one (multi)polygon from here on.
            if parts.contains(where: hasNonPolygonalPart) { notes.append("non-polygon parts dropped") }
            else if polygons.count > 1 { notes.append("GeometryCollection of polygons merged") }
            else { notes.append("polygon taken out of a GeometryCollection") }
        }

        // To the overlay CRS, then validity there.
        var xy = polygons.flatMap { $0.flatMap { $0 } }
        do { try toMetric.forward(&xy) } catch { throw bad("coordinates cannot be projected: \(error)") }
        if let torn = tornEdge(polygons, projected: xy) {
            let zone = MetricCRS.utm(longitude: torn.acrossAntimeridian ? 180 : torn.longitude, latitude: torn.latitude)
            if torn.acrossAntimeridian {
                throw bad("crosses the antimeridian (longitude ±180°), where the overlay CRS \(toMetric.target) is cut: the polygon would be torn across the map; give --crs a metric CRS that holds it whole (its UTM zone is \(zone)), or split the data at ±180° (GeoJSON's RFC 7946 rule)")
            }
            let place = "near lon \(fixed(torn.longitude, 5)), lat \(fixed(torn.latitude, 5))"
            let scale = localScale(toMetric, longitude: torn.longitude, latitude: torn.latitude).map { max($0.east, $0.north, 1 / $0.east, 1 / $0.north) }
            if abs(torn.latitude) > 84 || scale ?? 0 > 50 {
                // Not torn but stretched past use: EPSG:6933 at the South Pole station (89.997° S), where
                // a metre east is some 16,000 m on the map (such buildings were skipped as "zero area").
                let stretch = scale.map { " (a metre on the ground is up to \(fixed($0, 0)) m on the map there)" } ?? ""
                let local = abs(torn.latitude) > 60 ? "near the pole, \(torn.latitude < 0 ? "EPSG:3031" : "EPSG:3995")" : "its UTM zone is \(zone)"
                throw bad("lies where the overlay CRS \(toMetric.target) is too distorted to work in, \(place)\(stretch); give --crs a metric CRS of the data's area (\(local)), or measure far-apart data in separate runs")
            }
            throw bad("lies where the overlay CRS \(toMetric.target) tears the globe apart (\(place)): its outline would be torn across the map; give --crs a metric CRS of the data's area (its UTM zone is \(zone)), or measure far-apart data in separate runs")
        }
        var offset = 0
        let projected = polygons.map { rings in rings.map { ring -> [Double] in
            defer { offset += ring.count }
            return Array(xy[offset..<offset + ring.count])
        } }
        var g = try Geometry(wkb: WKB.encode(projected.count == 1 ? .polygon(projected[0]) : .multiPolygon(projected)), context: geos)
        let valid = try g.isValid()       // asked once: GEOS's IsValidOp is the careful path's cost
        if !valid, let joined = try joinedAcrossAntimeridian(g, polygons) {
            g = joined
        } else if !valid {
            notes.append(try inLonLat(g.validityReason()))
            guard let fixed = try g.makeValid().polygonalPart(), try fixed.area() > 1e-6 else {
                return skip("collapsed to nothing when repaired (\(notes.joined(separator: "; ")))")
            }
            // GEOS's make-valid output is not always valid where coordinates differ by many orders of
            // magnitude (found by fuzzing): never pass an invalid polygon on.
            guard try fixed.isValid() else {
                return skip("could not be repaired (\(notes.joined(separator: "; ")); still \(try inLonLat(fixed.validityReason())))")
            }
            g = fixed
        }
        // Collinear points keep a sliver of area once projected (a straight line in longitude/latitude
        // is not one in UTM): below a square millimetre, or below 1e-6 of its longest ring squared (a
        // strip 0.4 mm wide per 100 m), a polygon is degenerate, not land.
        let metricWKB = g.wkb
        let planarArea = try g.area(), outline = try PolygonWKB(metricWKB)?.longestRing ?? g.length()
        guard planarArea > max(1e-6, 1e-6 * outline * outline) else { return skip("zero area") }
        guard let envelope = g.envelope else { return skip("empty geometry") }
        // Ellipsoidal area from the longitude/latitude rings we already hold, unless a repair changed them.
        let areaM2 = notes.isEmpty ? polygons.reduce(0.0) { sum, rings in
            sum + Geodesic.ringArea(rings[0]) - rings.dropFirst().reduce(0.0) { $0 + Geodesic.ringArea($1) }
        } : try Geodesic.area(lonLatWKB: toMetric.inverse(wkb: metricWKB))
        // A polygon spanning a continent folds over itself in a UTM zone: its rings measured back on the
        // ellipsoid can give a hole larger than its shell (found by fuzzing, Fuzz/WKBFuzz.swift).
        guard areaM2.isFinite, areaM2 >= 0 else {
            throw bad("cannot be measured: the polygon is too large or too far from the overlay CRS (area \(areaM2) m²); are its coordinates and CRS right?")
        }
        return .feature(PolygonFeature(row: row, fid: f.fid, fields: f.fields, wkb: metricWKB, envelope: envelope, areaM2: areaM2, planarM2: planarArea,
                                       repair: notes.isEmpty ? nil : notes.joined(separator: "; ")))
    }
}

extension Preparer {
    /// A multipolygon split at the antimeridian, as GeoJSON's RFC 7946 asks and as Natural Earth's Fiji
    /// and Russia are, whose parts meet again along it in an overlay CRS not cut there (the UTM zone by
    /// it): their union, when that is valid and loses no area (parts that overlap are repaired as any
    /// other invalid geometry). Valid data, so no repair and no warning; nil for anything else.
    func joinedAcrossAntimeridian(_ g: Geometry, _ lonLat: [[[Double]]]) throws -> Geometry? {
        guard lonLat.count > 1, lonLat.joined().contains(where: { ring in
            stride(from: 0, to: ring.count, by: 2).contains { abs(ring[$0]) == 180 }
        }) else { return nil }
        let union = try g.unaryUnion()
        let (before, after) = (try g.area(), try union.area())
        guard try union.isValid(), abs(after - before) <= 1e-9 * before else { return nil }
        return union
    }

    /// GEOS's reason with its point, given in the overlay CRS ("Self-intersection[352012.5 3458761.25]",
    /// metres the user never saw), as longitude and latitude: "Self-intersection[lon 121.468772, lat
    /// 31.227448]", as the zone warnings place things. A reason without a point stays as it is.
    func inLonLat(_ reason: String) -> String {
        guard reason.hasSuffix("]"), let open = reason.lastIndex(of: "[") else { return reason }
        let numbers = reason[reason.index(after: open)..<reason.index(before: reason.endIndex)].split(separator: " ")
        guard numbers.count == 2, let x = Double(numbers[0]), let y = Double(numbers[1]) else { return reason }
        var point = [x, y]
        guard (try? toMetric.inverse(&point)) != nil, point.allSatisfy(\.isFinite) else { return reason }
        return reason[..<open] + "[lon \(fixed(point[0], 6)), lat \(fixed(point[1], 6))]"
    }
}

/// The error for the first NaN or infinite coordinate, if any.
private func checkFinite(_ xy: [Double], _ bad: (String) -> InputError) -> InputError? {
    guard let i = xy.firstIndex(where: { !$0.isFinite }) else { return nil }
    return bad("coordinate \(i / 2 + 1) is \(xy[i].isNaN ? "NaN" : "infinite")")
}

/// The first edge the overlay CRS tears apart, if any: its ends lie there much further apart than on
/// the ground. An edge across the antimeridian (its ends more than 180° of longitude apart, so the
/// short way round is across ±180°) is torn beyond ten times its length plus 1 km: a CRS cut at ±180°
/// (the global EPSG:6933, Web Mercator) puts its ends at the map's two edges, and the polygon would
/// become a band round the world, where a UTM zone by the antimeridian or a polar CRS keeps it whole.
/// Any other edge is torn beyond a hundred times its length plus 1 km: a transverse Mercator given
/// with --crs for data more than 90° of longitude away tears the globe along the equator there
/// (Kenya in UTM 60S: 40,000 km between two points 100 km apart) and folds it, and the polygon's
/// "repair" is no longer the land. Scales up to ×11 (Web Mercator at 85°) pass.
/// An edge with an end at a pole, or with both ends on ±180°, runs along the map's edge: not counted
/// (Antarctica as Natural Earth draws it runs down 180° to the pole, along it and up −180°).
/// `projected`: the rings' coordinates, one after another, in the overlay CRS.
func tornEdge(_ polygons: [[[Double]]], projected xy: [Double]) -> (longitude: Double, latitude: Double, acrossAntimeridian: Bool)? {
    var offset = 0
    for ring in polygons.joined() {
        defer { offset += ring.count }
        var i = 2
        while i + 1 < ring.count {
            defer { i += 2 }
            guard abs(ring[i - 1]) != 90, abs(ring[i + 1]) != 90 else { continue }
            var dLon = abs(ring[i] - ring[i - 2])
            let across = dLon > 180
            if across {
                guard abs(ring[i - 2]) != 180 || abs(ring[i]) != 180 else { continue }
                dLon = 360 - dLon
            }
            let latitude = (ring[i + 1] + ring[i - 1]) / 2
            let east = dLon * cos(latitude * .pi / 180) * 111_320, north = (ring[i + 1] - ring[i - 1]) * 110_574
            let ground = (east * east + north * north).squareRoot()
            let dx = xy[offset + i] - xy[offset + i - 2], dy = xy[offset + i + 1] - xy[offset + i - 1]
            let onMap = (dx * dx + dy * dy).squareRoot()
            if !(onMap <= (across ? 10 : 100) * ground + 1000) { return (ring[i], latitude, across) }
        }
    }
    return nil
}

/// How long 1 m east and 1 m north on the ground are in the CRS `toMap` goes to, at a point (10 m
/// steps, by WGS84's radii of curvature there); nil where it cannot be computed.
func localScale(_ toMap: Transformer, longitude: Double, latitude: Double) -> (east: Double, north: Double)? {
    let (a, e2) = (Geodesic.semiMajorAxis, Geodesic.flattening * (2 - Geodesic.flattening))
    let s = sin(latitude * .pi / 180), w = 1 - e2 * s * s
    let primeVertical = a / w.squareRoot(), meridian = a * (1 - e2) / (w * w.squareRoot())
    let east = 10 / (primeVertical * cos(latitude * .pi / 180)) * 180 / .pi, north = 10 / meridian * 180 / .pi
    guard abs(latitude + north) <= 90, east.isFinite else { return nil }
    var p = [longitude, latitude, longitude + east, latitude, longitude, latitude + north]
    guard (try? toMap.forward(&p)) != nil, p.allSatisfy(\.isFinite) else { return nil }
    let scale = (east: hypot(p[2] - p[0], p[3] - p[1]) / 10, north: hypot(p[4] - p[0], p[5] - p[1]) / 10)
    return scale.east > 0 && scale.north > 0 ? scale : nil
}

/// How far past ±180° / ±90° a coordinate may lie and still be rounding, not a wrong CRS: 1e-9°
/// (0.1 mm). Natural Earth's Russia and Fiji hold longitude 180.00000000000006, and Web Mercator's
/// x = ±20037508.3428 comes back from PROJ a few 1e-14° past the antimeridian.
let lonLatRoundingAllowance = 1e-9

/// Puts longitudes and latitudes that lie past the globe's edge by no more than
/// `lonLatRoundingAllowance` on the edge (180.00000000000006 becomes 180); whether any moved.
func snapRoundingOntoGlobe(_ xy: inout [Double]) -> Bool {
    func snap(_ v: inout Double, _ limit: Double) -> Bool {
        guard abs(v) > limit, abs(v) <= limit + lonLatRoundingAllowance else { return false }
        v = v < 0 ? -limit : limit
        return true
    }
    var moved = false
    var i = 0
    while i + 1 < xy.count {
        if snap(&xy[i], 180) { moved = true }
        if snap(&xy[i + 1], 90) { moved = true }
        i += 2
    }
    return moved
}

/// The error for the first longitude/latitude pair out of range, if any.
private func checkLonLat(_ xy: [Double], _ bad: (String) -> InputError) -> InputError? {
    var i = 0
    while i + 1 < xy.count {
        let lon = xy[i], lat = xy[i + 1]
        if !lon.isFinite || !lat.isFinite { return bad("coordinate \(i / 2 + 1) cannot be located (not finite after transform)") }
        if abs(lat) > 90 || abs(lon) > 180 {
            return bad("coordinate \(i / 2 + 1) (\(lon), \(lat)) is outside longitude ±180 / latitude ±90; are longitude and latitude swapped, or is the CRS wrong?")
        }
        i += 2
    }
    return nil
}

/// Whether a geometry holds something other than polygons that has coordinates (an empty point is
/// nothing to drop).
private func hasNonPolygonalPart(_ g: WKB.Geometry) -> Bool {
    switch g {
    case .polygon, .multiPolygon: false
    case .point, .lineString, .multiPoint, .multiLineString: !g.isEmpty
    case .geometryCollection(let parts): parts.contains(where: hasNonPolygonalPart)
    }
}

private func typeName(_ g: WKB.Geometry) -> String {
    switch g {
    case .point: "Point"
    case .lineString: "LineString"
    case .polygon: "Polygon"
    case .multiPoint: "MultiPoint"
    case .multiLineString: "MultiLineString"
    case .multiPolygon: "MultiPolygon"
    case .geometryCollection: "GeometryCollection"
    }
}
