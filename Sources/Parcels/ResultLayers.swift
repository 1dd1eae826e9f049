// The result layers a GIS program opens: the report's geometries with their figures, all in the
// overlay CRS (`Report.crs`), ready for one GeoPackage.
//   zones             each zone's outline with its figures (as in report.json)
//   cleared_land      per zone, land covered before and by no after-building (one multipolygon)
//   freed_land        per zone, cleared land minus exclusions
//   sites             each site: a connected piece of freed land of at least --min-site m²
//   building_changes  every before- and after-building with what became of it
//   claims            every claim checked, with its flags and the evidence behind them
// Areas named `_m2` are ellipsoidal square metres, as in report.json; `changed_planar_m2` is planar
// in the overlay CRS (it only ranks buildings).
import GeoIO

public typealias ResultLayer = GeoIO.OutputLayer

/// An area attribute: m² to the millimetre², as report.json writes it.
private func m2(_ x: Double) -> FieldValue { .double((x * 1000).rounded() / 1000) }

/// Every result layer of a report; the claims layer has the claims' polygons where the report kept
/// them (`ReportOptions.claimFootprints`).
public func resultLayers(_ r: Report) -> [ResultLayer] {
    var layers = [zonesLayer(r), clearedLayer(r), freedLayer(r), sitesLayer(r), buildingLayer(r)]
    if let v = r.verification { layers.append(claimsLayer(v, crs: r.crs, footprints: v.footprints ?? [:])) }
    return layers
}

func zonesLayer(_ r: Report) -> ResultLayer {
    let figures = Dictionary(r.zones.map { ($0.zone, $0) }, uniquingKeysWith: { a, _ in a })
    let fields: [(name: String, kind: FieldKind)] = [
        ("zone", .string), ("zone_area_m2", .double), ("before_m2", .double), ("after_m2", .double),
        ("cleared_m2", .double), ("freed_m2", .double), ("sites", .int), ("site_area_m2", .double),
        ("demolished", .int), ("partly_demolished", .int), ("unchanged", .int), ("new_structures", .int), ("rebuilt", .int),
    ]
    let rows: [(wkb: [UInt8]?, values: [FieldValue])] = r.zoneOutlines.map { zone, wkb in
        let z = figures[zone] ?? ZoneFigures(zone: zone)
        return (wkb, [.string(zone), m2(z.zoneAreaM2), m2(z.beforeM2), m2(z.afterM2),
                      m2(z.clearedM2), m2(z.freedM2), .int(Int64(z.sites)), m2(z.siteAreaM2),
                      .int(Int64(z.demolished)), .int(Int64(z.partlyDemolished)), .int(Int64(z.unchanged)),
                      .int(Int64(z.newStructures)), .int(Int64(z.rebuilt))])
    }
    return ResultLayer(name: "zones", crs: r.crs, fields: fields, rows: rows)
}

func clearedLayer(_ r: Report) -> ResultLayer {
    let figures = Dictionary(r.zones.map { ($0.zone, $0) }, uniquingKeysWith: { a, _ in a })
    return ResultLayer(name: "cleared_land", crs: r.crs, fields: [("zone", .string), ("cleared_m2", .double)],
                       rows: r.clearedLand.map { zone, wkb in (wkb, [.string(zone), m2(figures[zone]?.clearedM2 ?? 0)]) })
}

func freedLayer(_ r: Report) -> ResultLayer {
    let figures = Dictionary(r.zones.map { ($0.zone, $0) }, uniquingKeysWith: { a, _ in a })
    return ResultLayer(name: "freed_land", crs: r.crs,
                       fields: [("zone", .string), ("freed_m2", .double), ("sites", .int), ("site_area_m2", .double)],
                       rows: r.freedLand.map { zone, wkb in
                           let z = figures[zone] ?? ZoneFigures(zone: zone)
                           return (wkb, [.string(zone), m2(z.freedM2), .int(Int64(z.sites)), m2(z.siteAreaM2)])
                       })
}

func sitesLayer(_ r: Report) -> ResultLayer {
    ResultLayer(name: "sites", crs: r.crs, fields: [("site", .int), ("zone", .string), ("area_m2", .double), ("pieces", .int)],
                rows: r.sites.enumerated().map { i, s in
                    (s.wkb, [.int(Int64(i + 1)), .string(s.zone), m2(s.m2), .int(Int64(s.pieces))])
                })
}

/// Every building of both surveys: rows made as they are written (two million at city scale).
func buildingLayer(_ r: Report) -> ResultLayer {
    let buildings = r.buildings
    return ResultLayer(name: "building_changes", crs: r.crs,
                       fields: [("survey", .string), ("row", .int), ("building_id", .string), ("change", .string),
                                ("zone", .string), ("changed_planar_m2", .double)],
                       count: buildings.count) { k in
        let b = buildings[k]
        return (b.wkb, [.string(b.survey), .int(Int64(b.row)), b.buildingId.map(FieldValue.string) ?? .null,
                        .string(b.change), b.zone.map(FieldValue.string) ?? .null, m2(b.changedPlanarM2)])
    }
}

/// The claims checked, one feature per claim (no geometry where `footprints` lacks its row).
public func claimsLayer(_ v: Verification, crs: String, footprints: [Int: [UInt8]]) -> ResultLayer {
    let fields: [(name: String, kind: FieldKind)] = [
        ("claim_id", .string), ("row", .int), ("zone_claimed", .string), ("zone_measured", .string),
        ("area_kind", .string), ("claimed_m2", .double), ("measured_m2", .double), ("footprint_m2", .double),
        ("floors", .double), ("floors_source", .string), ("verified_m2", .double), ("still_standing_m2", .double),
        ("duplicate_of", .string), ("status", .string), ("flags", .string), ("evidence", .string),
    ]
    let claims = v.claims
    // Rows made as they are written.
    return ResultLayer(name: "claims", crs: crs, fields: fields, count: claims.count) { k in
        let c = claims[k]
        func text(_ s: String?) -> FieldValue { s.map(FieldValue.string) ?? .null }
        return (footprints[c.row], [
            .string(c.claimId), .int(Int64(c.row)), .string(c.zoneClaimed), text(c.zoneMeasured),
            .string(c.areaKind), m2(c.claimedM2), m2(c.measuredM2), m2(c.footprintM2),
            c.floors.map(FieldValue.double) ?? .null, text(c.floorsSource), m2(c.verifiedM2), m2(c.stillStandingM2),
            text(c.duplicateOf), .string(c.flags.isEmpty ? "verified" : "flagged"),
            .string(c.flags.map(\.rawValue).joined(separator: ";")), .string(c.evidence.joined(separator: "; ")),
        ])
    }
}

/// Each zone's outline polygons in `metricCRS` (for maps where no report was run, as in `verify`).
public func zoneOutlines(_ spec: String, field: String, metricCRS: String, assumeCRS: String?) throws -> [(zone: String, wkb: [UInt8])] {
    let (zones, names, _, _) = try loadZones(spec, field: field, crs: metricCRS, assumeCRS: assumeCRS)
    return zip(names, zones.features).map { ($0, $1.wkb.array) }
}

/// Checks, before any long work, that `writeResultLayers` can honour the environment's
/// SOURCE_DATE_EPOCH (the time a GeoPackage records as its tables' last change): unset, or a whole
/// number of seconds since 1970. Throws an `InputError` naming it otherwise.
public func checkSourceDateEpoch() throws {
    do { _ = try fixedLastChange() }
    catch { throw InputError(error) }
}

/// Writes `layers` into a new GeoPackage at `path` (atomically; never over one of `protectedPaths`).
/// A failure becomes an `InputError` naming the file.
public func writeResultLayers(_ path: String, _ layers: [ResultLayer], protectedPaths: [String]) throws {
    do { try writeGeoPackage(path, layers: layers, protectedPaths: protectedPaths) }
    catch { throw InputError(error) }
}
