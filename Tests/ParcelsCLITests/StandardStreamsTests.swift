// Standard output that cannot be written: a full disk (/dev/full), a closed stream (`>&-`), a reader
// that went away (`| head -1`). Never a crash: status 1 and one line on stderr naming the cause (the
// strerror(3) text of ENOSPC and EBADF), or status 1 and nothing at all when the reader went away.
import Foundation
import Testing

/// Runs `parcels args…` through sh with `redirection` applied to it (sh execs it: the status is its own).
private func parcelsRedirected(_ redirection: String, _ args: [String], in directory: String) throws -> Ended {
    try run("/bin/sh", ["-c", "exec \"$@\" \(redirection)", "sh", try parcelsBinary().path] + args, in: directory)
}

/// Runs `parcels args…` with standard output a pipe whose reading end is already closed, as `| head -1`
/// leaves it once head has its line: every write fails (EPIPE, or SIGPIPE unless ignored).
private func parcelsIntoClosedPipe(_ args: [String], in directory: String) throws -> (status: Int32, signalled: Bool, stderr: String) {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { throw CLITestError(message: "pipe(2) failed") }
    close(ends[0])
    let writing = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
    let errors = Pipe()
    let process = Process()
    process.executableURL = try parcelsBinary()
    process.arguments = args
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = writing
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    try writing.close()
    let stderr = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, process.terminationReason == .uncaughtSignal, String(decoding: stderr, as: UTF8.self))
}

@Suite struct StandardStreamsTests {
    static let full = "parcels: cannot write the output to standard output: No space left on device\n"
    static let closed = "parcels: cannot write the output to standard output: Bad file descriptor\n"

    @Test(arguments: ["table", "json", "csv", "markdown"])
    func areaToAFullDisk(format: String) throws {
        let f = Folder()
        let r = try parcelsRedirected(">/dev/full", ["area", try f.plots(), "--format", format], in: f.path)
        #expect(!r.signalled && r.status == 1)
        #expect(r.stderr == StandardStreamsTests.full)
    }

    @Test func areaToAClosedStandardOutput() throws {
        let f = Folder()
        let r = try parcelsRedirected(">&-", ["area", try f.plots()], in: f.path)
        #expect(!r.signalled && r.status == 1)
        #expect(r.stderr == StandardStreamsTests.closed)
    }

    @Test func overlapsToAFullDisk() throws {
        let f = Folder()
        let r = try parcelsRedirected(">/dev/full", ["overlaps", try f.threeSquares()], in: f.path)
        #expect(!r.signalled && r.status == 1)
        #expect(r.stderr == StandardStreamsTests.full)
    }

    /// JSON is streamed as it is made (`emit(json:)`), the other formats written from a string.
    @Test(arguments: ["table", "json", "csv", "markdown", "html"])
    func reportToAFullDisk(format: String) throws {
        let f = try OutputFixture()
        let r = try parcelsRedirected(">/dev/full", f.reportInputs + ["--format", format], in: f.path)
        #expect(!r.signalled && r.status == 1)
        #expect(r.stderr == StandardStreamsTests.full)
    }

    @Test(arguments: ["table", "json"])
    func reportToAClosedStandardOutput(format: String) throws {
        let f = try OutputFixture()
        let r = try parcelsRedirected(">&-", f.reportInputs + ["--format", format], in: f.path)
        #expect(!r.signalled && r.status == 1)
        #expect(r.stderr == StandardStreamsTests.closed)
    }

    @Test(arguments: ["table", "json", "csv"])
    func verifyToAFullDisk(format: String) throws {
        let f = try OutputFixture()
        let r = try parcelsRedirected(">/dev/full", ["verify", "--claims", "claims.geojson", "--before", "before.geojson",
                                                     "--after", "after.geojson", "--zones", "zones.geojson", "--format", format], in: f.path)
        #expect(!r.signalled && r.status == 1)
        #expect(r.stderr == StandardStreamsTests.full)
    }

    @Test func helpToAFullDisk() throws {
        let f = Folder()
        let r = try parcelsRedirected(">/dev/full", ["--help"], in: f.path)
        #expect(!r.signalled && r.status == 1)
        #expect(r.stderr == StandardStreamsTests.full)
    }

    @Test func readerGoneEndsQuietly() throws {
        let f = try OutputFixture()
        for args in [["area", "before.geojson"], f.reportInputs + ["--format", "json"], f.reportInputs] {
            let r = try parcelsIntoClosedPipe(args, in: f.path)
            #expect(!r.signalled, "\(args)")
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr == "", "\(args)")
        }
    }

    @Test func warningsStillReachAFullStandardOutput() throws {
        // stdout full, stderr fine: the warning lines come first, then the one line about stdout.
        let f = Folder()
        let path = try f.file("bowtie.geojson", """
            {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6933"}},
             "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
               "coordinates": [[[11720000, 3794000], [11720020, 3794020], [11720020, 3794000], [11720000, 3794020], [11720000, 3794000]]]}}]}
            """)
        let r = try parcelsRedirected(">/dev/full", ["area", path], in: f.path)
        #expect(!r.signalled && r.status == 1)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3, "\(r.stderr)")
        #expect(lines.first?.hasPrefix("warning: \(path): layer 'bowtie', feature 1 (fid 0): repaired") == true)
        #expect(r.stderr.hasSuffix("\n" + StandardStreamsTests.full))
    }
}
