// The owning geometry: one Swift object per GEOS geometry pointer, destroyed in `deinit`, with WKB
// and WKT in and out. A geometry keeps its context alive and must stay on that context's thread.
import CGEOS

/// Geometry kinds, as GEOS numbers them.
public enum GeometryType: Int32, Sendable {
    case point = 0, lineString, linearRing, polygon, multiPoint, multiLineString, multiPolygon, geometryCollection
}

/// A GEOS geometry owned by Swift.
public final class Geometry {
    public let context: GeosContext
    @usableFromInline let handle: OpaquePointer

    /// Takes ownership of `handle`, which must have been made in `context`.
    init(owning handle: OpaquePointer, in context: GeosContext) {
        self.handle = handle
        self.context = context
    }

    deinit { GEOSGeom_destroy_r(context.handle, handle) }

    /// Reads ISO or extended WKB (any byte order). Wraps `GEOSWKBReader_read_r`.
    public convenience init(wkb: [UInt8], context: GeosContext) throws(GEOSError) {
        let pointer = wkb.withUnsafeBufferPointer { buffer in
            GEOSWKBReader_read_r(context.handle, context.reader(), buffer.baseAddress, buffer.count)
        }
        guard let pointer else { throw context.takeError("WKB read") }
        self.init(owning: pointer, in: context)
    }

    /// Reads ISO or extended WKB (any byte order) from bytes held elsewhere. Wraps `GEOSWKBReader_read_r`.
    public convenience init(wkb: UnsafeRawBufferPointer, context: GeosContext) throws(GEOSError) {
        let start = wkb.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard let pointer = GEOSWKBReader_read_r(context.handle, context.reader(), start, wkb.count) else {
            throw context.takeError("WKB read")
        }
        self.init(owning: pointer, in: context)
    }

    /// Reads WKT. Wraps `GEOSWKTReader_read_r`.
    public convenience init(wkt: String, context: GeosContext) throws(GEOSError) {
        guard let pointer = GEOSWKTReader_read_r(context.handle, context.textReader(), wkt) else {
            throw context.takeError("WKT read")
        }
        self.init(owning: pointer, in: context)
    }

    /// Little-endian 2D ISO WKB. Polygons and multipolygons (nearly every geometry parcels passes
    /// between workers) are encoded here from their coordinate buffers, several times faster than
    /// GEOS's stream-based writer; anything else goes through `GEOSWKBWriter_write_r`.
    public var wkb: [UInt8] {
        if !isEmpty, type == .polygon || type == .multiPolygon, let bytes = polygonWKB(multi: type == .multiPolygon) {
            return bytes
        }
        var size = 0
        guard let bytes = GEOSWKBWriter_write_r(context.handle, context.writer(), handle, &size) else { return [] }
        defer { GEOSFree_r(context.handle, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// WKT with trailing zeros trimmed. Wraps `GEOSWKTWriter_write_r`. GEOS 3.11's writer overflows a
    /// buffer on coordinates of about 1e110 and beyond, so such a geometry is described, not written.
    public var wkt: String {
        if !hasSafeCoordinates { return "\(type) with coordinates beyond ±1e100 or not finite" }
        guard let text = GEOSWKTWriter_write_r(context.handle, context.textWriter(), handle) else { return "" }
        defer { GEOSFree_r(context.handle, text) }
        return String(cString: text)
    }

    /// A deep copy. Wraps `GEOSGeom_clone_r`.
    public func clone() throws(GEOSError) -> Geometry {
        try context.owned(GEOSGeom_clone_r(context.handle, handle), "clone")
    }

    /// The geometry's kind. Wraps `GEOSGeomTypeId_r`.
    public var type: GeometryType {
        GeometryType(rawValue: GEOSGeomTypeId_r(context.handle, handle)) ?? .geometryCollection
    }

    /// Whether the geometry has no points. Wraps `GEOSisEmpty_r`.
    public var isEmpty: Bool { GEOSisEmpty_r(context.handle, handle) == 1 }

    /// Number of parts of a multi-geometry or collection (1 for a single geometry). Wraps `GEOSGetNumGeometries_r`.
    public var numGeometries: Int { Int(GEOSGetNumGeometries_r(context.handle, handle)) }

    /// Number of vertices. Wraps `GEOSGetNumCoordinates_r`.
    public var numCoordinates: Int { Int(GEOSGetNumCoordinates_r(context.handle, handle)) }

    /// Number of rings of a Polygon or MultiPolygon (shells and holes; 0 for anything else). Wraps
    /// `GEOSGetNumInteriorRings_r` on each polygon.
    public var ringCount: Int {
        let h = context.handle
        func rings(_ polygon: OpaquePointer) -> Int { 1 + max(0, Int(GEOSGetNumInteriorRings_r(h, polygon))) }
        switch type {
        case .polygon: return isEmpty ? 0 : rings(handle)
        case .multiPolygon:
            return (0..<max(GEOSGetNumGeometries_r(h, handle), 0)).reduce(0) { count, i in
                guard let part = GEOSGetGeometryN_r(h, handle, i), GEOSisEmpty_r(h, part) == 0 else { return count }
                return count + rings(part)
            }
        default: return 0
        }
    }

    /// The parts of a multi-geometry or collection as independent copies (the geometry itself when single).
    /// Wraps `GEOSGetGeometryN_r` and `GEOSGeom_clone_r`.
    public func parts() throws(GEOSError) -> [Geometry] {
        let n = Int32(numGeometries)
        switch type {
        case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
            var result: [Geometry] = []
            result.reserveCapacity(Int(n))
            for i in 0..<n {
                // GEOSGetGeometryN_r returns a pointer owned by `self`: clone it to own the copy.
                guard let child = GEOSGetGeometryN_r(context.handle, handle, i) else { throw context.takeError("part") }
                result.append(try context.owned(GEOSGeom_clone_r(context.handle, child), "clone part"))
            }
            return result
        default:
            return [self]
        }
    }
}

extension Geometry: CustomStringConvertible {
    public var description: String { wkt }
}

/// ISO WKB (little-endian, 2D) of polygons given as rings.
extension Geometry {
    /// The WKB of this Polygon or MultiPolygon (empty parts left out), written into one array straight
    /// from GEOS's coordinate sequences: no array per ring, no copy of a part. Nil when GEOS cannot
    /// hand a ring over (the caller then uses GEOS's writer).
    private func polygonWKB(multi: Bool) -> [UInt8]? {
        let h = context.handle
        var polygons: [OpaquePointer] = []
        if multi {
            for i in 0..<max(GEOSGetNumGeometries_r(h, handle), 0) {
                guard let part = GEOSGetGeometryN_r(h, handle, i) else { return nil }     // owned by `self`
                if GEOSisEmpty_r(h, part) == 0 { polygons.append(part) }
            }
        } else {
            polygons = [handle]
        }
        // Every ring's sequence and size, and each polygon's number of rings, in order.
        var rings: [(sequence: OpaquePointer, points: Int)] = []
        var ringsPerPolygon: [Int] = []
        for polygon in polygons {
            let holes = GEOSGetNumInteriorRings_r(h, polygon)
            guard holes >= 0, let shell = GEOSGetExteriorRing_r(h, polygon) else { return nil }
            for k in -1..<holes {
                guard let ring = k < 0 ? shell : GEOSGetInteriorRingN_r(h, polygon, k),
                      let sequence = GEOSGeom_getCoordSeq_r(h, ring) else { return nil }
                var size: UInt32 = 0
                guard GEOSCoordSeq_getSize_r(h, sequence, &size) == 1 else { return nil }
                rings.append((sequence, Int(size)))
            }
            ringsPerPolygon.append(Int(holes) + 1)
        }
        let count = (multi ? 9 : 0) + 9 * polygons.count + rings.reduce(0) { $0 + 4 + 16 * $1.points }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            let out = UnsafeMutableRawPointer(buffer.baseAddress!)
            var at = 0
            func header(_ type: UInt32, _ n: Int) {
                out.storeBytes(of: 1, toByteOffset: at, as: UInt8.self)
                out.storeBytes(of: type.littleEndian, toByteOffset: at + 1, as: UInt32.self)
                out.storeBytes(of: UInt32(n).littleEndian, toByteOffset: at + 5, as: UInt32.self)
                at += 9
            }
            if multi { header(6, polygons.count) }
            var next = 0
            for n in ringsPerPolygon {
                header(3, n)
                for (sequence, points) in rings[next..<next + n] {
                    out.storeBytes(of: UInt32(points).littleEndian, toByteOffset: at, as: UInt32.self)
                    at += 4
                    // Copied out through an aligned buffer (WKB's doubles sit at odd offsets).
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: max(2 * points, 1)) { xy in
                        if GEOSCoordSeq_copyToBuffer_r(h, sequence, xy.baseAddress, 0, 0) != 1 { failed = true }
                        for v in xy.prefix(2 * points) {
                            out.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: at, as: UInt64.self)
                            at += 8
                        }
                    }
                }
                next += n
            }
            initialized = at
        }
        return failed || bytes.count != count ? nil : bytes
    }
}

extension Geometry {
    /// Whether every coordinate is finite and within ±1e100 (what GEOS 3.11 can print and normalise).
    /// The envelope alone cannot tell: GEOS's extent skips NaN.
    var hasSafeCoordinates: Bool {
        func safe(_ xy: [Double]) -> Bool { xy.allSatisfy { $0.isFinite && abs($0) < 1e100 } }
        switch type {
        case .polygon, .multiPolygon:
            guard let rings = try? polygonRings() else { return false }
            return rings.allSatisfy { safe($0.shell) && $0.holes.allSatisfy(safe) }
        case .geometryCollection, .multiPoint, .multiLineString:
            return (try? parts())?.allSatisfy(\.hasSafeCoordinates) ?? false
        default:
            return isEmpty || ((try? coordinates()).map(safe) ?? false)
        }
    }
}
