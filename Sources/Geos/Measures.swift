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
        var failed: Geometry?
        // Written in place (no zero-filling first); the context's handle read again only when an
        // element's context is another one (all of them share one in practice).
        let result = [Double](unsafeUninitializedCapacity: geometries.count) { out, initialized in
            geometries.withUnsafeBufferPointer { elements in
                var context: GeosContext?
                var handle: GEOSContextHandle_t?
                for i in elements.indices {
                    let ok = Unmanaged.passUnretained(elements[i])._withUnsafeGuaranteedRef { g in
                        if g.context !== context { (context, handle) = (g.context, g.context.handle) }
                        return GEOSArea_r(handle, g.handle, out.baseAddress! + i) == 1
                    }
                    guard ok else { failed = elements[i]; break }
                    initialized = i + 1
                }
            }
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
