// GDAL set-up shared by every reader and writer: driver registration (once per process), GDAL's
// thread-local error messages captured instead of printed, and C string lists for GDAL options.
import CGDAL
import CSQLite
import Foundation

/// Registers every GDAL/OGR driver, and lifts the GeoJSON reader's 200 MB limit on one object (a
/// whole FeatureCollection counts as one). Swift runs a global's initialiser exactly once,
/// thread-safely. Wraps `GDALAllRegister`.
private let driversRegistered: Bool = {
    // Before GDAL (or GeoIO's own SQLite reading and writing) first opens a GeoPackage.
    _ = parcels_sqlite_without_memory_statistics()
    if CPLGetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", nil) == nil {
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0")
    }
    GDALAllRegister()
    return true
}()

/// Runs `body` with GDAL's messages silenced on this thread and its last error cleared, so that a
/// failure's text can be read back with `gdalMessage()`. GDAL keeps the handler stack and the last
/// error per thread, so concurrent readers do not see each other's messages.
/// Wraps `CPLPushErrorHandler(CPLQuietErrorHandler)`.
func quietly<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    _ = driversRegistered
    CPLPushErrorHandler(CPLQuietErrorHandler)
    defer { CPLPopErrorHandler() }
    CPLErrorReset()
    return try body()
}

/// The text of the last GDAL error or warning on this thread, or nil when there is none.
/// Wraps `CPLGetLastErrorMsg`.
func gdalMessage() -> String? {
    guard CPLGetLastErrorType() != CE_None, let text = CPLGetLastErrorMsg() else { return nil }
    // On one line (a PostgreSQL connection failure is several): every message is one line on stderr.
    let message = String(cString: text).split(whereSeparator: \.isNewline)
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    return message.isEmpty ? nil : message
}

/// True when the last GDAL error on this thread is a failure (not a warning).
/// Wraps `CPLGetLastErrorType`.
func gdalFailed() -> Bool {
    let type = CPLGetLastErrorType()
    return type == CE_Failure || type == CE_Fatal
}

/// `reason`, followed by GDAL's own message when it has one: "cannot create layer (GDAL: …)".
func withGDALDetail(_ reason: String) -> String {
    guard let detail = gdalMessage() else { return reason }
    return "\(reason) (GDAL: \(detail))"
}

/// A NULL-terminated `char **` list (GDAL's CSL), freed when the list goes away.
/// Wraps `CSLAddString` and `CSLDestroy`.
final class CStringList {
    private(set) var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

    init(_ strings: [String]) {
        for string in strings { list = CSLAddString(list, string) }
    }

    deinit { CSLDestroy(list) }

    /// The list as GDAL's `CSLConstList` (`const char *const *`); nil when empty.
    var constList: UnsafePointer<UnsafePointer<CChar>?>? {
        guard let list else { return nil }
        return UnsafeRawPointer(list).assumingMemoryBound(to: UnsafePointer<CChar>?.self)
    }
}

/// An open GDAL dataset, closed when the last reference goes away. Wraps `GDALClose`.
final class Dataset {
    let handle: GDALDatasetH
    private var isOpen = true

    init(_ handle: GDALDatasetH) { self.handle = handle }

    deinit { close() }

    /// Closes the dataset now (a writer flushes its file here); later calls do nothing.
    func close() {
        guard isOpen else { return }
        isOpen = false
        GDALClose(handle)
    }

    /// The driver's short name ("GPKG", "ESRI Shapefile", "CSV"…). Wraps `GDALGetDriverShortName`.
    var driverName: String {
        guard let driver = GDALGetDatasetDriver(handle), let name = GDALGetDriverShortName(driver)
        else { return "" }
        return String(cString: name)
    }

    /// The files the dataset is made of (a Shapefile's .shp, .shx, .dbf, .prj, .cpg). Wraps `GDALGetFileList`.
    var files: [String] {
        guard let list = GDALGetFileList(handle) else { return [] }
        defer { CSLDestroy(list) }
        var files: [String] = []
        var index = 0
        while let file = list[index] {
            files.append(String(cString: file))
            index += 1
        }
        return files
    }

    /// The dataset's layers, in order. Wraps `GDALDatasetGetLayer`.
    var layers: [OGRLayerH] {
        (0..<GDALDatasetGetLayerCount(handle)).compactMap { GDALDatasetGetLayer(handle, $0) }
    }
}

/// A layer's name. Wraps `OGR_L_GetName`.
func layerName(_ layer: OGRLayerH) -> String {
    guard let name = OGR_L_GetName(layer) else { return "" }
    return String(cString: name)
}
