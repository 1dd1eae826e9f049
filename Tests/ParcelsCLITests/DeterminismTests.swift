// Outputs depend on the inputs only: the bundled sample (3,000 buildings, 640 claims: every parallel
// phase has work for several workers) run with 1, 2 and 4 worker threads gives byte-identical stdout
// JSON and byte-identical files in --out, results.gpkg included once its clock is fixed
// (SOURCE_DATE_EPOCH, or GDAL's OGR_CURRENT_DATE; a GeoPackage records when each table last changed).
// Without a fixed clock the GeoPackage's layers still read back the same, row for row (ogrinfo). The inputs are read, never
// written: geodata/ is byte-for-byte the same afterwards, with no file added (no -wal/-shm, no .aux.xml).
import Foundation
import Testing

@Suite(.serialized) struct DeterminismTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let ogrinfo = ["/usr/bin/ogrinfo", "/usr/local/bin/ogrinfo"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// `parcels ARGS` in the package folder (so that the bundled sample is found) with `environment` added.
    func parcels(_ args: [String], threads: Int, clock: Bool = true, sourceDateEpoch: String? = nil) throws -> Ended {
        var environment = ProcessInfo.processInfo.environment
        environment["PARCELS_THREADS"] = String(threads)
        if clock { environment["OGR_CURRENT_DATE"] = "2000-01-01T00:00:00Z" } else { environment["OGR_CURRENT_DATE"] = nil }
        environment["SOURCE_DATE_EPOCH"] = sourceDateEpoch
        return try runWith(environment, try parcelsBinary().path, args, in: Self.package)
    }

    func files(in dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            out[name] = FileManager.default.contents(atPath: dir + "/" + name)
        }
        return out
    }

    @Test func reportIsTheSameWhateverTheNumberOfThreads() throws {
        let work = NSTemporaryDirectory() + "parcels-determinism-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let inputs = snapshot([Self.package + "/geodata"])
        #expect(inputs.count >= 3, "the bundled sample is missing: \(inputs.keys.sorted())")

        var stdouts: [Int: String] = [:]
        var outputs: [Int: [String: Data]] = [:]
        for threads in [1, 2, 4] {
            let r = try parcels(["report", "--format", "json", "--out", "\(work)/t\(threads)"], threads: threads)
            #expect(r.status == 0 && !r.signalled, "threads \(threads): \(r.stderr)")
            stdouts[threads] = r.stdout
            outputs[threads] = try files(in: "\(work)/t\(threads)")
        }
        #expect(stdouts[1]!.count > 10_000 && stdouts[1]!.hasPrefix("{"))
        #expect(Set(outputs[1]!.keys).isSuperset(of: ["report.json", "report.html", "results.gpkg", "zones.csv", "claims.csv"]))
        for threads in [2, 4] {
            #expect(stdouts[threads] == stdouts[1], "stdout JSON differs between 1 and \(threads) threads")
            #expect(outputs[threads]!.keys.sorted() == outputs[1]!.keys.sorted())
            for (name, data) in outputs[1]! {
                #expect(outputs[threads]![name] == data, "\(name) differs between 1 and \(threads) threads")
            }
        }
        #expect(snapshot([Self.package + "/geodata"]) == inputs, "geodata/ changed")
    }

    @Test(.enabled(if: DeterminismTests.ogrinfo != nil, "ogrinfo is not installed (scripts/setup installs gdal-bin)"))
    func geoPackageRowsAreTheSameWithoutAFixedClock() throws {
        let work = NSTemporaryDirectory() + "parcels-determinism-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        var dumps: [String] = []
        for threads in [1, 2] {
            let r = try parcels(["report", "--format", "json", "--out", "\(work)/t\(threads)"], threads: threads, clock: false)
            #expect(r.status == 0, "\(r.stderr)")
            let dump = try runWith(ProcessInfo.processInfo.environment, DeterminismTests.ogrinfo!,
                                   ["-ro", "-al", "-q", "\(work)/t\(threads)/results.gpkg"], in: work)
            #expect(dump.status == 0 && dump.stdout.contains("OGRFeature("), "\(dump.stderr)")
            dumps.append(dump.stdout)
        }
        #expect(dumps[0] == dumps[1], "results.gpkg rows differ between 1 and 2 threads")
    }

    @Test func sourceDateEpochFixesTheGeoPackagesClock() throws {
        // SOURCE_DATE_EPOCH=1472688000 is 2016-09-01T00:00:00Z: 1970…2015 is 46 years with 11 leap days
        // (1972…2012), 16,801 days; January to August 2016, 244 more: 17,045 days × 86,400 s. With it
        // (and no OGR_CURRENT_DATE), two runs seconds apart write the same results.gpkg, whose six
        // tables record that time; one that is not a number of seconds is refused before any work.
        let work = NSTemporaryDirectory() + "parcels-determinism-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        var packages: [Data] = []
        for run in [1, 2] {
            let r = try parcels(["verify", "--format", "json", "--out", "\(work)/r\(run)"], threads: 2, clock: false,
                                sourceDateEpoch: "1472688000")
            #expect(r.status == 0, "\(r.stderr)")
            packages.append(FileManager.default.contents(atPath: "\(work)/r\(run)/results.gpkg") ?? Data())
            if run == 1 { Thread.sleep(forTimeInterval: 1.1) }
        }
        #expect(packages[0].count > 10_000 && packages[0] == packages[1], "results.gpkg differs between two runs")
        let stamp = Data("2016-09-01T00:00:00.000Z".utf8)
        var found = 0, from = packages[0].startIndex
        while let r = packages[0].range(of: stamp, in: from..<packages[0].endIndex) { found += 1; from = r.upperBound }
        #expect(found == 1, "the claims table's last_change")          // verify writes one layer
        for bad in ["yesterday", "-1", "1.5", "99999999999999"] {
            let r = try parcels(["verify", "--format", "json", "--out", "\(work)/bad"], threads: 1, clock: false, sourceDateEpoch: bad)
            #expect(r.status == 1 && r.stdout.isEmpty, "\(bad)")
            #expect(r.stderr.hasPrefix("parcels: SOURCE_DATE_EPOCH: '\(bad)' is not a whole number of seconds"), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(work)/bad"))
        }
    }

    @Test func verifyAndOverlapsAreTheSameWhateverTheNumberOfThreads() throws {
        let city = Self.package + "/geodata/city.gpkg"
        // Commands other than report, each on inputs with enough features for two workers.
        let commands = [
            ["verify", "--format", "json"],
            ["overlaps", Self.package + "/geodata/claims.csv", "--id-field", "claim_id", "--format", "json"],   // 49 pairs
            ["area", city + ":before", "--format", "json"],
        ]
        let inputs = snapshot([Self.package + "/geodata"])
        for args in commands {
            let one = try parcels(args, threads: 1), two = try parcels(args, threads: 2)
            #expect(one.status == 0 && two.status == 0, "\(args): \(one.stderr) \(two.stderr)")
            #expect(one.stdout == two.stdout && one.stdout.count > 100, "\(args[0]) differs between 1 and 2 threads")
        }
        #expect(snapshot([Self.package + "/geodata"]) == inputs, "geodata/ changed")
    }
}

/// SPEC: with --claims, report's JSON "has "verify": the whole object that verify prints". On the
/// bundled sample (no layer warnings, so both "warnings" lists are the claims' own) the two agree
/// value for value and key for key, in order.
@Test func reportsVerifyIsTheObjectVerifyPrints() throws {
    let package = DeterminismTests.package
    let report = try parcels(["report", "--claims", "geodata/claims.csv", "--format", "json"], in: package)
    let verify = try parcels(["verify", "--format", "json"], in: package)
    #expect(report.status == 0 && verify.status == 0, "\(report.stderr) \(verify.stderr)")
    let whole = try #require(JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
    let inReport = try JSONSerialization.data(withJSONObject: try #require(whole["verify"]), options: [.sortedKeys])
    let own = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)), options: [.sortedKeys])
    #expect(inReport == own)
    // The keys in the same order as well (JSONSerialization does not keep it): verify's own text,
    // indented one level deeper, is report's "verify" value.
    let indented = verify.stdout.trimmingCharacters(in: .newlines).replacingOccurrences(of: "\n", with: "\n  ")
    #expect(report.stdout.contains("\"verify\": " + indented))
}

/// `run` (CorpusTests.swift) with a whole environment.
func runWith(_ environment: [String: String], _ executable: String, _ args: [String], in directory: String,
             timeout: TimeInterval = 600) throws -> Ended {
    try run(executable, args, in: directory, timeout: timeout, environment: environment)
}
