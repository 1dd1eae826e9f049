// The result set `--out DIR` writes: report.html, report.json (what --format json prints), one CSV per
// table, and results.gpkg with the result layers, all through OutputDirectory (whole or not at all).
import Foundation
import Parcels

/// Writes `report`'s result set into `dir`; returns the file names written.
func writeReportFiles(_ r: Report, to dir: String, units u: AreaUnit) throws -> [String] {
    let o = r.options
    var files: [(String, ResultText)] = [
        ("report.html", .text { timed("result files: report.html") { htmlReport(r, units: u) } }),
        ("report.json", .json { reportJSON(r) }),
        ("zones.csv", .text { zoneTable(r, units: u, plain: true).csv() }),
        ("sites.csv", .text { Table(headers: ["site", "zone", "area_\(u.rawValue)", "pieces"],
                              rows: r.sites.enumerated().map { [String($0.offset + 1), $0.element.zone, u.format($0.element.m2, plain: true), String($0.element.pieces)] },
                              numeric: [0, 2, 3]).csv() }),
    ]
    if o.parcels != nil {
        files.append(("parcels.csv", .text { Table(headers: ["parcel_id", "zone", "land_use", "freed_\(u.rawValue)"],
                                             rows: r.parcels.map { [$0.parcelId, $0.zone, $0.landUse, u.format($0.freedM2, plain: true)] },
                                             numeric: [3]).csv() }))
        files.append(("land_use.csv", .text { Table(headers: ["land_use", "freed_\(u.rawValue)"],
                                              rows: r.totals.landUse.sorted { $0.value > $1.value }.map { [$0.key, u.format($0.value, plain: true)] },
                                              numeric: [1]).csv() }))
    }
    if let v = r.verification { files += claimFiles(v, units: u) }
    // The claims' polygons as the report kept them (`ReportOptions.claimFootprints`), not read again.
    return try writeAll(files, layers: { timed("result files: layers") { resultLayers(r) } }, to: dir, inputs: reportInputs(o))
}

/// Writes `verify`'s result set into `dir`: its JSON, page, claim tables and the claims layer.
func writeVerifyFiles(_ v: Verification, crs: String, warnings: [String], options o: VerifyOptions, to dir: String, units u: AreaUnit) throws -> [String] {
    let footprints = v.footprints ?? [:]     // kept by `runVerify` (`VerifyOptions.claimFootprints`)
    let outlines = try zoneOutlines(o.zones, field: o.zoneField, metricCRS: crs, assumeCRS: o.assumeCRS)
    let files: [(String, ResultText)] = [
        ("report.html", .text { htmlVerify(v, crs: crs, zoneOutlines: outlines, claimFootprints: footprints, warnings: warnings, units: u) }),
        ("report.json", .json { verifyJSON(v, warnings: warnings) }),
    ] + claimFiles(v, units: u)
    return try writeAll(files, layers: { [claimsLayer(v, crs: crs, footprints: footprints)] }, to: dir,
                        inputs: [o.claims, o.before, o.after, o.zones])
}

func reportInputs(_ o: ReportOptions) -> [String] {
    [o.zones, o.before, o.after] + [o.parcels, o.claims].compactMap { $0 } + o.exclusions
}

private func claimFiles(_ v: Verification, units u: AreaUnit) -> [(String, ResultText)] {
    [("claims.csv", .text { claimTable(v, units: u, plain: true).csv() }),
     ("claim_zones.csv", .text { Table(headers: ["zone", "claims", "claimed_\(u.rawValue)", "verified_\(u.rawValue)", "flagged", "share_verified"],
                               rows: (v.zones + [v.totals]).map { z in
                                   [z.zone, String(z.claims), u.format(z.claimedM2, plain: true), u.format(z.verifiedM2, plain: true),
                                    String(z.flagged), String(format: "%.4f", z.shareVerified)]
                               }, numeric: Set(1...5)).csv() })]
}

/// A text file of the result set, made when its turn comes; JSON is written as it is made.
private enum ResultText {
    case text(() -> String)
    case json(() -> JSON)
}

/// Writes the texts (each made when its turn comes) and results.gpkg into `dir`, whole or not at all.
/// The GeoPackage (its layers made, then GDAL's inserts and R-tree: the longest part at city scale) is
/// written on its own thread while the pages and tables are rendered and written here.
private func writeAll(_ files: [(String, ResultText)], layers: @escaping @Sendable () throws -> [ResultLayer],
                      to dir: String, inputs: [String]) throws -> [String] {
    var out = try OutputDirectory(dir, inputs: inputs)
    let directory = out
    let geoPackage = Background { try timed("result files: results.gpkg") { try directory.writeLayers("results.gpkg", layers()) } }
    do {
        defer { geoPackage.wait() }       // also on failure: the staging directory is not removed under it
        for (name, content) in files {
            switch content {
            case .text(let make): try out.write(name, make())
            case .json(let make): try timed("result files: \(name)") { try out.write(name, json: make()) }
            }
        }
        try geoPackage.result()
        out.added("results.gpkg")
        try out.commit()
    } catch {
        out.abandon()
        throw error
    }
    return out.written
}
