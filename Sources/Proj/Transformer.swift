// Transformer.swift — coordinate transformation between two CRSs, always in x = longitude/easting,
// y = latitude/northing order (proj_normalize_for_visualization), on interleaved x,y arrays or on
// every coordinate of a WKB geometry.
//
// All coordinates go to PROJ in one `proj_trans_generic` call (stride 16 bytes over x,y pairs).
// PROJ marks a coordinate it cannot transform with HUGE_VAL; any non-finite output becomes a
// `PROJError` naming that coordinate, and the caller's array is left as it was.

import CPROJ

/// Transforms coordinates from one CRS to another. Owns its own PJ_CONTEXT, so a transformer must be
/// used by one thread at a time; make one per worker (it is deliberately not `Sendable`).
public final class Transformer {
    let context: ProjContext   // released after `pointer` is destroyed in deinit: the context dies last
    let pointer: OpaquePointer
    /// The projection step alone, when the transformation is longitude/latitude degrees to a
    /// projection or back and the step gives the pipeline's numbers (see `projectionStep`).
    let projection: OpaquePointer?
    /// Whether the pipeline runs the step forward from degrees (else inverted, to degrees).
    let projectionFromDegrees: Bool
    /// The definitions this transformer was made from, for messages.
    public let source: String
    public let target: String

    /// Creates the best available transformation from `source` to `target` (definitions as for `CRS`).
    /// Throws `PROJError` when either CRS is not understood or no transformation exists.
    ///
    /// Where PROJ knows several transformations between the two (a datum shift with a regional
    /// variant, such as Beijing 1954 to WGS 84, whose Yellow Sea variant covers part of Shanghai),
    /// PROJ's own choice is made point by point, by each point's place: a building across the edge
    /// of a variant's area would have its corners shifted differently (70 m apart) and its area
    /// changed by a fifth. With `area`, the data's extent in longitude/latitude, one transformation is
    /// used for every point: the first PROJ lists as valid over all of `area` (the most accurate; the
    /// ballpark one when no other covers it all), so every feature of every layer of the data moves
    /// alike. Without `area`, or with only one candidate, PROJ's choice as before.
    /// Wraps `proj_create_crs_to_crs_from_pj`, `proj_create_operations` and
    /// `proj_normalize_for_visualization`.
    public convenience init(from source: String, to target: String, over area: LonLatBox? = nil) throws {
        try self.init(from: source, to: target, over: area, projectionStep: true)
    }

    /// `projectionStep: false` keeps every point on PROJ's whole pipeline (for tests comparing the two).
    init(from source: String, to target: String, over area: LonLatBox? = nil, projectionStep: Bool) throws {
        let context = try ProjContext()
        let sourceCRS = try context.createCRS(source)
        defer { proj_destroy(sourceCRS) }
        let targetCRS = try context.createCRS(target)
        defer { proj_destroy(targetCRS) }
        let names = "\(CRS.identifier(of: sourceCRS)) to \(CRS.identifier(of: targetCRS))"
        let chosen = area.flatMap { Transformer.oneOperation(sourceCRS, targetCRS, over: $0, context) }
        let operation = try chosen ?? context.nonNull(
            proj_create_crs_to_crs_from_pj(context.pointer, sourceCRS, targetCRS, nil, nil),
            "no transformation from \(names)")
        defer { proj_destroy(operation) }
        self.pointer = try context.nonNull(proj_normalize_for_visualization(context.pointer, operation),
                                           "cannot put the transformation from \(names) in longitude/latitude order")
        let step = projectionStep ? Transformer.projectionStep(of: pointer, context) : nil
        (self.projection, self.projectionFromDegrees) = (step?.0, step?.fromDegrees ?? true)
        self.context = context
        self.source = CRS.identifier(of: sourceCRS)
        self.target = CRS.identifier(of: targetCRS)
    }

    /// Wraps `proj_destroy`.
    deinit {
        if let projection { proj_destroy(projection) }
        proj_destroy(pointer)
    }

    /// The one operation to use over `area` when PROJ has more than one candidate from `source` to
    /// `target` (nil when it has one: then PROJ's usual choice is that one). Candidates needing a grid
    /// that is not installed are left out, as PROJ does.
    private static func oneOperation(_ source: OpaquePointer, _ target: OpaquePointer, over area: LonLatBox,
                                     _ context: ProjContext) -> OpaquePointer? {
        func candidates(_ area: LonLatBox?) -> [OpaquePointer] {
            guard let factory = proj_create_operation_factory_context(context.pointer, nil) else { return [] }
            defer { proj_operation_factory_context_destroy(factory) }
            proj_operation_factory_context_set_grid_availability_use(context.pointer, factory,
                                                                      PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID)
            // Anywhere: every candidate valid somewhere in the source CRS's area (what PROJ chooses
            // from point by point); over `area`: those valid over all of it.
            if let area {
                proj_operation_factory_context_set_area_of_interest(context.pointer, factory, area.west, area.south, area.east, area.north)
            }
            proj_operation_factory_context_set_spatial_criterion(context.pointer, factory,
                                                                 area == nil ? PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION
                                                                             : PROJ_SPATIAL_CRITERION_STRICT_CONTAINMENT)
            guard let list = proj_create_operations(context.pointer, source, target, factory) else { return [] }
            defer { proj_list_destroy(list) }
            var usable: [OpaquePointer] = []
            for i in 0..<proj_list_get_count(list) {
                guard let op = proj_list_get(context.pointer, list, i) else { continue }
                if proj_coordoperation_is_instantiable(context.pointer, op) != 0 { usable.append(op) } else { proj_destroy(op) }
            }
            return usable
        }
        let everywhere = candidates(nil)
        everywhere.forEach { proj_destroy($0) }
        guard everywhere.count > 1 else { return nil }
        let here = candidates(area)
        here.dropFirst().forEach { proj_destroy($0) }
        return here.first
    }

    /// Whether transforms go through the projection step alone (see `projectionStep`).
    var projectsDirectly: Bool { projection != nil }

    /// Degrees to radians, as PROJ's `unitconvert` step scales them.
    static let radiansPerDegree = Double.pi / 180
    /// Radians to degrees, `unitconvert`'s factor from radians to degrees. A pipeline run forward
    /// multiplies by its step's factor and run inverse divides by it, which differ in the last bit
    /// (for one number in nine): each direction is scaled here as the pipeline does.
    static let degreesPerRadian = 1 / radiansPerDegree

    /// Between longitude/latitude degrees and a projection, PROJ's pipeline is two steps: degrees to
    /// radians and the projection (or the projection inverted and radians to degrees). Each point then
    /// passes through the pipeline and both steps, a quarter of the time PROJ spends on a footprint's
    /// point. The projection step made on its own, with the degrees scaled here, does only the
    /// projection, in either direction. It is used only when it is exactly that pipeline and when it
    /// gives the pipeline's numbers on a grid of points over the globe, both ways (points the
    /// projection cannot take must fail alike).
    ///
    /// A transverse Mercator step (`utm`, `tmerc`: every UTM zone, the overlay's usual CRS) is made
    /// with PROJ's `+algo=auto`, unless the definition chooses an algorithm: PROJ then computes a
    /// point within 3° of the central meridian by the Evenden–Snyder series, 2.6 times as fast as the
    /// Poder–Engsager one on Shanghai's points (pyproj's PROJ 9.5.1: 67 ns against 173 ns a point), and only
    /// where it stays within 0.1 mm of it; elsewhere by Poder–Engsager as before. Such a step must give
    /// the pipeline's numbers within 0.1 mm (1e-9° for longitude/latitude) instead of bit for bit: on
    /// the grid of the check they differ by at most 12 µm. Wraps `proj_as_proj_string` and `proj_create`.
    private static func projectionStep(of operation: OpaquePointer, _ context: ProjContext) -> (OpaquePointer, fromDegrees: Bool)? {
        let toRadians = "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step "
        let toDegrees = " +step +proj=unitconvert +xy_in=rad +xy_out=deg"
        guard let definition = proj_as_proj_string(context.pointer, operation, PJ_PROJ_5, nil).map({ String(cString: $0) })
        else { return nil }
        var step: String, fromDegrees: Bool
        if definition.hasPrefix(toRadians) {
            (step, fromDegrees) = (String(definition.dropFirst(toRadians.count)), true)
        } else if definition.hasPrefix("+proj=pipeline +step +inv "), definition.hasSuffix(toDegrees) {
            (step, fromDegrees) = (String(definition.dropFirst("+proj=pipeline +step +inv ".count).dropLast(toDegrees.count)), false)
        } else {
            return nil
        }
        guard !step.contains("+step"), !step.contains("+inv"), !step.contains("+proj=pipeline") else { return nil }
        let parameters = step.split(separator: " ")
        let seriesAllowed = (parameters.first == "+proj=utm" || parameters.first == "+proj=tmerc")
            && !parameters.contains { $0.hasPrefix("+algo") || $0 == "+approx" }
        if seriesAllowed { step += " +algo=auto" }
        guard let projection = proj_create(context.pointer, step) else { return nil }
        // The same pipeline checked once per process (each worker makes its transformers, per layer:
        // fourteen checks of 15,000 points took a tenth of a second, a fifth of a small report).
        if let known = checkedSteps.withLock({ $0[definition] }) {
            if !known { proj_destroy(projection) }
            return known ? (projection, fromDegrees) : nil
        }
        var lonLat: [Double] = []
        for lon in stride(from: -180.0, through: 180.0, by: 2.5) {
            for lat in stride(from: -89.0, through: 89.0, by: 1.75) { lonLat += [lon + 0.123456789, lat + 0.0987654321] }
        }
        // Degrees to the projection and back, through the pipeline (run the right way round) and
        // through the step.
        func run(_ op: OpaquePointer, _ direction: PJ_DIRECTION, _ xy: [Double]) -> [Double] {
            var xy = xy
            let n = xy.count / 2, stride = 2 * MemoryLayout<Double>.stride
            xy.withUnsafeMutableBufferPointer { p in
                _ = proj_trans_generic(op, direction, p.baseAddress, stride, n, p.baseAddress! + 1, stride, n, nil, 0, 0, nil, 0, 0)
            }
            return xy
        }
        let (project, unproject) = fromDegrees ? (PJ_FWD, PJ_INV) : (PJ_INV, PJ_FWD)
        let projected = run(operation, project, lonLat)
        let viaStep = run(projection, PJ_FWD, lonLat.map { fromDegrees ? $0 * radiansPerDegree : $0 / degreesPerRadian })
        let onGlobe = projected.indices.filter { $0 % 2 == 0 && projected[$0].isFinite && projected[$0 + 1].isFinite }
            .flatMap { [projected[$0], projected[$0 + 1]] }
        let back = run(operation, unproject, onGlobe)
        let backViaStep = run(projection, PJ_INV, onGlobe).map { fromDegrees ? $0 / radiansPerDegree : $0 * degreesPerRadian }
        proj_errno_reset(operation)
        proj_errno_reset(projection)
        context.clearLog()
        func agree(_ a: [Double], _ b: [Double], within tolerance: Double) -> Bool {
            zip(a, b).allSatisfy { a, b in
                seriesAllowed ? (a.isFinite == b.isFinite && (!a.isFinite || abs(a - b) <= tolerance)) : a.bitPattern == b.bitPattern
            }
        }
        let same = agree(projected, viaStep, within: 1e-4) && agree(back, backViaStep, within: 1e-9)
        checkedSteps.withLock { $0[definition] = same }
        guard same else {
            proj_destroy(projection)
            return nil
        }
        return (projection, fromDegrees)
    }

    /// Whether the projection step of a pipeline (by its PROJ string) gave the pipeline's numbers.
    private static let checkedSteps = Locked<[String: Bool]>([:])

    /// Transforms interleaved x,y pairs from source to target in place; on error `xy` is unchanged.
    /// Wraps `proj_trans_generic` (PJ_FWD).
    public func forward(_ xy: inout [Double]) throws { try transform(&xy, PJ_FWD) }

    /// Transforms interleaved x,y pairs from target back to source in place; on error `xy` is unchanged.
    /// Wraps `proj_trans_generic` (PJ_INV).
    public func inverse(_ xy: inout [Double]) throws { try transform(&xy, PJ_INV) }

    /// Transforms every coordinate of a 2D WKB geometry (either byte order) from source to target;
    /// returns little-endian WKB. Wraps `proj_trans_generic` (PJ_FWD).
    public func forward(wkb: [UInt8]) throws -> [UInt8] { try transform(wkb: wkb, PJ_FWD) }

    /// `forward(wkb:)` of bytes held in place.
    public func forward(wkb: WKBBytes) throws -> [UInt8] { try transform(wkb: wkb.array, PJ_FWD) }

    /// Transforms every coordinate of a 2D WKB geometry from target back to source; returns
    /// little-endian WKB. Wraps `proj_trans_generic` (PJ_INV).
    public func inverse(wkb: [UInt8]) throws -> [UInt8] { try transform(wkb: wkb, PJ_INV) }

    private func transform(wkb: [UInt8], _ direction: PJ_DIRECTION) throws -> [UInt8] {
        let geometry = try WKB.decode(wkb)
        var xy = geometry.coordinates
        try transform(&xy, direction)
        return WKB.encode(try geometry.replacingCoordinates(xy))
    }

    private func transform(_ xy: inout [Double], _ direction: PJ_DIRECTION) throws(PROJError) {
        var whole = xy.count / 2
        try withUnsafePointer(to: &whole) { (p) throws(PROJError) in
            try transform(&xy, ringSizes: UnsafeBufferPointer(start: p, count: 1), skippingClosingPoints: false, forward: direction == PJ_FWD)
        }
    }

    /// Transforms interleaved x,y pairs holding closed rings end to end (`ringSizes` points each, the
    /// last point of each repeating its first) from source to target in place; on error `xy` is
    /// unchanged. A ring's closing point is not sent to PROJ again but copied from its transformed
    /// first point, which PROJ turns into the same numbers: a footprint of four corners is five
    /// points, so this spares a fifth of the work. A ring whose last point differs from its first is
    /// transformed whole. Wraps `proj_trans_generic` (PJ_FWD).
    @inlinable public func forward(_ xy: inout [Double], closedRings ringSizes: some Collection<Int>) throws {
        // The sizes on the stack, so the work below is not generic (and needs no array).
        try withUnsafeTemporaryAllocation(of: Int.self, capacity: ringSizes.count) { sizes in
            _ = sizes.initialize(fromContentsOf: ringSizes)
            try transform(&xy, ringSizes: UnsafeBufferPointer(sizes), skippingClosingPoints: true, forward: true)
        }
    }

    /// The points to transform are gathered into a temporary buffer (on the stack for a footprint),
    /// transformed there in one `proj_trans_generic` call, checked, and only then written back.
    @usableFromInline func transform(_ xy: inout [Double], ringSizes: UnsafeBufferPointer<Int>, skippingClosingPoints: Bool,
                                     forward: Bool) throws(PROJError) {
        context.clearLog()
        let (from, to) = forward ? (source, target) : (target, source)
        try context.require(xy.count % 2 == 0,
                            "cannot transform \(xy.count) numbers from \(from) to \(to): x,y pairs need an even count")
        try context.require(ringSizes.reduce(0, +) == xy.count / 2,
                            "cannot transform \(xy.count / 2) points from \(from) to \(to) as rings of \(Array(ringSizes)) points")
        guard !xy.isEmpty else { return }
        // Each ring's points sent to PROJ: all but the closing one when that repeats the first.
        func sent(_ p: UnsafeBufferPointer<Double>, _ start: Int, _ n: Int) -> Int {
            skippingClosingPoints && n >= 2 && p[2 * start] == p[2 * (start + n - 1)]
                && p[2 * start + 1] == p[2 * (start + n - 1) + 1] ? n - 1 : n
        }
        let capacity = xy.count
        let failed: Int? = withUnsafeTemporaryAllocation(of: Double.self, capacity: capacity) { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var count = 0      // points gathered
            // Through the projection step alone when there is one: degrees scaled to radians as
            // gathered when it runs forward, its radians to degrees after it when inverted.
            let operation = projection ?? pointer
            let stepForward = forward == projectionFromDegrees
            let scalesInput = projection != nil && stepForward
            xy.withUnsafeBufferPointer { p in
                var start = 0
                for n in ringSizes {
                    let k = sent(p, start, n)
                    if !scalesInput {
                        (base + 2 * count).initialize(from: p.baseAddress! + 2 * start, count: 2 * k)
                    } else if projectionFromDegrees {
                        for j in 0..<(2 * k) { (base + 2 * count + j).initialize(to: p[2 * start + j] * Transformer.radiansPerDegree) }
                    } else {
                        for j in 0..<(2 * k) { (base + 2 * count + j).initialize(to: p[2 * start + j] / Transformer.degreesPerRadian) }
                    }
                    (start, count) = (start + n, count + k)
                }
            }
            let stride = 2 * MemoryLayout<Double>.stride
            proj_errno_reset(operation)
            let direction = projection == nil ? (forward ? PJ_FWD : PJ_INV) : (stepForward ? PJ_FWD : PJ_INV)
            _ = proj_trans_generic(operation, direction, base, stride, count, base + 1, stride, count, nil, 0, 0, nil, 0, 0)
            if projection != nil, !stepForward {
                if projectionFromDegrees {
                    for j in 0..<(2 * count) { base[j] /= Transformer.radiansPerDegree }
                } else {
                    for j in 0..<(2 * count) { base[j] *= Transformer.degreesPerRadian }
                }
            }
            // Checked (a failure is named by its index in `xy`), then written back; a closing point
            // takes its ring's first point's result.
            if let bad = (0..<count).first(where: { !(base[2 * $0].isFinite && base[2 * $0 + 1].isFinite) }) {
                return xy.withUnsafeBufferPointer { p in
                    var start = 0, gathered = 0
                    for n in ringSizes {
                        let k = sent(p, start, n)
                        if bad < gathered + k { return start + bad - gathered }
                        (start, gathered) = (start + n, gathered + k)
                    }
                    return nil
                }
            }
            xy.withUnsafeMutableBufferPointer { p in
                var start = 0, gathered = 0
                for n in ringSizes {
                    let k = sent(UnsafeBufferPointer(p), start, n)
                    (p.baseAddress! + 2 * start).update(from: base + 2 * gathered, count: 2 * k)
                    if k < n { (p[2 * (start + n - 1)], p[2 * (start + n - 1) + 1]) = (base[2 * gathered], base[2 * gathered + 1]) }
                    (start, gathered) = (start + n, gathered + k)
                }
            }
            return nil
        }
        if let i = failed {
            try context.require(false, "cannot transform coordinate \(i) (x \(xy[2 * i]), y \(xy[2 * i + 1])) from \(from) to \(to)",
                                errno: proj_errno(projection ?? pointer))
        }
    }
}

/// A box in longitude/latitude degrees (west ≤ east; a box across the antimeridian is not needed here).
public struct LonLatBox: Sendable, Equatable {
    public var west, south, east, north: Double
    public init(west: Double, south: Double, east: Double, north: Double) {
        (self.west, self.south, self.east, self.north) = (west, south, east, north)
    }
}

@available(*, unavailable, message: "a Transformer is used by one thread at a time; make one per task")
extension Transformer: Sendable {}
