// Overlay, union and buffer. Each signature is implemented once (`unary`, `binary`) so each public
// operation is one line; an optional grid size selects GEOS's fixed-precision (`*Prec`) variant.
import CGEOS

extension Geometry {
    func unary(_ name: String, _ op: (GEOSContextHandle_t, OpaquePointer) -> OpaquePointer?) throws(GEOSError) -> Geometry {
        try context.owned(op(context.handle, handle), name)
    }

    func binary(_ other: Geometry, _ name: String,
                _ op: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> OpaquePointer?) throws(GEOSError) -> Geometry {
        precondition(other.context === context, "geometries from different GEOS contexts")
        return try context.owned(op(context.handle, handle, other.handle), name)
    }

    /// Wraps `GEOSIntersection_r` (`GEOSIntersectionPrec_r` with a grid size).
    public func intersection(_ other: Geometry, gridSize: Double? = nil) throws(GEOSError) -> Geometry {
        if let gridSize { return try binary(other, "intersection") { GEOSIntersectionPrec_r($0, $1, $2, gridSize) } }
        return try binary(other, "intersection") { GEOSIntersection_r($0, $1, $2) }
    }

    /// Wraps `GEOSDifference_r` (`GEOSDifferencePrec_r` with a grid size).
    public func difference(_ other: Geometry, gridSize: Double? = nil) throws(GEOSError) -> Geometry {
        if let gridSize { return try binary(other, "difference") { GEOSDifferencePrec_r($0, $1, $2, gridSize) } }
        return try binary(other, "difference") { GEOSDifference_r($0, $1, $2) }
    }

    /// Wraps `GEOSUnion_r` (`GEOSUnionPrec_r` with a grid size).
    public func union(_ other: Geometry, gridSize: Double? = nil) throws(GEOSError) -> Geometry {
        if let gridSize { return try binary(other, "union") { GEOSUnionPrec_r($0, $1, $2, gridSize) } }
        return try binary(other, "union") { GEOSUnion_r($0, $1, $2) }
    }

    /// Dissolves the parts of a collection into non-overlapping polygons. Wraps `GEOSUnaryUnion_r`
    /// (`GEOSUnaryUnionPrec_r` with a grid size).
    public func unaryUnion(gridSize: Double? = nil) throws(GEOSError) -> Geometry {
        if let gridSize { return try unary("unaryUnion") { GEOSUnaryUnionPrec_r($0, $1, gridSize) } }
        return try unary("unaryUnion") { GEOSUnaryUnion_r($0, $1) }
    }

    /// Union of polygons that only touch (a coverage, such as districts): much faster than
    /// `unaryUnion`, wrong where they overlap. Wraps `GEOSCoverageUnion_r`.
    public func coverageUnion() throws(GEOSError) -> Geometry {
        try unary("coverageUnion") { GEOSCoverageUnion_r($0, $1) }
    }

    /// Buffer with `quadrantSegments` segments per quarter circle. Wraps `GEOSBuffer_r`.
    public func buffer(_ width: Double, quadrantSegments: Int32 = 8) throws(GEOSError) -> Geometry {
        try unary("buffer") { GEOSBuffer_r($0, $1, width, quadrantSegments) }
    }

    /// The part of the geometry inside an axis-aligned rectangle: much cheaper than `intersection`,
    /// used to cut a large polygon down to the neighbourhood of a small one. The result may be
    /// invalid at the rectangle's edge only where the input was. Wraps `GEOSClipByRect_r`.
    public func clip(to e: Envelope) throws(GEOSError) -> Geometry {
        try unary("clipByRect") { GEOSClipByRect_r($0, $1, e.minX, e.minY, e.maxX, e.maxY) }
    }

    /// Buffer with mitred joins: offsets every edge by `width` keeping corners sharp (up to
    /// `mitreLimit` × width), so an erosion followed by a dilation gives back a rectilinear shape
    /// exactly. Wraps `GEOSBufferWithStyle_r`.
    public func mitredBuffer(_ width: Double, mitreLimit: Double = 5) throws(GEOSError) -> Geometry {
        try unary("buffer") { GEOSBufferWithStyle_r($0, $1, width, 8, Int32(GEOSBUF_CAP_FLAT.rawValue), Int32(GEOSBUF_JOIN_MITRE.rawValue), mitreLimit) }
    }

    /// Vertices of this geometry within `tolerance` of a vertex of `reference` moved onto it, and
    /// `reference`'s vertices within `tolerance` of this geometry's edges inserted into them. Wraps
    /// `GEOSSnap_r`.
    public func snapped(to reference: Geometry, tolerance: Double) throws(GEOSError) -> Geometry {
        try binary(reference, "snap") { GEOSSnap_r($0, $1, $2, tolerance) }
    }

    /// Wraps `GEOSEnvelope_r`.
    public func envelopeGeometry() throws(GEOSError) -> Geometry { try unary("envelope") { GEOSEnvelope_r($0, $1) } }

    /// A point guaranteed to lie on the geometry. Wraps `GEOSPointOnSurface_r`.
    public func pointOnSurface() throws(GEOSError) -> Geometry { try unary("pointOnSurface") { GEOSPointOnSurface_r($0, $1) } }

    /// Wraps `GEOSGetCentroid_r`.
    public func centroid() throws(GEOSError) -> Geometry { try unary("centroid") { GEOSGetCentroid_r($0, $1) } }

    /// The boundary (rings of a polygon as lines). Wraps `GEOSBoundary_r`.
    public func boundary() throws(GEOSError) -> Geometry { try unary("boundary") { GEOSBoundary_r($0, $1) } }

    /// Normal form (rings oriented, vertices ordered) for comparisons. Wraps `GEOSNormalize_r`.
    public func normalized() throws(GEOSError) -> Geometry {
        // GEOS 3.11 crashes normalising a NaN coordinate: refuse instead.
        if !hasSafeCoordinates { throw GEOSError(operation: "normalize", message: "coordinates not finite or beyond ±1e100") }
        let copy = try clone()
        guard GEOSNormalize_r(context.handle, copy.handle) == 0 else { throw context.takeError("normalize") }
        return copy
    }
}
