// Building geometries from coordinates and from other geometries.
import CGEOS

extension Geometry {
    /// A polygon from interleaved x,y rings (closing vertex optional; it is added when missing).
    /// Wraps `GEOSCoordSeq_copyFromBuffer_r`, `GEOSGeom_createLinearRing_r` and `GEOSGeom_createPolygon_r`.
    public static func polygon(shell: [Double], holes: [[Double]] = [], context: GeosContext) throws(GEOSError) -> Geometry {
        let shellRing = try ring(shell, context)
        var holeRings: [OpaquePointer?] = []
        for hole in holes {
            do { holeRings.append(try ring(hole, context)) } catch {
                GEOSGeom_destroy_r(context.handle, shellRing)
                for h in holeRings { GEOSGeom_destroy_r(context.handle, h) }
                throw error
            }
        }
        // GEOSGeom_createPolygon_r takes ownership of the shell and of every hole ring.
        let polygon = holeRings.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createPolygon_r(context.handle, shellRing, buffer.baseAddress, UInt32(buffer.count))
        }
        return try context.owned(polygon, "createPolygon")
    }

    /// A line string from interleaved x,y (at least two points). Wraps `GEOSCoordSeq_copyFromBuffer_r`
    /// and `GEOSGeom_createLineString_r`.
    public static func lineString(_ xy: [Double], context: GeosContext) throws(GEOSError) -> Geometry {
        let seq = xy.withUnsafeBufferPointer { buffer in
            GEOSCoordSeq_copyFromBuffer_r(context.handle, buffer.baseAddress, UInt32(buffer.count / 2), 0, 0)
        }
        guard let seq else { throw context.takeError("coordinate sequence") }
        // GEOSGeom_createLineString_r takes ownership of the sequence.
        return try context.owned(GEOSGeom_createLineString_r(context.handle, seq), "createLineString")
    }

    /// A point. Wraps `GEOSGeom_createPointFromXY_r`.
    public static func point(x: Double, y: Double, context: GeosContext) throws(GEOSError) -> Geometry {
        try context.owned(GEOSGeom_createPointFromXY_r(context.handle, x, y), "createPointFromXY")
    }

    /// An axis-aligned rectangle. Wraps `GEOSGeom_createRectangle_r`.
    public static func rectangle(_ e: Envelope, context: GeosContext) throws(GEOSError) -> Geometry {
        try context.owned(GEOSGeom_createRectangle_r(context.handle, e.minX, e.minY, e.maxX, e.maxY), "createRectangle")
    }

    /// A multi-geometry or collection of copies of `geometries`. Wraps `GEOSGeom_createCollection_r`.
    public static func collection(_ geometries: [Geometry], as type: GeometryType, context: GeosContext) throws(GEOSError) -> Geometry {
        var children: [OpaquePointer?] = []
        children.reserveCapacity(geometries.count)
        for g in geometries {
            guard let copy = GEOSGeom_clone_r(context.handle, g.handle) else {
                for c in children { GEOSGeom_destroy_r(context.handle, c) }
                throw context.takeError("clone")
            }
            children.append(copy)
        }
        // GEOSGeom_createCollection_r takes ownership of the children (the copies), not of the array.
        let made = children.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(context.handle, Int32(type.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
        return try context.owned(made, "createCollection")
    }

    /// An empty polygon. Wraps `GEOSGeom_createEmptyPolygon_r`.
    public static func emptyPolygon(context: GeosContext) throws(GEOSError) -> Geometry {
        try context.owned(GEOSGeom_createEmptyPolygon_r(context.handle), "createEmptyPolygon")
    }

    private static func ring(_ xy: [Double], _ context: GeosContext) throws(GEOSError) -> OpaquePointer {
        var coords = xy
        let n = coords.count / 2
        if n > 0, coords[0] != coords[2 * n - 2] || coords[1] != coords[2 * n - 1] {
            coords.append(coords[0]); coords.append(coords[1])
        }
        let seq = coords.withUnsafeBufferPointer { buffer in
            GEOSCoordSeq_copyFromBuffer_r(context.handle, buffer.baseAddress, UInt32(buffer.count / 2), 0, 0)
        }
        guard let seq else { throw context.takeError("coordinate sequence") }
        // GEOSGeom_createLinearRing_r takes ownership of the sequence.
        guard let ring = GEOSGeom_createLinearRing_r(context.handle, seq) else { throw context.takeError("createLinearRing") }
        return ring
    }
}
