// Reading rings and coordinates out of polygons.
import CGEOS

/// A polygon's rings as interleaved x,y arrays (closing vertex included).
public struct PolygonRings: Sendable {
    public var shell: [Double]
    public var holes: [[Double]]
}

extension Geometry {
    /// The rings of every polygon in the geometry (a Polygon, MultiPolygon or collection holding them).
    /// Wraps `GEOSGetExteriorRing_r`, `GEOSGetInteriorRingN_r` and `GEOSCoordSeq_copyToBuffer_r`.
    public func polygonRings() throws(GEOSError) -> [PolygonRings] {
        switch type {
        case .polygon:
            if isEmpty { return [] }
            // Rings returned by GEOSGetExteriorRing_r / GEOSGetInteriorRingN_r belong to the polygon.
            guard let shell = GEOSGetExteriorRing_r(context.handle, handle) else { throw context.takeError("exteriorRing") }
            let count = GEOSGetNumInteriorRings_r(context.handle, handle)
            var holes: [[Double]] = []
            for i in 0..<max(count, 0) {
                guard let hole = GEOSGetInteriorRingN_r(context.handle, handle, i) else { throw context.takeError("interiorRing") }
                holes.append(try coordinates(of: hole))
            }
            return [PolygonRings(shell: try coordinates(of: shell), holes: holes)]
        case .multiPolygon, .geometryCollection:
            var rings: [PolygonRings] = []
            for part in try parts() { rings.append(contentsOf: try part.polygonRings()) }
            return rings
        default:
            return []
        }
    }

    /// Every vertex as interleaved x,y (for a point, line or ring; polygons use `polygonRings`).
    public func coordinates() throws(GEOSError) -> [Double] {
        try coordinates(of: handle)
    }

    private func coordinates(of g: OpaquePointer) throws(GEOSError) -> [Double] {
        // The sequence belongs to the geometry: read it, don't free it.
        guard let seq = GEOSGeom_getCoordSeq_r(context.handle, g) else { throw context.takeError("coordSeq") }
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(context.handle, seq, &size) == 1 else { throw context.takeError("coordSeq size") }
        var xy = [Double](repeating: 0, count: Int(size) * 2)
        let ok = xy.withUnsafeMutableBufferPointer { buffer in
            GEOSCoordSeq_copyToBuffer_r(context.handle, seq, buffer.baseAddress, 0, 0)
        }
        guard ok == 1 else { throw context.takeError("coordSeq copy") }
        return xy
    }
}
