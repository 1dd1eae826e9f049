// CRS text in and out of GDAL: a layer's spatial reference becomes "EPSG:n" when it has (or can be
// identified with) an EPSG code, else WKT2; a user's CRS text becomes a spatial reference to write with.
// A 3D or compound CRS is reduced to its 2D part first, because geometries leave GeoIO in 2D.

import CGDAL

/// An owned OGR spatial reference with traditional GIS axis order (x = longitude/easting), released
/// when it goes away. Wraps `OSRNewSpatialReference` and `OSRRelease`.
final class SpatialReference {
    let handle: OGRSpatialReferenceH

    /// Parses "EPSG:n", WKT, PROJJSON or a PROJ string; nil when GDAL cannot make sense of it.
    /// Wraps `OSRSetFromUserInput`.
    init?(_ definition: String) {
        guard let handle = OSRNewSpatialReference(nil) else { return nil }
        guard OSRSetFromUserInput(handle, definition) == OGRERR_NONE else {
            OSRRelease(handle)
            return nil
        }
        OSRSetAxisMappingStrategy(handle, OAMS_TRADITIONAL_GIS_ORDER)
        self.handle = handle
    }

    /// A copy of `other`, which stays owned by whoever owns it. Wraps `OSRClone`.
    init?(copying other: OGRSpatialReferenceH) {
        guard let handle = OSRClone(other) else { return nil }
        self.handle = handle
    }

    deinit { OSRRelease(handle) }

    /// "EPSG:n" when the (2D part of the) CRS has an EPSG code or is identified with exactly one,
    /// else its WKT2. Wraps `OSRAutoIdentifyEPSG`, `OSRFindMatches` and `OSRExportToWktEx`.
    var identifier: String? {
        demoteTo2D()
        if let code = epsgCode { return "EPSG:\(code)" }
        if OSRAutoIdentifyEPSG(handle) == OGRERR_NONE, let code = epsgCode { return "EPSG:\(code)" }
        if let code = singleFullMatch { return "EPSG:\(code)" }
        return wkt
    }

    /// Reduces a 3D or compound CRS to its horizontal part. Wraps `OSRDemoteTo2D`.
    private func demoteTo2D() {
        if OSRGetAxesCount(handle) > 2 || OSRIsCompound(handle) != 0 {
            _ = OSRDemoteTo2D(handle, nil)
        }
    }

    /// The CRS's name ("WGS 84", "Shanghai local"). Wraps `OSRGetName`.
    var name: String { OSRGetName(handle).map { String(cString: $0) } ?? "" }

    /// What kind of CRS this is, for deciding whether coordinates in it can be placed on the Earth.
    var kind: Kind {
        demoteTo2D()
        // GDAL's names for a GeoPackage's srs_id 0, -1 and 99999 (and a LOCAL_CS that GDAL 3.6 writes
        // for a layer without a CRS): no CRS at all.
        if ["Undefined geographic SRS", "Undefined Cartesian SRS", "Undefined SRS"].contains(name) { return .undefined }
        if OSRIsLocal(handle) != 0 { return .local }
        guard OSRIsGeographic(handle) != 0 || OSRIsProjected(handle) != 0 else { return .notHorizontal }
        // Another celestial body (PROJ's IAU CRSs): no transformation to WGS84 exists. Every Earth
        // ellipsoid and sphere has a semi-major axis within 6,350–6,400 km; Mars's is 3,396 km.
        var error: OGRErr = OGRERR_NONE
        let semiMajor = OSRGetSemiMajor(handle, &error)
        if error == OGRERR_NONE, !(6_350_000...6_400_000).contains(semiMajor) { return .notHorizontal }
        return .earth
    }

    enum Kind {
        /// Geographic or projected on an Earth ellipsoid (the horizontal part of a compound CRS).
        case earth
        /// A placeholder for "no CRS" (a GeoPackage's undefined SRSs).
        case undefined
        /// A local (engineering) CRS: coordinates with no known relation to the Earth.
        case local
        /// Geocentric, vertical only, or on another body: not a CRS a polygon layer can be placed in.
        case notHorizontal
    }

    /// The EPSG code the CRS carries at its root, if any. Wraps `OSRGetAuthorityName`.
    private var epsgCode: String? {
        guard let authority = OSRGetAuthorityName(handle, nil),
              String(cString: authority).uppercased() == "EPSG",
              let code = OSRGetAuthorityCode(handle, nil)
        else { return nil }
        return String(cString: code)
    }

    /// The EPSG code of the only CRS in PROJ's database that matches this one with full confidence
    /// (ESRI-style .prj files name well-known CRSs without codes). Wraps `OSRFindMatches`.
    private var singleFullMatch: String? {
        var count: Int32 = 0
        var confidences: UnsafeMutablePointer<Int32>? = nil
        guard let matches = OSRFindMatches(handle, nil, &count, &confidences) else { return nil }
        defer {
            OSRFreeSRSArray(matches)
            VSIFree(confidences)
        }
        guard count >= 1, let confidences else { return nil }
        let full = (0..<Int(count)).filter { confidences[$0] == 100 }
        guard full.count == 1, let match = matches[full[0]],
              let authority = OSRGetAuthorityName(match, nil),
              String(cString: authority).uppercased() == "EPSG",
              let code = OSRGetAuthorityCode(match, nil)
        else { return nil }
        return String(cString: code)
    }

    /// WKT2 (2019). Wraps `OSRExportToWktEx`.
    var wkt: String? {
        var text: UnsafeMutablePointer<CChar>? = nil
        let options = CStringList(["FORMAT=WKT2_2019"])
        defer { VSIFree(text) }
        guard OSRExportToWktEx(handle, &text, options.constList) == OGRERR_NONE, let text else {
            return nil
        }
        return String(cString: text)
    }
}
