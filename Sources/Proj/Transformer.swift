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
    /// The definitions this transformer was made from, for messages.
    public let source: String
    public let target: String

    /// Creates the best available transformation from `source` to `target` (definitions as for `CRS`).
    /// Throws `PROJError` when either CRS is not understood or no transformation exists.
    /// Wraps `proj_create_crs_to_crs_from_pj` and `proj_normalize_for_visualization`.
    public init(from source: String, to target: String) throws {
        let context = try ProjContext()
        let sourceCRS = try context.createCRS(source)
        defer { proj_destroy(sourceCRS) }
        let targetCRS = try context.createCRS(target)
        defer { proj_destroy(targetCRS) }
        let names = "\(CRS.identifier(of: sourceCRS)) to \(CRS.identifier(of: targetCRS))"
        let operation = try context.nonNull(
            proj_create_crs_to_crs_from_pj(context.pointer, sourceCRS, targetCRS, nil, nil),
            "no transformation from \(names)")
        defer { proj_destroy(operation) }
        self.pointer = try context.nonNull(proj_normalize_for_visualization(context.pointer, operation),
                                           "cannot put the transformation from \(names) in longitude/latitude order")
        self.context = context
        self.source = CRS.identifier(of: sourceCRS)
        self.target = CRS.identifier(of: targetCRS)
    }

    /// Wraps `proj_destroy`.
    deinit { proj_destroy(pointer) }

    /// Transforms interleaved x,y pairs from source to target in place; on error `xy` is unchanged.
    /// Wraps `proj_trans_generic` (PJ_FWD).
    public func forward(_ xy: inout [Double]) throws { try transform(&xy, PJ_FWD) }

    /// Transforms interleaved x,y pairs from target back to source in place; on error `xy` is unchanged.
    /// Wraps `proj_trans_generic` (PJ_INV).
    public func inverse(_ xy: inout [Double]) throws { try transform(&xy, PJ_INV) }

    /// Transforms every coordinate of a 2D WKB geometry (either byte order) from source to target;
    /// returns little-endian WKB. Wraps `proj_trans_generic` (PJ_FWD).
    public func forward(wkb: [UInt8]) throws -> [UInt8] { try transform(wkb: wkb, PJ_FWD) }

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
        context.clearLog()
        let (from, to) = direction == PJ_FWD ? (source, target) : (target, source)
        try context.require(xy.count % 2 == 0,
                            "cannot transform \(xy.count) numbers from \(from) to \(to): x,y pairs need an even count")
        let count = xy.count / 2
        guard count > 0 else { return }
        var output = xy
        proj_errno_reset(pointer)
        output.withUnsafeMutableBufferPointer { buffer in
            guard let x = buffer.baseAddress else { return }
            let stride = 2 * MemoryLayout<Double>.stride
            _ = proj_trans_generic(pointer, direction, x, stride, count, x + 1, stride, count,
                                   nil, 0, 0, nil, 0, 0)
        }
        let errno = proj_errno(pointer)
        var index = 0
        while index < count {
            try context.require(output[2 * index].isFinite && output[2 * index + 1].isFinite,
                                "cannot transform coordinate \(index) (x \(xy[2 * index]), y \(xy[2 * index + 1])) from \(from) to \(to)",
                                errno: errno)
            index += 1
        }
        xy = output
    }
}

@available(*, unavailable, message: "a Transformer is used by one thread at a time; make one per task")
extension Transformer: Sendable {}
