// Planar measures in the geometry's own units: area, length, distance, bounds.
import CGEOS

/// An axis-aligned rectangle.
public struct Envelope: Sendable, Equatable {
    public var minX, minY, maxX, maxY: Double
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }
    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }
    public func intersects(_ other: Envelope) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }
    /// Whether the two share a rectangle of positive area (envelopes that only touch belong to
    /// shapes that cannot share land).
    public func overlapsWithArea(_ other: Envelope) -> Bool {
        min(maxX, other.maxX) > max(minX, other.minX) && min(maxY, other.maxY) > max(minY, other.minY)
    }
    /// The envelope grown by `d` on every side.
    public func expanded(by d: Double) -> Envelope {
        Envelope(minX: minX - d, minY: minY - d, maxX: maxX + d, maxY: maxY + d)
    }
    public func union(_ other: Envelope) -> Envelope {
        Envelope(minX: min(minX, other.minX), minY: min(minY, other.minY),
                 maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }
}

extension Geometry {
    /// Planar area (unsigned, holes subtracted). Wraps `GEOSArea_r`.
    @inlinable public func area() throws(GEOSError) -> Double {
        try context.measure("area") { GEOSArea_r(context.handle, handle, $0) }
    }

    /// Planar areas of many geometries, as `area()` on each. A loop calling `area()` pays a retain and
    /// a release per element that Swift puts around the opaque C call (about 6 ns on GEOS's 20 ns:
    /// WrapperBench's "area" rows); here each element is borrowed from the array for its call.
    public static func areas(of geometries: [Geometry]) throws(GEOSError) -> [Double] {
        var result = [Double](repeating: 0, count: geometries.count)
        let failed: Geometry? = result.withUnsafeMutableBufferPointer { out in
            for i in geometries.indices {
                let ok = Unmanaged.passUnretained(geometries[i])._withUnsafeGuaranteedRef { g in
                    GEOSArea_r(g.context.handle, g.handle, &out[i]) == 1
                }
                if !ok { return geometries[i] }
            }
            return nil
        }
        if let failed { throw failed.context.takeError("area") }
        return result
    }

    /// Planar length (perimeter for polygons). Wraps `GEOSLength_r`.
    @inlinable public func length() throws(GEOSError) -> Double {
        try context.measure("length") { GEOSLength_r(context.handle, handle, $0) }
    }

    /// Shortest planar distance. Wraps `GEOSDistance_r`.
    public func distance(to other: Geometry) throws(GEOSError) -> Double {
        try context.measure("distance") { GEOSDistance_r(context.handle, handle, other.handle, $0) }
    }

    /// The discrete Hausdorff distance, each segment cut into pieces of `densify` (a fraction of its
    /// length) so that points along edges count, not only vertices. Wraps
    /// `GEOSHausdorffDistanceDensify_r`.
    public func hausdorffDistance(to other: Geometry, densify: Double) throws(GEOSError) -> Double {
        try context.measure("hausdorffDistance") { GEOSHausdorffDistanceDensify_r(context.handle, handle, other.handle, densify, $0) }
    }

    /// The bounding box, or nil for an empty geometry. Wraps `GEOSGeom_getExtent_r`.
    public var envelope: Envelope? {
        if isEmpty { return nil }
        var e = Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0)
        guard GEOSGeom_getExtent_r(context.handle, handle, &e.minX, &e.minY, &e.maxX, &e.maxY) == 1 else { return nil }
        return e
    }
}
