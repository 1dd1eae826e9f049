// `parcels report`: freed land per zone from two building surveys. With no flags, the bundled sample.
import ArgumentParser
import Foundation
import GeoIO
import Parcels

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report",
        abstract: "Cleared and freed land, sites and building changes per zone, from a before and an after survey.",
        discussion: "With no layer flags, runs on the bundled sample in geodata/. See docs/methodology.md for every figure.")

    @Option(help: "Zone layer (districts, key blocks, towns…).") var zones: String?
    @Option(help: "Building survey before the campaign.") var before: String?
    @Option(help: "Building survey after the campaign.") var after: String?
    @Option(help: "Cadastral parcels (freed land per parcel and land use).") var parcels: String?
    @Option(help: "Demolition claims to verify.") var claims: String?
    @Option(name: .customLong("exclude"), help: "Land that cannot be built on (roads, water, protected); repeatable.") var exclude: [String] = []
    @Option(name: .customLong("zone-field"), help: "Zone name field.") var zoneField = "district"
    @Option(name: .customLong("id-field"), help: "Parcel id field.") var idField = ReportOptions.defaultIdField
    @Option(parsing: .unconditional, help: "Metres: differences narrower than this are re-survey noise, not cleared land.") var tolerance = 0.1
    @Option(name: .customLong("min-site"), parsing: .unconditional, help: "m²: smallest piece of freed land counted as a site.") var minSite = 200.0
    @Option(name: .customLong("site-gap"), parsing: .unconditional, help: "Metres: freed pieces closer than this form one site.") var siteGap = 2.0
    @Option(name: .customLong("tolerance-pct"), parsing: .unconditional, help: "Percent (0 to 100): claimed areas within this of the measured area are accepted.") var tolerancePct = 5.0
    @Option(help: "Overlay CRS, projected in metres (default: the UTM zone of the zones' centre).") var crs: String?
    @Option(help: "Area units for table, csv, markdown and html.") var units: AreaUnit = .m2
    @Option(help: "Output format.") var format: OutputFormat = .table
    @Option(help: ArgumentHelp("Also write the result set into this directory: report.html, report.json, CSV tables, results.gpkg.",
                               valueName: "dir")) var out: String?
    @OptionGroup var common: CommonOptions

    func validate() throws {
        let given = [zones, before, after].compactMap { $0 }.count
        if given != 0 && given != 3 { throw ValidationError("--zones, --before and --after go together (or none of them, for the bundled sample)") }
        try requireFiniteAndNotNegative(["--tolerance": tolerance, "--min-site": minSite, "--site-gap": siteGap, "--tolerance-pct": tolerancePct])
        try requireAtMostHundredPercent("--tolerance-pct", tolerancePct)
    }

    func options() throws -> ReportOptions {
        var o: ReportOptions
        if let zones, let before, let after {
            o = ReportOptions(zones: zones, before: before, after: after)
            o.parcels = parcels
            o.exclusions = exclude
        } else {
            guard let dir = sampleDirectory() else {
                throw CommandError(description: "parcels: no bundled sample found (geodata/city.gpkg); pass --zones, --before and --after")
            }
            let city = dir + "/city.gpkg"
            o = ReportOptions(zones: city + ":districts", before: city + ":before", after: city + ":after")
            o.parcels = parcels ?? city + ":parcels"
            o.exclusions = exclude.isEmpty ? [city + ":exclusions"] : exclude
            o.claims = claims ?? dir + "/claims.csv"
        }
        if let claims { o.claims = claims }
        o.zoneField = zoneField
        o.idField = idField
        o.tolerance = tolerance
        o.minSite = minSite
        o.siteGap = siteGap
        o.tolerancePct = tolerancePct
        o.crs = crs
        o.assumeCRS = common.assumeCRS
        o.buildingOutcomes = out != nil || format == .html    // the maps and result layers draw them
        o.claimFootprints = out != nil                        // the claims result layer has them
        o.landGeometry = out != nil || format == .html        // the maps draw each zone's land
        return o
    }

    func run() throws {
        let o = try options()
        if let out { try OutputDirectory.check(out, inputs: reportInputs(o)) }   // refuse before the long work
        let progress = Progress()
        defer { progress.finish() }
        progress.show("reading the layers and measuring…")
        let report = try runReport(o)
        if let out { progress.show("writing \(out)…") }
        let written = try out.map { dir in try writeReportFiles(report, to: dir, units: units) }
        progress.finish()
        if let out, let written { note("parcels: wrote \(out.hasSuffix("/") ? out : out + "/") (\(written.joined(separator: ", ")))") }
        try timed("write output") { try writeOutput(report) }
    }

    private func writeOutput(_ report: Report) throws {
        switch format {
        case .json:
            try emit(json: reportJSON(report))
        case .csv:
            noteWarnings(report)
            try emit(zoneTable(report, units: units, plain: true).csv())
            noteClaimsElsewhere(report)
        case .markdown:
            noteWarnings(report)
            try emit(zoneTable(report, units: units, plain: false).markdown())
            noteClaimsElsewhere(report)
        case .html: try emit(htmlReport(report, units: units))
        case .table:
            try emit(terminalReport(report, units: units))
            if let v = report.verification { try emit("\n" + terminalVerify(v, units: units)) }
        }
    }
}

/// For the formats whose stdout is only a table (CSV, markdown): the warnings, the failed checks and
/// the claims' warnings (rejected rows, repairs) on stderr, one line each, as `area` prints its own.
func noteWarnings(_ r: Report) {
    for w in r.warnings { note("warning: \(w)") }
    for c in r.checks where !c.ok { note("warning: check failed: \(c.name): \(c.detail)") }
    if let v = r.verification { noteWarnings(v) }
}

/// After a CSV or markdown table of the zones: where the claims' verdicts are, which the table leaves
/// out (they would otherwise be checked without a word on the terminal).
func noteClaimsElsewhere(_ r: Report) {
    guard let v = r.verification else { return }
    let flagged = v.claims.filter { !$0.flags.isEmpty }.count
    note("parcels: \(v.claims.count) claim\(v.claims.count == 1 ? "" : "s") checked, \(flagged) flagged; their verdicts are in --format json, table or html, or in --out DIR (claims.csv)")
}

/// The zone figures in SPEC.md's key order, then the additions.
func zoneJSON(_ z: ZoneFigures) -> JSON {
    .object([
        ("zone", .string(z.zone)), ("zone_area_m2", .m2(z.zoneAreaM2)), ("before_m2", .m2(z.beforeM2)),
        ("after_m2", .m2(z.afterM2)), ("cleared_m2", .m2(z.clearedM2)), ("freed_m2", .m2(z.freedM2)),
        ("sites", .int(z.sites)), ("site_area_m2", .m2(z.siteAreaM2)), ("demolished", .int(z.demolished)),
        ("partly_demolished", .int(z.partlyDemolished)), ("new_structures", .int(z.newStructures)), ("rebuilt", .int(z.rebuilt)),
        ("unchanged", .int(z.unchanged)), ("largest_site_m2", .m2(z.largestSiteM2)),
        ("excluded_m2", .m2(z.clearedM2 - z.freedM2)),
        ("before_unchanged_m2", .m2(z.unchangedM2)), ("before_demolished_m2", .m2(z.demolishedM2)),
        ("before_partly_demolished_m2", .m2(z.partlyDemolishedM2)),
        ("freed_by_land_use_m2", .object(z.landUse.sorted { $0.key < $1.key }.map { ($0.key, .m2($0.value)) })),
    ])
}

func reportJSON(_ r: Report) -> JSON {
    func spec(_ s: String) -> JSON { .string(maskPassword(s)) }      // a PG: password is not echoed
    let o = r.options
    return .object([
        ("crs", .string(r.crs)),
        ("zones", .array(r.zones.map(zoneJSON))),
        ("totals", zoneJSON(r.totals)),
        ("warnings", .array(r.warnings.map(JSON.string))),
        ("checks", .array(r.checks.map { .object([("check", .string($0.name)), ("ok", .bool($0.ok)), ("detail", .string($0.detail))]) })),
        ("outside_zones", zoneJSON(r.outside)),
        ("parameters", .object([
            ("tolerance_m", .number(o.tolerance)), ("min_site_m2", .number(o.minSite)), ("site_gap_m", .number(o.siteGap)),
            ("tolerance_pct", .number(o.tolerancePct)), ("area", .string("ellipsoidal (WGS84 geodesic)")),
            ("inputs", .object([("zones", spec(o.zones)), ("before", spec(o.before)), ("after", spec(o.after)),
                                ("parcels", o.parcels.map(spec) ?? .null), ("exclude", .array(o.exclusions.map(spec)))])),
        ])),
        ("sites", .array(r.sites.map { .object([("zone", .string($0.zone)), ("area_m2", .m2($0.m2)), ("pieces", .int($0.pieces))]) })),
        ("parcels", .items(count: r.parcels.count) { i in
            let p = r.parcels[i]
            return .object([("parcel_id", .string(p.parcelId)), ("zone", .string(p.zone)),
                            ("land_use", .string(p.landUse)), ("freed_m2", .m2(p.freedM2))])
        }),
    ] + (r.verification.map { [("verify", verifyJSON($0, warnings: []))] } ?? []))   // verify's whole object (SPEC): its
                                                                                       // "warnings" the claims' own, the layers' are above
}

/// Every zone figure, for CSV and markdown.
func zoneTable(_ r: Report, units u: AreaUnit, plain: Bool) -> Table {
    let areaKeys = ["zone_area", "before", "after", "cleared", "freed", "site_area", "largest_site"]
    let headers = ["zone"] + areaKeys.prefix(5).map { plain ? "\($0)_\(u.rawValue)" : "\($0.replacingOccurrences(of: "_", with: " ")) (\(u.label))" }
        + ["sites"] + areaKeys.suffix(2).map { plain ? "\($0)_\(u.rawValue)" : "\($0.replacingOccurrences(of: "_", with: " ")) (\(u.label))" }
        + ["demolished", "partly_demolished", "new_structures", "rebuilt", "unchanged"]
    let rows = (r.zones + [r.totals]).map { z in
        [z.zone] + [z.zoneAreaM2, z.beforeM2, z.afterM2, z.clearedM2, z.freedM2].map { u.format($0, plain: plain) }
            + [String(z.sites)] + [z.siteAreaM2, z.largestSiteM2].map { u.format($0, plain: plain) }
            + [z.demolished, z.partlyDemolished, z.newStructures, z.rebuilt, z.unchanged].map(String.init)
    }
    return Table(headers: headers, rows: rows, numeric: Set(1..<headers.count))
}

/// The terminal report: readable at 80 columns.
func terminalReport(_ r: Report, units u: AreaUnit) -> String {
    let o = r.options
    let short = u == .m2 ? AreaUnit.m2 : u
    func a(_ x: Double) -> String { short == .m2 ? groupThousands(String(format: "%.0f", x)) : short.format(x) }
    var out = "parcels report · overlay \(r.crs) · areas ellipsoidal (WGS84) in \(u.label) · tolerance \(o.tolerance) m · sites ≥ \(a(o.minSite)) \(u.label)\n\n"
    let rows = (r.zones + [r.totals]).map { z in
        [z.zone, a(z.clearedM2), a(z.freedM2), String(z.sites), a(z.siteAreaM2), String(z.demolished), String(z.partlyDemolished),
         String(z.newStructures), String(z.rebuilt)]
    }
    let table = Table(headers: ["zone", "cleared", "freed", "sites", "site area", "demol.", "partly", "new", "rebuilt"],
                      rows: rows, numeric: Set(1...8))
    out += table.terminal()
    let landUse = r.totals.landUse.sorted { $0.value > $1.value }
    if !landUse.isEmpty {
        out += "\nfreed land by land use: " + landUse.map { "\($0.key) \(a($0.value))" }.joined(separator: ", ") + "\n"
    }
    out += "\nchecks:\n"
    for c in r.checks { out += "  \(c.ok ? "ok  " : "FAIL") \(c.name): \(c.detail)\n" }
    if !r.warnings.isEmpty {
        out += "\nwarnings (\(r.warnings.count)):\n"
        for w in r.warnings.prefix(10) { out += "  \(w)\n" }
        if r.warnings.count > 10 { out += "  … and \(r.warnings.count - 10) more (see --format json)\n" }
    }
    return out
}
