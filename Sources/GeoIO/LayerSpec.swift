// How a user names a layer: `path`, `path:layer`, or a `PG:` connection string (`PG:…:layer`). When the whole text
// is not itself an existing path, the layer name follows the first ':' whose prefix is an existing
// file (so a layer name may hold ':'), else the last ':' (a directory of Shapefiles, or a path that
// does not exist, for the message).

import CGDAL
import Foundation

/// A parsed layer spec: what GDAL opens, and the layer asked for, if any.
struct LayerSpec {
    /// The path or connection string handed to GDAL.
    let source: String
    /// The layer named after the ':', if any.
    let layerName: String?
    /// `source` as shown in messages: a `PG:` password is masked.
    let display: String

    var isConnection: Bool { source.uppercased().hasPrefix("PG:") }

    init(_ spec: String) {
        var source = spec
        var layerName: String? = nil
        if spec.uppercased().hasPrefix("PG:") {
            // `PG:dbname=city:parcels`: a layer after the connection's last ':' when the last word has
            // that one ':' and what follows is a name (not a port, as in `host=db:5432`, and not part
            // of an IPv6 address, which has several).
            let lastWord = spec.dropFirst(3).split(separator: " ").last.map(String.init) ?? ""
            if let colon = spec.lastIndex(of: ":"), colon > spec.index(spec.startIndex, offsetBy: 2),
               lastWord.filter({ $0 == ":" }).count == 1 {
                let name = String(spec[spec.index(after: colon)...])
                if !name.isEmpty, !name.contains("="), !name.allSatisfy(\.isNumber) {
                    (source, layerName) = (String(spec[..<colon]), name)
                }
            }
        } else if pathNature(spec) == .missing {
            let colons = spec.indices.filter { spec[$0] == ":" }
            if let colon = colons.first(where: { pathNature(String(spec[..<$0])) == .file }) {
                // An empty name (`city.gpkg:`) is kept: the layer choice says it is missing.
                (source, layerName) = (String(spec[..<colon]), String(spec[spec.index(after: colon)...]))
            } else if let colon = colons.last {
                let path = String(spec[..<colon])
                let name = String(spec[spec.index(after: colon)...])
                if !path.isEmpty, !name.isEmpty, !name.contains("/") {
                    source = path
                    layerName = name
                }
            }
        }
        self.source = source
        self.layerName = layerName
        self.display = maskPassword(source)
    }
}

enum PathNature: Equatable {
    case missing, file, directory
    /// Exists but cannot be read (permission denied…): the system's reason.
    case unreadable(String)
    /// A named pipe, socket or device: GDAL would block on a pipe, or read a device forever.
    case special(String)
}

/// Whether `path` exists, is a regular file or a directory, and can be read. GDAL virtual paths
/// (`/vsizip/…`) are asked of GDAL, which reports existence only. A named pipe is never opened (that
/// would wait for a writer). Wraps `stat(2)`, `open(2)` and `VSIStatExL`.
func pathNature(_ path: String) -> PathNature {
    if path.hasPrefix("/vsi") {
        // VSIStatBufL is `struct stat64`, which Swift does not import by that name: give GDAL room.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1024, alignment: 16)
        defer { buffer.deallocate() }
        let found = VSIStatExL(path, OpaquePointer(buffer), Int32(VSI_STAT_EXISTS_FLAG)) == 0
        return found ? .file : .missing
    }
    var info = stat()
    guard stat(path, &info) == 0 else {
        return errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable(String(cString: strerror(errno)))
    }
    switch info.st_mode & S_IFMT {
    case S_IFDIR:
        return access(path, R_OK | X_OK) == 0 ? .directory : .unreadable(String(cString: strerror(errno)))
    case S_IFREG:
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .unreadable(String(cString: strerror(errno))) }
        close(descriptor)
        return .file
    case S_IFIFO: return .special("a named pipe")
    case S_IFSOCK: return .special("a socket")
    case S_IFCHR: return .special("a character device")
    case S_IFBLK: return .special("a block device")
    default: return .special("a special file")
    }
}

/// The connection string with any `password=…` value replaced by `***` (any other spec as it is):
/// how a layer spec is shown in messages and echoed in outputs.
public func maskPassword(_ source: String) -> String {
    guard source.uppercased().hasPrefix("PG:"),
          let range = source.range(of: "password=", options: .caseInsensitive)
    else { return source }
    let rest = source[range.upperBound...]
    let end = rest.firstIndex(where: { $0 == " " }) ?? source.endIndex
    return source.replacingCharacters(in: range.upperBound..<end, with: "***")
}
