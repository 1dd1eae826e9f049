// Writing a file so that readers see the old file or the whole new one, never a part: write under a
// temporary name in the same directory, then rename(2) onto the target; on any failure remove the
// temporary file. Also refuses to replace any input the caller names.

import Foundation

/// Checks `path` may be written: its directory exists, it is not a directory, and it is none of
/// `protectedPaths` (input specs or paths, compared by real path, so a symlink or `./` cannot hide
/// an input). Returns the real path of the target.
func checkWritable(_ path: String, protectedPaths: [String]) throws(GeoIOError) -> String {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
          isDirectory.boolValue
    else { throw GeoIOError(file: path, reason: "directory \(directory) does not exist") }
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw GeoIOError(file: path, reason: "is a directory")
    }
    let target = realPath(path)
    for input in protectedPaths {
        let source = LayerSpec(input).source
        if realPath(source) == target || realPath(input) == target {
            throw GeoIOError(file: path, reason: "refusing to overwrite an input layer")
        }
    }
    return target
}

/// Writes through `write`, which is handed a temporary path next to `path`, then renames it onto
/// `path`. `write` must have closed the file before it returns. Wraps `rename(2)`.
func atomically(
    _ path: String, protectedPaths: [String], _ write: (String) throws(GeoIOError) -> Void
) throws(GeoIOError) {
    let target = try checkWritable(path, protectedPaths: protectedPaths)
    let url = URL(fileURLWithPath: target)
    let directory = url.deletingLastPathComponent().path
    let suffix = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let temporary = "\(directory)/.\(url.lastPathComponent).tmp-\(suffix)"
    do throws(GeoIOError) {
        try write(temporary)
        guard rename(temporary, target) == 0 else {
            let cause = String(cString: strerror(errno))
            throw GeoIOError(file: path, reason: "cannot rename the temporary file into place: \(cause)")
        }
    } catch {
        removeTemporary(temporary)
        throw error
    }
}

/// Removes a temporary file and the SQLite side files a failed GeoPackage write may leave.
private func removeTemporary(_ path: String) {
    for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
}

/// The canonical absolute path: symlinks resolved; for a file that does not exist yet, its resolved
/// directory plus its name. Wraps `realpath(3)`.
func realPath(_ path: String) -> String {
    if let resolved = realpath(path, nil) {
        defer { free(resolved) }
        return String(cString: resolved)
    }
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    guard let resolved = realpath(directory, nil) else { return url.standardizedFileURL.path }
    defer { free(resolved) }
    return String(cString: resolved) + "/" + url.lastPathComponent
}
