// Usage errors of the options: numbers that are not finite, an overlay CRS that is not one, a format a
// command does not print, and the lists of allowed values in full. Exit status 1, nothing on stdout,
// the option named on stderr.
import Foundation
import Testing

@Suite struct OptionTests {
    /// Every number option of every command, with what else the command needs to reach its checks
    /// (the checks come before any input is read: the files need not exist).
    static let numberOptions: [(command: [String], option: String)] = [
        (["report"], "--tolerance"), (["report"], "--min-site"), (["report"], "--site-gap"), (["report"], "--tolerance-pct"),
        (["verify"], "--tolerance-pct"), (["overlaps", "nowhere.geojson"], "--min-area"),
    ]
    /// What is typed, and how the message shows it (Swift's spelling of the Double it parses to).
    static let notFinite = [("nan", "nan"), ("NaN", "nan"), ("inf", "inf"), ("-inf", "-inf"), ("infinity", "inf")]

    @Test(arguments: OptionTests.numberOptions.indices)
    func numbersMustBeFinite(_ i: Int) throws {
        let (command, option) = OptionTests.numberOptions[i]
        let f = Folder()
        for (typed, shown) in OptionTests.notFinite {
            let r = try parcels(command + ["\(option)=\(typed)"], in: f.path)
            #expect(r.status == 1, "\(option)=\(typed)")
            #expect(r.stdout == "")
            #expect(r.stderr.hasPrefix("Error: \(option) must be a finite number, not \(shown). "), "\(r.stderr)")
        }
    }

    @Test func negativeNumbersStillRefused() throws {
        let f = Folder()
        // Given as `--option=-1` or as `--option -1` (a value that starts with '-', not a missing one).
        for option in ["--tolerance", "--min-site", "--site-gap", "--tolerance-pct"] {
            for arguments in [["\(option)=-1"], [option, "-1"]] {
                let r = try parcels(["report"] + arguments, in: f.path)
                #expect(r.status == 1 && r.stdout == "")
                #expect(r.stderr.hasPrefix("Error: \(option) cannot be negative (-1.0). "), "\(option): \(r.stderr)")
            }
        }
        let r = try parcels(["verify", "--tolerance-pct", "-1"], in: f.path)
        #expect(r.status == 1 && r.stdout == "")
        #expect(r.stderr.hasPrefix("Error: --tolerance-pct cannot be negative (-1.0). "), "\(r.stderr)")
    }

    /// --tolerance-pct above 100 was taken: a claim is understated below measured × (1 − P/100), below
    /// zero for P over 100, so every understated claim passed ("within 150 %" of 400 m² accepts a claim
    /// of 0 m²). Refused by both commands, before any layer is read (they need not exist).
    @Test func tolerancePctAboveHundredRefused() throws {
        let f = Folder()
        for command in [["report"], ["verify"]] {
            for value in ["150", "100.5", "1e3"] {
                let r = try parcels(command + ["--tolerance-pct", value], in: f.path)
                #expect(r.status == 1 && r.stdout == "", "\(command) \(value)")
                #expect(r.stderr.hasPrefix("Error: --tolerance-pct cannot be more than 100 (\(Double(value)!)): "), "\(r.stderr)")
                #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            }
        }
    }

    /// 100 itself is allowed and is the end of the range. Fixture (EPSG:6933, equal-area: m² = width ×
    /// height): zone West 0…100 × 0…100, before B1 60…80 × 10…30 = 400 m², after nothing; claim C1 on
    /// B1, 3.9 m² claimed. By hand: at 99 % the lower bound is 400 × (1 − 0.99) = 4 m² > 3.9, so C1
    /// is understated; at 100 % the bound is 400 × 0 = 0 m² ≤ 3.9, so it passes.
    @Test(arguments: [("99", "understated"), ("100", "")])
    func tolerancePctUpToHundredAccepted(_ value: String, _ flags: String) throws {
        let f = Folder()
        try f.rectangles("zones", [(0, 0, 100, 100, #"{"district": "West"}"#)])
        try f.rectangles("before", [(60, 10, 80, 30, #"{"building_id": "B1"}"#)])
        try f.rectangles("after", [(0, 0, 1, 1, #"{"building_id": "shed"}"#)])
        try f.rectangles("claims", [(60, 10, 80, 30, #"{"claim_id": "C1", "district": "West", "claimed_area_m2": 3.9, "area_kind": "footprint"}"#)])
        let r = try parcels(["verify", "--claims", "claims.geojson", "--before", "before.geojson", "--after", "after.geojson",
                             "--zones", "zones.geojson", "--tolerance-pct", value, "--format", "csv"], in: f.path)
        #expect(r.status == 0, "\(r.stderr)")
        let row = r.stdout.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
        #expect(row.hasPrefix("C1,1,West,West,footprint,3.9,400.0,\(flags.isEmpty ? "400.0" : "0.0"),\(flags),"), "\(r.stdout)")
    }

    /// A negative --min-area acted as 0 (every overlap is more than -1 m²): refused like the others,
    /// before the layer is read (it need not exist).
    @Test func negativeMinAreaRefused() throws {
        let f = Folder()
        for value in ["-1", "-0.5", "-1e3"] {
            let r = try parcels(["overlaps", "nowhere.geojson", "--min-area=\(value)"], in: f.path)
            #expect(r.status == 1 && r.stdout == "", "\(value)")
            #expect(r.stderr.hasPrefix("Error: --min-area cannot be negative ("), "\(value): \(r.stderr)")
        }
        let zero = try parcels(["overlaps", try f.threeSquares(), "--min-area", "0", "--format", "csv"], in: f.path)
        // 0 is allowed: the three overlapping pairs of the squares (A–B 10 × 20, A–C and B–C 15 × 10 m²).
        #expect(zero.status == 0 && zero.stderr == "", "\(zero.stderr)")
        #expect(zero.stdout == "a,b,overlap_m2\n0,1,200.0\n0,2,150.0\n1,2,150.0\n", "\(zero.stdout)")
    }

    @Test func finiteNumbersAccepted() throws {
        // 1e3 m² is more than any overlap of the three squares (at most 200 m²): no pairs, status 0.
        let f = Folder()
        let r = try parcels(["overlaps", try f.threeSquares(), "--min-area", "1e3", "--format", "csv"], in: f.path)
        #expect(r.status == 0 && r.stderr == "")
        #expect(r.stdout == "a,b,overlap_m2\n")
    }

    @Test func unknownCRSIsNotCalledGeographic() throws {
        // PROJ reads a bare word as a name and takes the closest one ("foo" is in "Amersfoort").
        let f = Folder()
        let plots = try f.plots()
        for command in [["area", plots], ["overlaps", plots], ["report", "--zones", plots, "--before", plots, "--after", plots]] {
            let r = try parcels(command + ["--crs", "foo"], in: f.path)
            #expect(r.status == 1 && r.stdout == "")
            #expect(r.stderr.hasPrefix("parcels: --crs: unknown CRS 'foo' "), "\(r.stderr)")
            #expect(!r.stderr.contains("geographic") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
        let geographic = try parcels(["area", plots, "--crs", "EPSG:4326"], in: f.path)
        #expect(geographic.status == 1)
        #expect(geographic.stderr == "parcels: --crs: 'EPSG:4326' is geographic; the overlay needs a projected CRS such as a UTM zone\n")
    }

    /// The tolerance and the site gap are metres of the overlay plane: a CRS in US survey feet
    /// (1200/3937 m) or kilometres would apply them in its own unit while the report says metres.
    @Test(arguments: [("EPSG:2263", "0.30480060960121924"), ("+proj=utm +zone=51 +datum=WGS84 +units=km", "1000.0")])
    func overlayCRSNotInMetresIsRefused(_ crs: String, _ unit: String) throws {
        let f = Folder()
        let plots = try f.plots()
        let r = try parcels(["report", "--zones", plots, "--before", plots, "--after", plots, "--crs", crs], in: f.path)
        #expect(r.status == 1 && r.stdout == "")
        #expect(r.stderr.hasPrefix("parcels: --crs: '\(crs)' (") && r.stderr.contains("measures in units of \(unit) m; the overlay needs a CRS in metres"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    /// A geocentric CRS is in metres and not geographic, but its X and Y are no map plane: a report
    /// overlaid there gave a zone 4,400 m² of cleared land for the 5,800 its 30 × 20 m buildings lost.
    /// A vertical or local (engineering) CRS is no plane either: the first was blamed on the layer
    /// ("zero area"), the second ended in an internal error (exit 2).
    @Test(arguments: [("EPSG:4978", "geocentric"), ("+proj=geocent +datum=WGS84", "geocentric"),
                      ("EPSG:5773", "vertical"), ("LOCAL_CS[\"site\",UNIT[\"metre\",1]]", "local (engineering)")])
    func overlayCRSThatIsNoMapPlaneIsRefused(_ crs: String, _ kind: String) throws {
        let f = Folder()
        let plots = try f.plots()
        for command in [["area", plots], ["overlaps", plots], ["report", "--zones", plots, "--before", plots, "--after", plots]] {
            let r = try parcels(command + ["--crs", crs], in: f.path)
            #expect(r.status == 1 && r.stdout == "", "\(r.stdout)")
            #expect(r.stderr.hasPrefix("parcels: --crs: '\(crs)' (") && r.stderr.hasSuffix(
                "is a \(kind) CRS; the overlay needs a projected CRS such as a UTM zone\n"), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
    }

    @Test(arguments: ["WGS 84 / UTM zone 51N", "wgs 84 / utm zone 51n", "EPSG:32651", "+proj=utm +zone=51 +datum=WGS84"])
    func projectedCRSByNameOrCode(_ crs: String) throws {
        // The plots (CLITests.swift) measure 400 + 400 + 300 + 100 = 1,200 m² whatever the overlay CRS.
        let f = Folder()
        let r = try parcels(["area", try f.plots(), "--crs", crs, "--format", "json"], in: f.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"total_m2\": 1200,"), "\(r.stdout)")
    }

    /// SPEC.md gives `area` and `overlaps` table, json, csv and markdown; html is the report's page.
    @Test(arguments: ["area", "overlaps"])
    func htmlIsRefusedByTheTableCommands(_ command: String) throws {
        let f = Folder()
        let r = try parcels([command, try f.plots(), "--format", "html"], in: f.path)
        #expect(r.status == 1 && r.stdout == "")
        #expect(r.stderr == "Error: The value 'html' is invalid for '--format <format>'. Please provide one of 'table', 'json', 'csv' or 'markdown'. "
                + "Help: --format <format> Output format. See 'parcels \(command) --help' for more information.\n", "\(r.stderr)")
        let help = try parcels([command, "--help"], in: f.path)
        #expect(help.status == 0)
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")     // however wide the terminal
        #expect(words.contains("--format <format> Output format. (values: table, json, csv, markdown; default: table)"), "\(help.stdout)")
    }

    /// The allowed values in full, in the error and its help line: m2|ha|mu|km2 and the formats of
    /// SPEC.md's synopsis.
    @Test func allowedValuesListedInFull() throws {
        let f = Folder()
        for (command, units) in [(["area", "x"], "table, csv and markdown"), (["overlaps", "x"], "table, csv and markdown"),
                                 (["report"], "table, csv, markdown and html"), (["verify"], "table, csv, markdown and html")] {
            let r = try parcels(command + ["--units", "acre"], in: f.path)
            #expect(r.status == 1 && r.stdout == "")
            #expect(r.stderr.hasPrefix("Error: The value 'acre' is invalid for '--units <units>'. Please provide one of 'm2', 'ha', 'mu' or 'km2'. "
                                       + "Help: --units <units> Area units for \(units). See "), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
        for command in ["report", "verify"] {
            let r = try parcels([command, "--format", "xml"], in: f.path)
            #expect(r.status == 1 && r.stdout == "")
            #expect(r.stderr == "Error: The value 'xml' is invalid for '--format <format>'. Please provide one of 'table', 'json', 'csv', 'markdown' or 'html'. "
                               + "Help: --format <format> Output format. See 'parcels \(command) --help' for more information.\n", "\(r.stderr)")
        }
    }

    /// --help names each list of values once, in ArgumentParser's "(values: …; default: …)", not also in
    /// the option's own text (it read "Output format: table, json, csv, markdown. (values: table, json,
    /// csv, markdown; default: table)"). The lists are SPEC.md's synopsis: m2|ha|mu|km2, and the formats.
    @Test(arguments: [("area", "table, json, csv, markdown", "table, csv and markdown"),
                      ("overlaps", "table, json, csv, markdown", "table, csv and markdown"),
                      ("report", "table, json, csv, markdown, html", "table, csv, markdown and html"),
                      ("verify", "table, json, csv, markdown, html", "table, csv, markdown and html")])
    func helpListsEachValueListOnce(command: String, formats: String, units: String) throws {
        let f = Folder()
        let help = try parcels([command, "--help"], in: f.path)
        #expect(help.status == 0)
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")     // however wide the terminal
        #expect(words.contains("--format <format> Output format. (values: \(formats); default: table)"), "\(help.stdout)")
        #expect(words.contains("--units <units> Area units for \(units). (values: m2, ha, mu, km2; default: m2)"), "\(help.stdout)")
        #expect(words.components(separatedBy: formats).count == 2, "\(help.stdout)")
        #expect(words.components(separatedBy: "m2, ha, mu, km2").count == 2, "\(help.stdout)")
    }
}
