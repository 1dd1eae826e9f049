// Spatial predicates, each one line over `predicate`.
import CGEOS

extension Geometry {
    func predicate(_ other: Geometry, _ name: String,
                   _ op: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar) throws(GEOSError) -> Bool {
        precondition(other.context === context, "geometries from different GEOS contexts")
        return try context.truth(op(context.handle, handle, other.handle), name)
    }

    /// Wraps `GEOSIntersects_r`.
    public func intersects(_ o: Geometry) throws(GEOSError) -> Bool { try predicate(o, "intersects") { GEOSIntersects_r($0, $1, $2) } }
    /// Whether the two come within `distance` of each other (stops at the first pair of edges that
    /// do, where `distance(to:)` measures them all). Wraps `GEOSDistanceWithin_r`.
    public func isWithinDistance(_ distance: Double, of o: Geometry) throws(GEOSError) -> Bool {
        try predicate(o, "distanceWithin") { GEOSDistanceWithin_r($0, $1, $2, distance) }
    }
    /// Wraps `GEOSDisjoint_r`.
    public func disjoint(_ o: Geometry) throws(GEOSError) -> Bool { try predicate(o, "disjoint") { GEOSDisjoint_r($0, $1, $2) } }
    /// Wraps `GEOSContains_r`.
    public func contains(_ o: Geometry) throws(GEOSError) -> Bool { try predicate(o, "contains") { GEOSContains_r($0, $1, $2) } }
    /// Wraps `GEOSWithin_r`.
    public func within(_ o: Geometry) throws(GEOSError) -> Bool { try predicate(o, "within") { GEOSWithin_r($0, $1, $2) } }
    /// Wraps `GEOSCovers_r`.
    public func covers(_ o: Geometry) throws(GEOSError) -> Bool { try predicate(o, "covers") { GEOSCovers_r($0, $1, $2) } }
    /// Wraps `GEOSCoveredBy_r`.
    public func coveredBy(_ o: Geometry) throws(GEOSError) -> Bool { try predicate(o, "coveredBy") { GEOSCoveredBy_r($0, $1, $2) } }
    /// Wraps `GEOSOverlaps_r`.
    public func overlaps(_ o: Geometry) throws(GEOSError) -> Bool { try predicate(o, "overlaps") { GEOSOverlaps_r($0, $1, $2) } }
    /// Wraps `GEOSTouches_r`.
    public func touches(_ o: Geometry) throws(GEOSError) -> Bool { try predicate(o, "touches") { GEOSTouches_r($0, $1, $2) } }
    /// Wraps `GEOSCrosses_r`.
    public func crosses(_ o: Geometry) throws(GEOSError) -> Bool { try predicate(o, "crosses") { GEOSCrosses_r($0, $1, $2) } }
    /// Wraps `GEOSEquals_r`.
    public func topologicallyEquals(_ o: Geometry) throws(GEOSError) -> Bool { try predicate(o, "equals") { GEOSEquals_r($0, $1, $2) } }
    /// Whether the interiors meet (intersects and not touches, in one relate). Wraps
    /// `GEOSRelatePattern_r` with `T********`.
    public func interiorsIntersect(_ o: Geometry) throws(GEOSError) -> Bool {
        try predicate(o, "relate T********") { GEOSRelatePattern_r($0, $1, $2, "T********") }
    }
    /// Vertex-for-vertex equality within `tolerance`. Wraps `GEOSEqualsExact_r`.
    public func equalsExact(_ o: Geometry, tolerance: Double) throws(GEOSError) -> Bool {
        try predicate(o, "equalsExact") { GEOSEqualsExact_r($0, $1, $2, tolerance) }
    }
}

extension GeosContext {
    /// Which side of the line through a and b the point p lies on: 1 to the left (counter-clockwise),
    /// -1 to the right, 0 on the line. Robust (GEOS's double-double arithmetic decides where plain
    /// floating point cannot). Wraps `GEOSOrientationIndex_r`.
    @inlinable public func orientation(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double),
                                       _ p: (x: Double, y: Double)) -> Int {
        Int(GEOSOrientationIndex_r(handle, a.x, a.y, b.x, b.y, p.x, p.y))
    }
}
