// Reading result geometries without GEOS, for renderers: the rings of a WKB (multi)polygon.
import Proj

/// Polygons of a WKB geometry as rings of interleaved x,y (empty for anything else or bad bytes).
public func polygonRings(_ wkb: [UInt8]) -> [[[Double]]] {
    (try? WKB.polygons(wkb)) ?? []
}
