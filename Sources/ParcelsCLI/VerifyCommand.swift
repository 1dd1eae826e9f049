// `parcels verify`: every demolition claim checked against the surveys, and per zone the claimed
// and verified totals a survey team signs.
import ArgumentParser
import Foundation
import Parcels

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify",
        abstract: "Check demolition claims: overstated, duplicate, still standing, wrong zone, floor vs footprint.",
        discussion: "With no layer flags, runs on the bundled sample in geodata/. See docs/methodology.md.")

    @Option(help: "Claims (any layer, or CSV with a wkt column).") var claims: String?
    @Option(help: "Building survey before the campaign.") var before: String?
    @Option(help: "Building survey after the campaign.") var after: String?
    @Option(help: "Zone layer.") var zones: String?
    @Option(name: .customLong("zone-field"), help: "Zone name field.") var zoneField = "district"
    @Option(name: .customLong("tolerance-pct"), parsing: .unconditional, help: "Percent (0 to 100): claimed areas within this of the measured area are accepted.") var tolerancePct = 5.0
    @Option(help: "Overlay CRS, projected in metres (default: the UTM zone of the zones' centre).") var crs: String?
    @Option(help: "Area units for table, csv, markdown and html.") var units: AreaUnit = .m2
    @Option(help: "Output format.") var format: OutputFormat = .table
    @Option(help: ArgumentHelp("Also write the result set into this directory: report.html, report.json, CSV tables, results.gpkg.",
                               valueName: "dir")) var out: String?
    @OptionGroup var common: CommonOptions

    func validate() throws {
        let given = [claims, before, after, zones].compactMap { $0 }.count
        if given != 0 && given != 4 { throw ValidationError("--claims, --before, --after and --zones go together (or none of them, for the bundled sample)") }
        try requireFiniteAndNotNegative(["--tolerance-pct": tolerancePct])
        try requireAtMostHundredPercent("--tolerance-pct", tolerancePct)
    }

    func run() throws {
        var o: VerifyOptions
        if let claims, let before, let after, let zones {
            o = VerifyOptions(claims: claims, before: before, after: after, zones: zones)
        } else {
            guard let dir = sampleDirectory() else {
                throw CommandError(description: "parcels: no bundled sample found (geodata/city.gpkg); pass --claims, --before, --after and --zones")
            }
            let city = dir + "/city.gpkg"
            o = VerifyOptions(claims: dir + "/claims.csv", before: city + ":before", after: city + ":after", zones: city + ":districts")
        }
        o.zoneField = zoneField
        o.tolerancePct = tolerancePct
        o.crs = crs
        o.assumeCRS = common.assumeCRS
        o.claimFootprints = out != nil || format == .html   // the map and the claims layer draw them
        if let out { try OutputDirectory.check(out, inputs: [o.claims, o.before, o.after, o.zones]) }
        let progress = Progress()
        defer { progress.finish() }
        progress.show("reading the layers and checking the claims…")
        let (v, crs, warnings) = try runVerify(o)
        if let out { progress.show("writing \(out)…") }
        let written = try out.map { dir in try writeVerifyFiles(v, crs: crs, warnings: warnings, options: o, to: dir, units: units) }
        progress.finish()
        if let out, let written { note("parcels: wrote \(out.hasSuffix("/") ? out : out + "/") (\(written.joined(separator: ", ")))") }
        switch format {
        case .json: try emit(json: verifyJSON(v, warnings: warnings))
        case .csv:
            noteWarnings(v, layers: warnings)
            try emit(claimTable(v, units: units, plain: true).csv())
        case .markdown:
            noteWarnings(v, layers: warnings)
            try emit(claimZoneTable(v, units: units, plain: false).markdown() + "\n" + claimTable(v, units: units, plain: false).markdown())
        case .html:
            let outlines = try zoneOutlines(o.zones, field: o.zoneField, metricCRS: crs, assumeCRS: o.assumeCRS)
            try emit(htmlVerify(v, crs: crs, zoneOutlines: outlines, claimFootprints: v.footprints ?? [:], warnings: warnings, units: units))
        case .table: try emit(terminalVerify(v, units: units, warnings: warnings))
        }
    }
}

/// For CSV and markdown, whose stdout is only the tables: the warnings of the other layers (`layers`:
/// repaired and skipped features, zones that overlap) and the claims' (rejected rows with their row
/// numbers, repaired or skipped polygons) on stderr, one line each.
func noteWarnings(_ v: Verification, layers: [String] = []) {
    for w in layers + v.warnings { note("warning: \(w)") }
}

func claimZoneJSON(_ z: ClaimZoneSummary) -> JSON {
    .object([
        ("zone", .string(z.zone)), ("claims", .int(z.claims)), ("claimed_m2", .m2(z.claimedM2)),
        ("verified_m2", .m2(z.verifiedM2)), ("flagged", .int(z.flagged)),
        ("flagged_m2", .object(ClaimFlag.allCases.compactMap { f in z.flaggedM2[f].map { (f.rawValue, .m2($0)) } })),
        ("share_verified", .number((z.shareVerified * 1e6).rounded() / 1e6)),
    ])
}

/// `verify`'s JSON. With `warnings` (the other layers' warnings, from `runVerify`), a "warnings" key
/// after the totals holds them and then the claims' own, the lines CSV and markdown put on stderr
/// (`report`'s "verify" passes none: its layers' warnings are the report's own "warnings"); without,
/// no such key.
func verifyJSON(_ v: Verification, warnings: [String]? = nil) -> JSON {
    .object([
        ("claims", .items(count: v.claims.count) { i in
            let c = v.claims[i]
            return .object([
                ("claim_id", .string(c.claimId)), ("zone_claimed", .string(c.zoneClaimed)),
                ("zone_measured", c.zoneMeasured.map(JSON.string) ?? .null), ("claimed_m2", .m2(c.claimedM2)),
                ("measured_m2", .m2(c.measuredM2)), ("flags", .array(c.flags.map { .string($0.rawValue) })),
                ("row", .int(c.row)), ("area_kind", .string(c.areaKind)), ("footprint_m2", .m2(c.footprintM2)),
                ("floors", c.floors.map(JSON.number) ?? .null), ("floors_source", c.floorsSource.map(JSON.string) ?? .null),
                ("still_standing_m2", .m2(c.stillStandingM2)), ("duplicate_of", c.duplicateOf.map(JSON.string) ?? .null),
                ("verified_m2", .m2(c.verifiedM2)), ("evidence", .array(c.evidence.map(JSON.string))),
            ])
        }),
        ("zones", .array(v.zones.map(claimZoneJSON))),
        ("totals", claimZoneJSON(v.totals)),
    ] + (warnings.map { [("warnings", .array(($0 + v.warnings).map(JSON.string)))] } ?? []) + [
        ("rejected", .array(v.rejected.map { .object([("row", .int($0.row)), ("reason", .string($0.reason))]) })),
        ("tolerance_pct", .number(v.tolerancePct)),
    ])
}

func claimTable(_ v: Verification, units u: AreaUnit, plain: Bool) -> Table {
    let headers = plain
        ? ["claim_id", "row", "zone_claimed", "zone_measured", "area_kind", "claimed_\(u.rawValue)", "measured_\(u.rawValue)", "verified_\(u.rawValue)", "flags", "evidence"]
        : ["claim", "row", "zone claimed", "zone measured", "kind", "claimed (\(u.label))", "measured (\(u.label))", "verified (\(u.label))", "flags", "evidence"]
    let rows = v.claims.map { c in
        [c.claimId, String(c.row), c.zoneClaimed, c.zoneMeasured ?? "", c.areaKind, u.format(c.claimedM2, plain: plain),
         u.format(c.measuredM2, plain: plain), u.format(c.verifiedM2, plain: plain),
         c.flags.map(\.rawValue).joined(separator: plain ? ";" : ", "), c.evidence.joined(separator: plain ? "; " : "; ")]
    }
    return Table(headers: headers, rows: rows, numeric: [1, 5, 6, 7])
}

func claimZoneTable(_ v: Verification, units u: AreaUnit, plain: Bool) -> Table {
    let rows = (v.zones + [v.totals]).map { z in
        [z.zone, String(z.claims), u.format(z.claimedM2, plain: plain), u.format(z.verifiedM2, plain: plain), String(z.flagged),
         String(format: "%.1f%%", 100 * z.shareVerified)]
    }
    return Table(headers: ["zone", "claims", "claimed (\(u.label))", "verified (\(u.label))", "flagged", "verified share"], rows: rows, numeric: Set(1...5))
}

/// The terminal page; `warnings` (the other layers', from `runVerify`) listed last, as the report lists
/// its own (the claims' are the rejected rows, and the flags of repaired claims).
func terminalVerify(_ v: Verification, units u: AreaUnit, warnings: [String] = []) -> String {
    var out = "parcels verify · areas ellipsoidal (WGS84) in \(u.label) · tolerance ±\(v.tolerancePct)%\n\n"
    out += claimZoneTable(v, units: u, plain: false).terminal()
    let flagged = v.claims.filter { !$0.flags.isEmpty }
    out += "\n\(v.claims.count) claim\(v.claims.count == 1 ? "" : "s") checked: \(v.claims.count - flagged.count) verified, \(flagged.count) flagged"
    out += ClaimFlag.allCases.compactMap { f in
        let n = v.claims.filter { $0.flags.contains(f) }.count
        return n > 0 ? "\(f.rawValue) \(n)" : nil
    }.reduce("") { $0 + ($0.isEmpty ? " (" : ", ") + $1 } + (flagged.isEmpty ? "" : ")") + "\n"
    if !flagged.isEmpty {
        out += "\nflagged claims:\n"
        for c in flagged.prefix(40) {
            out += "  \(c.claimId) (\(c.zoneClaimed), row \(c.row)):\n"
            for e in c.evidence { out += "    \(e)\n" }
        }
        if flagged.count > 40 { out += "  … and \(flagged.count - 40) more (see --format json or csv)\n" }
    }
    if !v.rejected.isEmpty {
        out += "\nrejected rows (not in any total):\n"
        for r in v.rejected { out += "  row \(r.row): \(r.reason)\n" }
    }
    if !warnings.isEmpty {
        out += "\nwarnings (\(warnings.count)):\n"
        for w in warnings.prefix(10) { out += "  \(w)\n" }
        if warnings.count > 10 { out += "  … and \(warnings.count - 10) more (see --format json)\n" }
    }
    return out
}
