// Prepared geometries: an indexed form of one geometry for many repeated predicate tests against it.
import CGEOS

/// A prepared geometry. Keeps its base geometry (and so its context) alive.
public final class PreparedGeometry {
    public let base: Geometry
    let handle: OpaquePointer

    /// Wraps `GEOSPrepare_r`.
    public init(_ base: Geometry) throws(GEOSError) {
        guard let h = GEOSPrepare_r(base.context.handle, base.handle) else { throw base.context.takeError("prepare") }
        self.base = base
        self.handle = h
    }

    deinit { GEOSPreparedGeom_destroy_r(base.context.handle, handle) }

    func test(_ g: Geometry, _ name: String,
              _ op: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar) throws(GEOSError) -> Bool {
        precondition(g.context === base.context, "geometries from different GEOS contexts")
        return try base.context.truth(op(base.context.handle, handle, g.handle), name)
    }

    /// Wraps `GEOSPreparedIntersects_r`.
    public func intersects(_ g: Geometry) throws(GEOSError) -> Bool { try test(g, "prepared intersects") { GEOSPreparedIntersects_r($0, $1, $2) } }
    /// Wraps `GEOSPreparedContains_r`.
    public func contains(_ g: Geometry) throws(GEOSError) -> Bool { try test(g, "prepared contains") { GEOSPreparedContains_r($0, $1, $2) } }
    /// Wraps `GEOSPreparedContainsProperly_r`.
    public func containsProperly(_ g: Geometry) throws(GEOSError) -> Bool { try test(g, "prepared containsProperly") { GEOSPreparedContainsProperly_r($0, $1, $2) } }
    /// Wraps `GEOSPreparedCovers_r`.
    public func covers(_ g: Geometry) throws(GEOSError) -> Bool { try test(g, "prepared covers") { GEOSPreparedCovers_r($0, $1, $2) } }
    /// Wraps `GEOSPreparedWithin_r`.
    public func within(_ g: Geometry) throws(GEOSError) -> Bool { try test(g, "prepared within") { GEOSPreparedWithin_r($0, $1, $2) } }

    /// Shortest planar distance, from an index of the base's edges (the plain `distance` tries every
    /// pair of edges: a polygon with thousands of vertices, asked about many neighbours, pays the
    /// product each time). Wraps `GEOSPreparedDistance_r`.
    public func distance(to g: Geometry) throws(GEOSError) -> Double {
        precondition(g.context === base.context, "geometries from different GEOS contexts")
        return try base.context.measure("prepared distance") { GEOSPreparedDistance_r(base.context.handle, handle, g.handle, $0) }
    }

    /// Whether `g` comes within `distance` of the base. Wraps `GEOSPreparedDistanceWithin_r`.
    public func isWithinDistance(_ distance: Double, of g: Geometry) throws(GEOSError) -> Bool {
        try test(g, "prepared distanceWithin") { GEOSPreparedDistanceWithin_r($0, $1, $2, distance) }
    }
}

extension Geometry {
    /// Wraps `GEOSPrepare_r`.
    public func prepared() throws(GEOSError) -> PreparedGeometry { try PreparedGeometry(self) }
}
