// A feature's geometry as the WKB every other module takes: 2D, little-endian ISO WKB, curves
// (circular arcs, compound curves) replaced by line strings, Z and M dropped.

import CGDAL

/// Takes `feature`'s geometry and returns it as 2D little-endian ISO WKB; nil when the feature has no
/// geometry. Sets `droppedZM` when Z or M values were thrown away. Throws GDAL's reason on failure.
/// Wraps `OGR_F_StealGeometry`, `OGR_G_GetLinearGeometry`, `OGR_G_Set3D`, `OGR_G_SetMeasured` and
/// `OGR_G_ExportToIsoWkb`.
func takeWKB(from feature: OGRFeatureH, droppedZM: inout Bool) throws(WKBFailure) -> [UInt8]? {
    // The feature gives up ownership: `exportWKB` destroys the geometry.
    guard let geometry = OGR_F_StealGeometry(feature) else { return nil }
    return try exportWKB(geometry, droppedZM: &droppedZM)
}

/// WKB of any kind OGR reads (Z, M, curves, either byte order) as `takeWKB` gives it; nil when OGR
/// cannot read it. Wraps `OGR_G_CreateFromWkb`.
func normalizedWKB(_ wkb: UnsafeRawBufferPointer, droppedZM: inout Bool) throws(WKBFailure) -> [UInt8]? {
    var geometry: OGRGeometryH?
    let status = OGR_G_CreateFromWkb(wkb.baseAddress, nil, &geometry, Int32(clamping: wkb.count))
    guard status == OGRERR_NONE, let geometry else {
        if let geometry { OGR_G_DestroyGeometry(geometry) }
        return nil
    }
    return try exportWKB(geometry, droppedZM: &droppedZM)
}

/// `geometry` as 2D little-endian ISO WKB, as `takeWKB` describes; takes ownership of `geometry` and
/// destroys it.
func exportWKB(_ owned: OGRGeometryH, droppedZM: inout Bool) throws(WKBFailure) -> [UInt8] {
    var geometry = owned
    defer { OGR_G_DestroyGeometry(geometry) }

    // Any curve type, arcs or not: a CURVEPOLYGON or MULTISURFACE of straight rings (as ArcGIS and
    // others write GeoPackages) has no arc, but its WKB type is still no polygon's.
    if OGR_G_HasCurveGeometry(geometry, 0) != 0 {
        guard let linear = OGR_G_GetLinearGeometry(geometry, 0, nil) else {
            throw WKBFailure(reason: withGDALDetail("cannot linearise curved geometry"))
        }
        OGR_G_DestroyGeometry(geometry)
        geometry = linear  // the new geometry is ours; the deferred destroy frees it
    }
    // A triangle is a polygon, and a TIN or polyhedral surface (a terrain, a 3D building from CAD) a
    // set of them: as a multipolygon the loader takes them (overlapping faces are repaired into
    // one outline and said so), where their own WKB types were skipped as "unreadable geometry".
    switch OGR_GT_Flatten(OGR_G_GetGeometryType(geometry)) {
    case wkbTriangle, wkbTIN, wkbPolyhedralSurface:
        guard let polygons = OGR_G_ForceTo(geometry, wkbMultiPolygon, nil) else {
            throw WKBFailure(reason: withGDALDetail("cannot take the faces of a triangulated or polyhedral surface as polygons"))
        }
        geometry = polygons  // ForceTo consumed the old geometry; the deferred destroy frees this one
    default: break
    }
    if OGR_G_Is3D(geometry) != 0 || OGR_G_IsMeasured(geometry) != 0 {
        droppedZM = true
        OGR_G_Set3D(geometry, 0)
        OGR_G_SetMeasured(geometry, 0)
    }

    let size = Int(OGR_G_WkbSize(geometry))
    var status = OGRErr(OGRERR_NONE)
    let wkb = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        status = OGR_G_ExportToIsoWkb(geometry, wkbNDR, buffer.baseAddress)
        count = status == OGRERR_NONE ? size : 0
    }
    guard status == OGRERR_NONE else {
        throw WKBFailure(reason: withGDALDetail("cannot write geometry as WKB"))
    }
    return wkb
}

/// Why one geometry could not become WKB; the reader adds the file, layer and feature.
struct WKBFailure: Error {
    let reason: String
}
