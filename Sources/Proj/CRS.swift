// CRS.swift — a coordinate reference system read from any definition PROJ understands.
//
// Owns a PJ* and its own PJ_CONTEXT. The properties callers need (identifier, WKT, kind, linear unit,
// area of use) are read once in `init`, so reading them never fails later.

import CPROJ

/// A coordinate reference system. Used by one thread at a time (not `Sendable`).
public final class CRS {
    let context: ProjContext   // released after `pointer` is destroyed in deinit: the context dies last
    let pointer: OpaquePointer

    /// `"EPSG:32651"` when the CRS carries an authority code, else its name.
    public let identifier: String
    /// The CRS's name, e.g. `"WGS 84 / UTM zone 51N"`.
    public let name: String
    /// WKT2 (2019), as written into layers.
    public let wkt: String
    /// True for a longitude/latitude (geographic 2D or 3D) CRS.
    public let isGeographic: Bool
    /// What the horizontal part is when it is neither geographic nor projected ("geocentric",
    /// "vertical", "engineering"…): no plane of eastings and northings to overlay in; nil otherwise.
    public let notAPlane: String?
    /// Metres per linear unit of the first horizontal axis of a projected CRS (1 for metres,
    /// 1200/3937 for the US survey foot, 0.3048 for the international foot). This is meaningful for
    /// projected CRSs only; a geographic CRS (angular units) reports 1.
    public let metresPerUnit: Double
    /// Where the CRS may be used, in degrees (west may exceed east across the antimeridian), if known.
    public let areaOfUse: (west: Double, south: Double, east: Double, north: Double)?

    /// Reads a CRS from `"EPSG:4326"`, WKT, PROJJSON or a PROJ string (`"+proj=utm +zone=51"` gets
    /// `+type=crs` added). Throws `PROJError` when PROJ cannot make a CRS from it.
    /// Wraps `proj_create`.
    public init(_ definition: String) throws {
        let context = try ProjContext()
        let pointer = try context.createCRS(definition)
        do {
            identifier = CRS.identifier(of: pointer)
            name = proj_get_name(pointer).map { String(cString: $0) } ?? "unknown"
            wkt = String(cString: try context.nonNull(proj_as_wkt(context.pointer, pointer, PJ_WKT2_2019, nil),
                                                      "cannot write \(identifier) as WKT2"))
            let horizontal = try context.withHorizontal(pointer) { proj_get_type($0) }
            (isGeographic, notAPlane) = (CRS.isGeographic(horizontal), CRS.notAPlane(horizontal))
            metresPerUnit = isGeographic ? 1 : try context.withHorizontal(pointer) { try context.metresPerUnit(of: $0) }
            areaOfUse = context.areaOfUse(of: pointer)
        } catch {
            proj_destroy(pointer)
            throw error
        }
        self.context = context
        self.pointer = pointer
    }

    /// Wraps `proj_destroy`.
    deinit { proj_destroy(pointer) }

    /// The EPSG code PROJ finds for this CRS with 100% confidence (e.g. for ESRI `.prj` WKT that carries
    /// no ID), as `"EPSG:n"`, or nil. Wraps `proj_identify`.
    public func identifiedEPSG() -> String? {
        context.clearLog()
        var confidence: UnsafeMutablePointer<Int32>? = nil
        guard let list = proj_identify(context.pointer, pointer, "EPSG", nil, &confidence) else { return nil }
        defer {
            proj_list_destroy(list)
            proj_int_list_destroy(confidence)
        }
        guard proj_list_get_count(list) > 0, let confidence, confidence[0] == 100,
              let match = proj_list_get(context.pointer, list, 0) else { return nil }
        defer { proj_destroy(match) }
        return CRS.authorityCode(of: match)
    }

    static func isGeographic(_ type: PJ_TYPE) -> Bool {
        type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS || type == PJ_TYPE_GEOGRAPHIC_CRS
    }

    /// A geocentric CRS's X and Y are two of three Earth-centred axes, a vertical CRS has heights
    /// only, and an engineering one no known place on the Earth: none is a map plane.
    static func notAPlane(_ type: PJ_TYPE) -> String? {
        switch type {
        case PJ_TYPE_PROJECTED_CRS: return nil
        case _ where isGeographic(type): return nil
        case PJ_TYPE_GEOCENTRIC_CRS, PJ_TYPE_GEODETIC_CRS: return "geocentric"
        case PJ_TYPE_VERTICAL_CRS: return "vertical"
        case PJ_TYPE_ENGINEERING_CRS: return "local (engineering)"
        case PJ_TYPE_TEMPORAL_CRS: return "temporal"
        default: return "non-projected"
        }
    }

    static func authorityCode(of pointer: OpaquePointer) -> String? {
        guard let authority = proj_get_id_auth_name(pointer, 0), let code = proj_get_id_code(pointer, 0) else {
            return nil
        }
        return "\(String(cString: authority)):\(String(cString: code))"
    }

    static func identifier(of pointer: OpaquePointer) -> String {
        authorityCode(of: pointer) ?? proj_get_name(pointer).map { String(cString: $0) } ?? "unknown"
    }

    /// A bare PROJ string (`+proj=…`) describes an operation unless it says `+type=crs`.
    static func normalized(_ definition: String) -> String {
        let trimmed = String(definition.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        let isProjString = trimmed.hasPrefix("+proj=") || trimmed.hasPrefix("proj=") || trimmed.hasPrefix("+init=")
        return isProjString && !trimmed.contains("type=crs") ? trimmed + " +type=crs" : trimmed
    }
}

@available(*, unavailable, message: "a CRS is used by one thread at a time; pass its definition or WKT instead")
extension CRS: Sendable {}

extension ProjContext {
    /// A new PJ* for a CRS definition, owned by the caller. Wraps `proj_create`.
    func createCRS(_ definition: String) throws(PROJError) -> OpaquePointer {
        clearLog()
        let shown = definition.count > 80 ? String(definition.prefix(77)) + "..." : definition
        let pointer = try nonNull(proj_create(self.pointer, CRS.normalized(definition)),
                                  "cannot create a CRS from \"\(shown)\"")
        do {
            try require(proj_is_crs(pointer) != 0, "\"\(shown)\" is not a coordinate reference system")
        } catch {
            proj_destroy(pointer)
            throw error
        }
        return pointer
    }

    /// Calls `body` with the horizontal part of a CRS: the first member of a compound CRS, the source
    /// of a bound CRS (`+towgs84`), else the CRS itself.
    /// Wraps `proj_crs_get_sub_crs` and `proj_get_source_crs`.
    func withHorizontal<T>(_ crs: OpaquePointer, _ body: (OpaquePointer) throws -> T) throws -> T {
        let inner: OpaquePointer?
        switch proj_get_type(crs) {
        case PJ_TYPE_COMPOUND_CRS: inner = proj_crs_get_sub_crs(pointer, crs, 0)
        case PJ_TYPE_BOUND_CRS: inner = proj_get_source_crs(pointer, crs)
        default: return try body(crs)
        }
        let horizontal = try nonNull(inner, "cannot find the horizontal part of \(CRS.identifier(of: crs))")
        defer { proj_destroy(horizontal) }
        return try withHorizontal(horizontal, body)
    }

    /// Metres per unit of the first axis. Wraps `proj_crs_get_coordinate_system` and `proj_cs_get_axis_info`.
    func metresPerUnit(of crs: OpaquePointer) throws(PROJError) -> Double {
        let what = "cannot read the linear unit of \(CRS.identifier(of: crs))"
        let cs = try nonNull(proj_crs_get_coordinate_system(pointer, crs), what)
        defer { proj_destroy(cs) }
        var factor = 0.0
        try succeeded(proj_cs_get_axis_info(pointer, cs, 0, nil, nil, nil, &factor, nil, nil, nil), what)
        try require(factor.isFinite && factor > 0, what)
        return factor
    }

    /// The area of use in degrees, or nil when PROJ does not know it. Wraps `proj_get_area_of_use`.
    func areaOfUse(of crs: OpaquePointer) -> (west: Double, south: Double, east: Double, north: Double)? {
        var west = -1000.0, south = -1000.0, east = -1000.0, north = -1000.0
        guard proj_get_area_of_use(pointer, crs, &west, &south, &east, &north, nil) != 0,
              ![west, south, east, north].contains(-1000) else {
            clearLog()
            return nil
        }
        return (west, south, east, north)
    }
}
