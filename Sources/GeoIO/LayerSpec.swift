// How a user names a layer: `path`, `path:layer`, or a `PG:` connection string. The suffix after the
// last ':' is a layer name only when the whole text is not itself an existing path.

import CGDAL
import Foundation

/// A parsed layer spec: what GDAL opens, and the layer asked for, if any.
struct LayerSpec {
    /// The path or connection string handed to GDAL.
    let source: String
    /// The layer named after the last ':', if any.
    let layerName: String?
    /// `source` as shown in messages: a `PG:` password is masked.
    let display: String

    var isConnection: Bool { source.uppercased().hasPrefix("PG:") }

    init(_ spec: String) {
        var source = spec
        var layerName: String? = nil
        if !spec.uppercased().hasPrefix("PG:"), pathNature(spec) == .missing,
           let colon = spec.lastIndex(of: ":")
        {
            let path = String(spec[..<colon])
            let name = String(spec[spec.index(after: colon)...])
            if !path.isEmpty, !name.isEmpty, !name.contains("/") {
                source = path
                layerName = name
            }
        }
        self.source = source
        self.layerName = layerName
        self.display = maskPassword(source)
    }
}

enum PathNature { case missing, file, directory }

/// Whether `path` exists, and whether it is a directory. GDAL virtual paths (`/vsizip/…`) are asked
/// of GDAL, which reports existence only. Wraps `VSIStatExL`.
func pathNature(_ path: String) -> PathNature {
    if path.hasPrefix("/vsi") {
        // VSIStatBufL is `struct stat64`, which Swift does not import by that name: give GDAL room.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1024, alignment: 16)
        defer { buffer.deallocate() }
        let found = VSIStatExL(path, OpaquePointer(buffer), Int32(VSI_STAT_EXISTS_FLAG)) == 0
        return found ? .file : .missing
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
    return isDirectory.boolValue ? .directory : .file
}

/// The connection string with any `password=…` value replaced by `***`.
func maskPassword(_ source: String) -> String {
    guard source.uppercased().hasPrefix("PG:"),
          let range = source.range(of: "password=", options: .caseInsensitive)
    else { return source }
    let rest = source[range.upperBound...]
    let end = rest.firstIndex(where: { $0 == " " }) ?? source.endIndex
    return source.replacingCharacters(in: range.upperBound..<end, with: "***")
}
