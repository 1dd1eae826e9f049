// Writing layers: a GeoPackage of several layers (the report's result layers) or one GeoJSON layer
// (test data), each written in full under a temporary name and renamed into place. GDAL makes every
// file and layer; a GeoPackage's rows and spatial index then go in through SQLite
// (GeoPackageFill.swift), other formats' rows through GDAL in one transaction.

import CGDAL
import Foundation

/// Writes `layers` into a new GeoPackage at `path`, replacing any file there only once the new one is
/// complete. Throws, writing nothing, when `path` is one of `protectedPaths` (the inputs: paths or
/// `path:layer` specs). `spatialIndex: false` leaves out the R-tree index GIS programs expect.
/// GDAL creates the file, its layers and their fields (`GDALCreate` with the `GPKG` driver); the rows
/// and the index are written by `fillGeoPackage`. The time the file records as each table's last
/// change is the time of writing, unless the environment fixes it (`fixedLastChange`): then the same
/// layers give the same bytes.
public func writeGeoPackage(
    _ path: String, layers: [OutputLayer], protectedPaths: [String] = [], spatialIndex: Bool = true
) throws(GeoIOError) {
    let lastChange = try fixedLastChange()
    try atomically(path, protectedPaths: protectedPaths) { (temporary: String) throws(GeoIOError) in
        let tables = try writeVectorFile(
            temporary, driver: "GPKG", layers: layers,
            layerOptions: ["SPATIAL_INDEX=\(spatialIndex ? "YES" : "NO")"], rows: false, shownAs: path)
        try quietly { () throws(GeoIOError) in
            try fillGeoPackage(temporary, layers: Array(zip(layers, tables)), lastChange: lastChange, shownAs: path)
        }
    }
}

/// The `last_change` a new GeoPackage records for its tables (the GeoPackage standard requires one,
/// by default the time of writing) when the environment fixes it: `SOURCE_DATE_EPOCH`, whole seconds
/// since 1970-01-01T00:00:00Z (the reproducible-builds.org convention), as "2016-09-01T00:00:00.000Z";
/// nil when it is unset or empty, or when GDAL's own `OGR_CURRENT_DATE` is set (GDAL has written that
/// already). A `SOURCE_DATE_EPOCH` that is not such a number is an error, as the convention asks, not
/// ignored (the error names SOURCE_DATE_EPOCH as its file). Wraps `CPLGetConfigOption`.
public func fixedLastChange() throws(GeoIOError) -> String? {
    guard let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], !text.isEmpty,
          CPLGetConfigOption("OGR_CURRENT_DATE", nil) == nil else { return nil }
    guard text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), text.utf8.count <= 12,
          let seconds = Int64(text), seconds <= 253_402_300_799 else {   // 9999-12-31T23:59:59Z
        throw GeoIOError(file: "SOURCE_DATE_EPOCH", reason: "'\(text)' is not a whole number of seconds since 1970-01-01T00:00:00Z (a GeoPackage records it as the time its tables last changed)")
    }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
}

/// Writes `layer` as a new GeoJSON file at `path`, atomically as `writeGeoPackage` does. A CRS other
/// than EPSG:4326 is recorded in the file's `crs` member. Wraps `GDALCreate` with the `GeoJSON` driver.
public func writeGeoJSON(
    _ path: String, layer: OutputLayer, protectedPaths: [String] = []
) throws(GeoIOError) {
    try atomically(path, protectedPaths: protectedPaths) { (temporary: String) throws(GeoIOError) in
        try writeVectorFile(temporary, driver: "GeoJSON", layers: [layer], shownAs: path)
    }
}

/// Creates a new file at `path` with GDAL's `driver` and writes `layers` into it, closing it before
/// returning; with `rows: false` only the layers and their fields. Not atomic: the public writers
/// call it on a temporary path. `layerOptions` are GDAL layer creation options (`ENCODING=CP936` for
/// a Shapefile). Errors name `shownAs`. Returns each layer's table as GDAL named it.
/// Wraps `GDALGetDriverByName`, `GDALCreate` and `GDALClose`.
@discardableResult
func writeVectorFile(
    _ path: String, driver: String, layers: [OutputLayer], layerOptions: [String] = [],
    rows: Bool = true, shownAs: String? = nil
) throws(GeoIOError) -> [CreatedTable] {
    try quietly { () throws(GeoIOError) -> [CreatedTable] in
        let shown = shownAs ?? path
        guard let driverHandle = GDALGetDriverByName(driver) else {
            throw GeoIOError(file: shown, reason: "GDAL has no \(driver) driver")
        }
        guard let handle = GDALCreate(driverHandle, path, 0, 0, 0, GDT_Unknown, nil) else {
            throw GeoIOError(file: shown, reason: withGDALDetail("cannot create the file"))
        }
        let dataset = Dataset(handle)
        var tables: [CreatedTable] = []
        for layer in layers {
            let (output, table) = try create(layer, in: dataset, options: layerOptions, shownAs: shown)
            if rows { try write(layer, into: output, of: dataset, shownAs: shown) }
            tables.append(table)
        }
        CPLErrorReset()
        dataset.close()
        if gdalFailed() {
            throw GeoIOError(file: shown, reason: withGDALDetail("cannot finish writing the file"))
        }
        return tables
    }
}

/// A layer's table as GDAL created it: the names SQL needs.
struct CreatedTable {
    let name: String
    let fidColumn: String
    let geometryColumn: String
    /// In the order of the layer's `fields`.
    let fieldColumns: [String]
}

/// Creates one layer with its fields. Wraps `GDALDatasetCreateLayer`, `OGR_L_CreateField` and the
/// name getters (`OGR_L_GetName`, `OGR_L_GetFIDColumn`, `OGR_L_GetGeometryColumn`, `OGR_Fld_GetNameRef`).
private func create(
    _ layer: OutputLayer, in dataset: Dataset, options: [String], shownAs shown: String
) throws(GeoIOError) -> (OGRLayerH, CreatedTable) {
    func failure(_ reason: String, row: Int? = nil) -> GeoIOError {
        GeoIOError(file: shown, layer: layer.name, feature: row, reason: reason)
    }
    guard let reference = SpatialReference(layer.crs) else {
        throw failure("CRS '\(layer.crs)' is not one GDAL knows")
    }
    let geometryType: OGRwkbGeometryType
    switch layer.geometryType {
    case .polygon: geometryType = wkbPolygon
    case .multipolygon: geometryType = wkbMultiPolygon
    case .point: geometryType = wkbPoint
    }
    let creationOptions = CStringList(options)
    guard let output = GDALDatasetCreateLayer(
        dataset.handle, layer.name, reference.handle, geometryType, creationOptions.list)
    else { throw failure(withGDALDetail("cannot create the layer")) }

    for field in layer.fields {
        let type: OGRFieldType
        switch field.kind {
        case .int: type = OFTInteger64
        case .double: type = OFTReal
        case .string: type = OFTString
        }
        guard let definition = OGR_Fld_Create(field.name, type) else {
            throw failure(withGDALDetail("cannot define field '\(field.name)'"))
        }
        defer { OGR_Fld_Destroy(definition) }
        guard OGR_L_CreateField(output, definition, 1) == OGRERR_NONE else {
            throw failure(withGDALDetail("cannot create field '\(field.name)'"))
        }
    }
    guard let definition = OGR_L_GetLayerDefn(output) else {
        throw failure(withGDALDetail("cannot read back the layer's definition"))
    }
    let fieldColumns = layer.fields.indices.map { String(cString: OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, Int32($0)))) }
    let table = CreatedTable(
        name: String(cString: OGR_L_GetName(output)), fidColumn: String(cString: OGR_L_GetFIDColumn(output)),
        geometryColumn: String(cString: OGR_L_GetGeometryColumn(output)), fieldColumns: fieldColumns)
    return (output, table)
}

/// Writes `layer`'s rows into `output` through GDAL, in a transaction when the driver has them.
/// Wraps `OGR_L_CreateFeature` and `GDALDatasetStartTransaction` / `GDALDatasetCommitTransaction`.
private func write(
    _ layer: OutputLayer, into output: OGRLayerH, of dataset: Dataset, shownAs shown: String
) throws(GeoIOError) {
    func failure(_ reason: String, row: Int? = nil) -> GeoIOError {
        GeoIOError(file: shown, layer: layer.name, feature: row, reason: reason)
    }
    guard let definition = OGR_L_GetLayerDefn(output) else {
        throw failure(withGDALDetail("cannot read back the layer's definition"))
    }
    let transaction = GDALDatasetTestCapability(dataset.handle, ODsCTransactions) != 0
        && GDALDatasetStartTransaction(dataset.handle, 0) == OGRERR_NONE
    for index in 0..<layer.rowCount {
        let row = layer.row(index)
        guard row.values.count == layer.fields.count else {
            throw failure("has \(row.values.count) values for \(layer.fields.count) fields", row: index + 1)
        }
        guard let feature = OGR_F_Create(definition) else {
            throw failure(withGDALDetail("cannot make a feature"), row: index + 1)
        }
        defer { OGR_F_Destroy(feature) }
        for (field, value) in row.values.enumerated() {
            let field = Int32(field)
            switch value {
            case .null: OGR_F_SetFieldNull(feature, field)
            case .int(let number): OGR_F_SetFieldInteger64(feature, field, number)
            case .double(let number): OGR_F_SetFieldDouble(feature, field, number)
            case .string(let text): OGR_F_SetFieldString(feature, field, text)
            }
        }
        if let wkb = row.wkb {
            guard let geometry = geometry(fromWKB: wkb, promoteToMulti: layer.geometryType == .multipolygon)
            else { throw failure(withGDALDetail("geometry is not valid WKB"), row: index + 1) }
            OGR_F_SetGeometryDirectly(feature, geometry)  // the feature takes ownership
        }
        guard OGR_L_CreateFeature(output, feature) == OGRERR_NONE else {
            throw failure(withGDALDetail("cannot write the feature"), row: index + 1)
        }
    }
    if transaction, GDALDatasetCommitTransaction(dataset.handle) != OGRERR_NONE {
        throw failure(withGDALDetail("cannot commit the rows"))
    }
}

/// A new 2D OGR geometry from WKB, a polygon made a multipolygon of one when asked; nil when the bytes
/// are not WKB. The caller owns the result. Wraps `OGR_G_CreateFromWkbEx`, `OGR_G_FlattenTo2D` and
/// `OGR_G_ForceToMultiPolygon`.
private func geometry(fromWKB wkb: [UInt8], promoteToMulti: Bool) -> OGRGeometryH? {
    var created: OGRGeometryH? = nil
    let status = wkb.withUnsafeBytes { bytes in
        OGR_G_CreateFromWkbEx(bytes.baseAddress, nil, &created, bytes.count)
    }
    guard status == OGRERR_NONE, var geometry = created else { return nil }
    if OGR_G_Is3D(geometry) != 0 || OGR_G_IsMeasured(geometry) != 0 {
        OGR_G_FlattenTo2D(geometry)
    }
    if promoteToMulti, OGR_GT_Flatten(OGR_G_GetGeometryType(geometry)) == wkbPolygon {
        geometry = OGR_G_ForceToMultiPolygon(geometry)  // consumes the polygon, returns its owner
    }
    return geometry
}
