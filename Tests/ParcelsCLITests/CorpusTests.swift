// The broken-input corpus (Tests/corpus/manifest.tsv) run through the `parcels` binary, one case per
// manifest line. Each case must end the way its line says: exit status 1 with exactly one stderr line
// that names the file (and layer and feature where they apply) and the reason, or exit status 0 with
// the repair, skip or rejected row in the output. Every case, whatever its line says: never exit
// status 2, never a signal, never a hang, no output left behind by a failed `--out` run, and every
// input file byte-for-byte as it was (the inputs are opened read-only).
import Foundation
import Testing

/// One line of the manifest.
struct CorpusCase: Sendable, CustomTestStringConvertible {
    let line: Int
    let file: String
    let command: String
    let exit: Int32
    let expect: String
    let kind: String
    let notes: String

    var testDescription: String { "line \(line): \(file) · \(command.split(separator: " ").first ?? "")" }
    /// Run without root's permission override, so that a chmod 000 file is unreadable to root too.
    var dropsDAC: Bool { notes.contains("run: nodac") }
}

enum Corpus {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpus").path

    static let cases: [CorpusCase] = {
        guard let text = try? String(contentsOfFile: directory + "/manifest.tsv", encoding: .utf8) else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { n, line in
            guard !line.hasPrefix("#"), !line.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard c.count >= 5, let status = Int32(c[2]) else {
                return CorpusCase(line: n + 1, file: "(malformed line)", command: "", exit: -1, expect: String(line), kind: "", notes: "")
            }
            return CorpusCase(line: n + 1, file: c[0], command: c[1], exit: status, expect: c[3],
                              kind: c.count > 4 ? c[4] : "", notes: c.count > 5 ? c[5] : "")
        }
    }()

    /// The binary cases, made once per test process by Tests/corpus/make-binary (needs gdal-bin).
    static let generated: Result<String, CLITestError> = {
        // Folders earlier test processes left (their process is gone) are removed first.
        let temporary = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix("parcels-corpus-") {
            if let pid = Int32(name.dropFirst("parcels-corpus-".count).prefix { $0.isNumber }), kill(pid, 0) != 0 {
                try? FileManager.default.removeItem(atPath: temporary + name)
            }
        }
        let dir = temporary + "parcels-corpus-\(getpid())-\(UUID().uuidString.prefix(8))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [directory + "/make-binary", dir]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { return .failure(CLITestError(message: "make-binary: \(error)")) }
        let message = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(CLITestError(message: "make-binary failed (is gdal-bin installed?): \(String(decoding: message, as: UTF8.self))"))
        }
        return .success(dir)
    }()
}

/// Every regular file under `roots` (symbolic links, pipes and directories are listed, not read), with
/// its bytes and permissions: what "inputs unchanged" compares.
func snapshot(_ roots: [String]) -> [String: String] {
    var result: [String: String] = [:]
    let fm = FileManager.default
    for root in roots {
        guard let names = fm.subpaths(atPath: root) else { continue }
        for name in names {
            let path = root + "/" + name
            guard let a = try? fm.attributesOfItem(atPath: path) else { continue }
            let type = a[.type] as? FileAttributeType
            let mode = (a[.posixPermissions] as? NSNumber)?.intValue ?? -1
            var entry = "\(type?.rawValue ?? "?") \(String(mode, radix: 8))"
            if type == .typeRegular {
                entry += " \(a[.size] ?? 0) \(a[.modificationDate] ?? "") \(checksum(path) ?? 0)"   // nil: unreadable to this user
            }
            result[path] = entry
        }
    }
    return result
}

/// FNV-1a (64 bits) of a file's bytes, read with read(2) in 64 KiB blocks; nil when it cannot be opened.
func checksum(_ path: String) -> UInt64? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        for byte in buffer[0..<n] { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }
    return hash
}

/// How a run ended.
struct Ended {
    let status: Int32
    let signalled: Bool
    let timedOut: Bool
    let stdout: String
    let stderr: String
}

/// Runs `executable args…` in `directory` (with `environment`, else this process's), killing it after
/// `timeout` seconds. Both streams go through temporary files, so a full pipe never blocks the child.
func run(_ executable: String, _ args: [String], in directory: String, timeout: TimeInterval = 180,
         environment: [String: String]? = nil) throws -> Ended {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = args
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    if let environment { process.environment = environment }
    let id = UUID().uuidString
    let out = NSTemporaryDirectory() + "parcels-stdout-\(id)", err = NSTemporaryDirectory() + "parcels-stderr-\(id)"
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    _ = FileManager.default.createFile(atPath: err, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: err) }
    let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
    let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    var timedOut = false
    while process.isRunning {
        if Date() > deadline { timedOut = true; process.terminate(); break }
        usleep(20_000)
    }
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    func text(_ path: String) -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
    return Ended(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                 timedOut: timedOut, stdout: text(out), stderr: text(err))
}

@Suite struct CorpusTests {
    @Test func manifestIsWellFormedAndCoversEveryFile() throws {
        let cases = Corpus.cases
        #expect(cases.count >= 30)
        for c in cases {
            #expect(c.exit == 0 || c.exit == 1, "manifest line \(c.line): exit status \(c.exit)")
            #expect(!c.expect.isEmpty, "manifest line \(c.line): nothing expected")
        }
        // Every committed case file is in the manifest.
        let named = Set(cases.map(\.file))
        for folder in ["geojson", "csv"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: Corpus.directory + "/" + folder) {
                #expect(named.contains("\(folder)/\(name)"), "\(folder)/\(name) is not in Tests/corpus/manifest.tsv")
            }
        }
        // At least 30 distinct kinds of broken input across the four formats.
        #expect(Set(cases.map(\.notes)).count >= 30)
    }

    @Test(arguments: Corpus.cases)
    func corpusCase(_ c: CorpusCase) throws {
        let generated = try Corpus.generated.get()
        let corpus = Corpus.directory
        let file: String
        if c.file.hasPrefix("gen:") { file = generated + "/" + c.file.dropFirst(4) }
        else if c.file.hasPrefix("/") { file = c.file }
        else { file = corpus + "/" + c.file }

        let work = NSTemporaryDirectory() + "parcels-corpus-run-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let out = work + "/out"
        // Placeholders are replaced word by word, so paths with spaces stay one argument.
        let args = c.command.split(separator: " ").map { word in
            String(word).replacingOccurrences(of: "{file}", with: file)
                .replacingOccurrences(of: "{base}", with: corpus + "/base")
                .replacingOccurrences(of: "{gen}", with: generated)
                .replacingOccurrences(of: "{out}", with: out)
        }

        var executable = try parcelsBinary().path
        var arguments = args
        if c.dropsDAC && getuid() == 0 {
            // Root reads a chmod 000 file anyway; without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH it cannot.
            let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
            guard let setpriv else {
                Issue.record("line \(c.line): running as root without setpriv (util-linux): cannot make \(c.file) unreadable")
                return
            }
            arguments = ["--bounding-set=-dac_override,-dac_read_search", executable] + args
            executable = setpriv
        }

        let before = snapshot([corpus, generated])
        let r = try run(executable, arguments, in: work)
        let after = snapshot([corpus, generated])
        let context = "line \(c.line): parcels \(args.joined(separator: " "))\nstatus \(r.status)\nstderr: \(r.stderr)\nstdout: \(r.stdout.prefix(2000))"

        #expect(!r.timedOut, "hung: \(context)")
        #expect(!r.signalled, "killed by a signal: \(context)")
        #expect(r.status != 2, "internal error: \(context)")
        #expect(r.status == c.exit, "\(context)")
        #expect(before == after, "an input changed: \(context)")

        let stderrLines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: work)) ?? []
        if c.exit == 1 {
            #expect(r.stdout.isEmpty, "\(context)")
            #expect(stderrLines.count == 1 && r.stderr.hasSuffix("\n"), "not one line on stderr: \(context)")
            let line = stderrLines.first.map(String.init) ?? ""
            #expect(line.hasPrefix("parcels: \(file)"), "does not name the file first: \(context)")
            #expect(line.contains(c.expect), "expected “\(c.expect)”: \(context)")
            #expect(leftovers.isEmpty, "a failed run left \(leftovers): \(context)")
        } else {
            #expect((r.stdout + r.stderr).contains(c.expect), "expected “\(c.expect)”: \(context)")
            for line in stderrLines {
                #expect(line.hasPrefix("warning: ") || line.hasPrefix("parcels: wrote "), "unexpected stderr line: \(context)")
            }
            if c.command.contains("{out}") {
                #expect(leftovers == ["out"], "\(context)")
                #expect(FileManager.default.fileExists(atPath: out + "/report.json"), "\(context)")
            }
        }
    }

    /// The same survey in four CRSs (WGS84 GeoJSON; UTM 51N and Web Mercator GeoPackages; CGCS2000
    /// Shapefile with an ESRI .prj) gives the same figures as all of it in WG84: layers are
    /// reprojected, never rejected or mixed up.
    @Test func layersInDifferentCRSsGiveTheSameFigures() throws {
        let generated = try Corpus.generated.get()
        let base = Corpus.directory + "/base"
        let work = NSTemporaryDirectory() + "parcels-corpus-crs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        func zones(_ zones: String, _ before: String, _ after: String) throws -> [[String: Any]] {
            let r = try run(try parcelsBinary().path, ["report", "--zones", zones, "--before", before, "--after", after,
                                                      "--claims", base + "/claims.csv", "--format", "json"], in: work)
            #expect(r.status == 0, "\(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            return try #require(json?["zones"] as? [[String: Any]])
        }
        let plain = try zones(base + "/zones.geojson", base + "/before.geojson", base + "/after.geojson")
        let mixed = try zones(generated + "/zones-cgcs2000.shp", generated + "/before-utm.gpkg", generated + "/after-web-mercator.gpkg")
        #expect(plain.count == 2 && mixed.count == 2)
        for (p, m) in zip(plain, mixed) {
            #expect(p["zone"] as? String == m["zone"] as? String)
            for key in ["zone_area_m2", "before_m2", "after_m2", "cleared_m2", "freed_m2", "site_area_m2"] {
                let (a, b) = (p[key] as? Double ?? .nan, m[key] as? Double ?? .nan)
                #expect(abs(a - b) <= 0.01, "\(key): \(a) in WGS84, \(b) mixed")
            }
            for key in ["sites", "demolished", "partly_demolished", "new_structures", "rebuilt"] {
                #expect(p[key] as? Int == m[key] as? Int, "\(key)")
            }
        }
        // The hand figure: B1, 0.0002° × 0.0002° at 31.23°N, demolished in 西区: 422.533 m² (geodesic).
        #expect(abs((plain.first?["cleared_m2"] as? Double ?? 0) - 422.533) < 0.001)
    }
}
