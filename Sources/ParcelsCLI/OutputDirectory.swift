// Every file `--out DIR` writes goes through here. The whole set is written into a fresh hidden
// directory beside DIR, then swapped into place in one step (Linux renameat2 RENAME_EXCHANGE, else
// two renames), so a process killed at any moment leaves DIR as the previous complete output or
// absent, never a half-written file. DIR is refused when it is, or holds, an input (compared by real
// path), or when it already holds files parcels did not write. Leftover hidden directories of killed
// runs are removed by the next run.
import Foundation
import Parcels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct OutputDirectory {
    /// The files a result directory may hold (an existing DIR with anything else is not replaced).
    static let knownNames: Set<String> = [
        "report.html", "report.json", "zones.csv", "parcels.csv", "sites.csv", "claims.csv", "claim_zones.csv",
        "land_use.csv", "results.gpkg",
    ]

    /// DIR as given, and resolved.
    let shown: String
    let target: String
    let staging: String
    private let inputs: [String]
    private(set) var written: [String] = []

    /// Checks DIR may be written (see `check`), clears leftovers of killed runs, and makes the
    /// staging directory.
    init(_ path: String, inputs: [String]) throws {
        shown = path
        target = try OutputDirectory.check(path, inputs: inputs)
        self.inputs = inputs
        let parent = (target as NSString).deletingLastPathComponent
        let base = (target as NSString).lastPathComponent
        OutputDirectory.removeLeftovers(in: parent, base: base)
        staging = "\(parent)/.\(base).parcels-tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(staging, 0o755) == 0 else {
            throw InputError(file: "--out \(path)", reason: "cannot create a directory beside it: \(String(cString: strerror(errno)))")
        }
    }

    /// The resolved target, or an error (exit status 1) when DIR cannot be written: its parent does
    /// not exist, it is a file, it is or holds an input, or it holds files parcels did not write; or
    /// when SOURCE_DATE_EPOCH, which results.gpkg would record, is not a time.
    @discardableResult
    static func check(_ path: String, inputs: [String]) throws -> String {
        func refuse(_ why: String) -> InputError { InputError(file: "--out \(path)", reason: why) }
        // An empty path is the working directory to the file system: never what was meant.
        if path.trimmingCharacters(in: .whitespaces).isEmpty {
            throw InputError(file: "--out", reason: "the directory's name is empty; name a new directory")
        }
        try checkSourceDateEpoch()
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let parent = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw refuse("directory \(parent) does not exist")
        }
        let target = realPath(url.path)
        if target == "/" || url.lastPathComponent == ".." { throw refuse("not a directory parcels can replace") }
        for input in inputs {
            guard let source = inputSource(input) else { continue }
            let real = realPath(source)
            if real == target || real.hasPrefix(target + "/") {
                throw refuse("\(input) is an input; choose a directory that holds no input")
            }
        }
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw refuse("exists and is not a directory") }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
            let foreign = entries.filter { !knownNames.contains($0) }.sorted()
            if !foreign.isEmpty {
                throw refuse("holds files parcels did not write (\(foreign.prefix(3).joined(separator: ", "))\(foreign.count > 3 ? ", …" : "")); choose a new or empty directory")
            }
        }
        return target
    }

    /// Writes one text file into the staging directory (flushed to disk before the swap).
    mutating func write(_ name: String, _ text: String) throws {
        try write(name) { fd in writeAll(fd, Array(text.utf8)) == nil }
    }

    /// Writes `json` and a newline into the staging directory as it is made (`JSON.stream`).
    mutating func write(_ name: String, json: JSON) throws {
        try write(name) { fd in json.stream(indent: 2) { writeAll(fd, $0) == nil } }
    }

    /// Creates `name` and has `fill` write it (false when a write failed), then flushes it to disk.
    private mutating func write(_ name: String, _ fill: (Int32) -> Bool) throws {
        let path = staging + "/" + name
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("cannot create \(name)") }
        defer { close(fd) }
        guard fill(fd), fsync(fd) == 0 else { throw failure("cannot write \(name)") }
        written.append(name)
    }

    /// Writes the result layers as one GeoPackage into the staging directory. It touches that file
    /// only, so it may run on another thread while texts are written; `added` records it afterwards.
    func writeLayers(_ name: String, _ layers: [ResultLayer]) throws {
        try writeResultLayers(staging + "/" + name, layers, protectedPaths: inputs)
    }

    /// Records a file written into the staging directory by `writeLayers`.
    mutating func added(_ name: String) { written.append(name) }

    /// Puts the staging directory in DIR's place in one step, and removes the previous output.
    func commit() throws {
        let parent = (target as NSString).deletingLastPathComponent
        if renameAt2(staging, target, flags: renameNoReplace) == 0 || (errno != EEXIST && errno != ENOTEMPTY && !exists(target) && rename(staging, target) == 0) {
            syncDirectory(parent)
            return
        }
        // DIR exists: exchange the two directories atomically, then remove the old one (now at `staging`).
        if renameAt2(staging, target, flags: renameExchange) == 0 {
            syncDirectory(parent)
            try? FileManager.default.removeItem(atPath: staging)
            return
        }
        // No RENAME_EXCHANGE here (old kernel or file system): move DIR aside, then the new one in.
        // Killed between the two renames, DIR is absent and the old output stays hidden beside it.
        let old = "\(parent)/.\((target as NSString).lastPathComponent).parcels-old-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard rename(target, old) == 0 else { throw failure("cannot move the previous \(shown) aside") }
        guard rename(staging, target) == 0 else {
            let cause = errno
            _ = rename(old, target)
            errno = cause
            throw failure("cannot move the new output into place")
        }
        syncDirectory(parent)
        try? FileManager.default.removeItem(atPath: old)
    }

    /// Removes the staging directory after a failure.
    func abandon() {
        try? FileManager.default.removeItem(atPath: staging)
    }

    private func failure(_ what: String) -> InputError {
        InputError(file: "--out \(shown)", reason: "\(what): \(String(cString: strerror(errno)))")
    }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Hidden directories beside DIR left by runs that were killed (their process is gone).
    private static func removeLeftovers(in parent: String, base: String) {
        let prefixes = [".\(base).parcels-tmp-", ".\(base).parcels-old-"]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] {
            guard let prefix = prefixes.first(where: { entry.hasPrefix($0) }) else { continue }
            let pid = entry.dropFirst(prefix.count).split(separator: "-").first.flatMap { Int32($0) }
            guard let pid, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
        }
    }
}

/// The file behind an input spec (`path`, `path:layer`), nil for a database connection.
func inputSource(_ spec: String) -> String? {
    if spec.uppercased().hasPrefix("PG:") { return nil }
    if FileManager.default.fileExists(atPath: spec) { return spec }
    if let colon = spec.lastIndex(of: ":") {
        let path = String(spec[..<colon]), name = spec[spec.index(after: colon)...]
        if !path.isEmpty, !name.isEmpty, !name.contains("/") { return path }
    }
    return spec
}

/// The canonical absolute path: symlinks resolved; for a path that does not exist yet, its resolved
/// directory plus its name. Wraps `realpath(3)`.
func realPath(_ path: String) -> String {
    if let resolved = realpath(path, nil) {
        defer { free(resolved) }
        return String(cString: resolved)
    }
    let url = URL(fileURLWithPath: path).standardizedFileURL
    let directory = url.deletingLastPathComponent().path
    guard let resolved = realpath(directory, nil) else { return url.path }
    defer { free(resolved) }
    return String(cString: resolved) + "/" + url.lastPathComponent
}

private let renameNoReplace: UInt32 = 1   // RENAME_NOREPLACE, linux/fs.h
private let renameExchange: UInt32 = 2    // RENAME_EXCHANGE

/// renameat2(2), looked up at run time: Glibc's module does not declare it (it needs _GNU_SOURCE).
/// Returns -1 with errno ENOSYS where it does not exist.
private func renameAt2(_ from: String, _ to: String, flags: UInt32) -> Int32 {
    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    #if os(Linux)
    guard let symbol = dlsym(nil, "renameat2") else { errno = ENOSYS; return -1 }
    return unsafeBitCast(symbol, to: RenameAt2.self)(AT_FDCWD, from, AT_FDCWD, to, flags)
    #else
    errno = ENOSYS
    return -1
    #endif
}

/// Makes the renames durable. Wraps `fsync(2)` on the directory.
private func syncDirectory(_ path: String) {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if fd >= 0 { _ = fsync(fd); close(fd) }
}
