// Validity, its reason, and repair.
import CGEOS

extension Geometry {
    /// Whether the geometry is valid by OGC rules. Wraps `GEOSisValid_r`.
    public func isValid() throws(GEOSError) -> Bool {
        try context.truth(GEOSisValid_r(context.handle, handle), "isValid")
    }

    /// "Valid Geometry" or GEOS's reason, e.g. "Self-intersection[0.5 0.5]". Wraps `GEOSisValidReason_r`.
    public func validityReason() throws(GEOSError) -> String {
        guard let text = GEOSisValidReason_r(context.handle, handle) else { throw context.takeError("isValidReason") }
        defer { GEOSFree_r(context.handle, text) }
        return String(cString: text)
    }

    /// Repairs the geometry keeping every input vertex ("structure" method: area-preserving for
    /// polygons; a bow-tie becomes two triangles, a spike's line is dropped). Wraps `GEOSMakeValidWithParams_r`.
    public func makeValid() throws(GEOSError) -> Geometry {
        guard let params = GEOSMakeValidParams_create_r(context.handle) else { throw context.takeError("makeValid") }
        defer { GEOSMakeValidParams_destroy_r(context.handle, params) }
        GEOSMakeValidParams_setMethod_r(context.handle, params, GEOS_MAKE_VALID_STRUCTURE)
        GEOSMakeValidParams_setKeepCollapsed_r(context.handle, params, 0)
        return try context.owned(GEOSMakeValidWithParams_r(context.handle, handle, params), "makeValid")
    }

    /// Snaps every coordinate to a grid of `gridSize`, keeping polygons valid. Wraps `GEOSGeom_setPrecision_r`.
    public func reducePrecision(gridSize: Double) throws(GEOSError) -> Geometry {
        try context.owned(GEOSGeom_setPrecision_r(context.handle, handle, gridSize, 0), "setPrecision")
    }

    /// The polygonal part of a geometry (a make-valid result may hold lines and points beside polygons),
    /// as a MultiPolygon; nil when nothing polygonal is left. Built from `parts()`.
    public func polygonalPart() throws(GEOSError) -> Geometry? {
        switch type {
        case .polygon, .multiPolygon: return isEmpty ? nil : self
        case .geometryCollection:
            var polygons: [Geometry] = []
            for part in try parts() {
                if let p = try part.polygonalPart() { polygons.append(contentsOf: try p.parts()) }
            }
            return polygons.isEmpty ? nil : try Geometry.collection(polygons, as: .multiPolygon, context: context)
        default: return nil
        }
    }
}
