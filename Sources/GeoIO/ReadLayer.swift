// Reading one layer of any vector source GDAL opens into a `Layer`: open read-only, pick the layer,
// settle its CRS, then read every feature's fields and geometry in a single pass.

import CGDAL
import Foundation

/// Reads a whole layer into memory.
///
/// - `spec`: a path (`parcels.geojson`), a path and a layer (`city.gpkg:parcels`), or a `PG:`
///   connection string. When the whole spec is not an existing path and does not start with `PG:`,
///   the text after a ':' names a layer: after the first ':' whose prefix is an existing file (a
///   layer name may hold ':'), else after the last.
/// - Layer choice without a name: the dataset's only layer; when it has several, the first whose
///   geometry is polygonal (its declared type, or when it declares none, its first geometry); when
///   none is, the first layer. With more than one layer with geometries, `Layer.notes` names the
///   one read and the others.
/// - CRS: the layer's own, as "EPSG:n" or WKT2. A layer without one is an error unless `assumeCRS` is
///   given; a CSV (WKT column `wkt`, `geometry`, `geom` or `the_geom`) is EPSG:4326 unless `assumeCRS`
///   says otherwise. `assumeCRS` never overrides a CRS the layer has. A GeoPackage's undefined SRS
///   is no CRS; so is a local (engineering) CRS, which says nothing of where on the Earth the layer
///   lies (`Layer.notes` says when `assumeCRS` replaced one). A geocentric, vertical-only or
///   non-Earth CRS, the layer's or `assumeCRS`, is an error.
/// - A CSV's geometry may carry PostGIS's SRID (EWKT `SRID=n;POLYGON…`, or hex EWKB): the first
///   geometry's SRID is the layer's CRS when the layer declares none (before `assumeCRS`); a row whose
///   SRID is not the layer's CRS has no geometry, with the reason in `Feature.problem`.
/// - Geometries come out as 2D little-endian ISO WKB, curves linearised, Z and M dropped
///   (`Layer.droppedZM` says when).
///
/// The source is opened read-only and never written. Wraps `GDALOpenEx` and `OGR_L_GetNextFeature`.
public func readLayer(_ spec: String, assumeCRS: String? = nil, fields: Set<String>? = nil) throws(GeoIOError) -> Layer {
    var whole: Layer?
    let header = try readLayer(spec, assumeCRS: assumeCRS, fields: fields, batch: .max) { whole = $0; return true }
    return whole ?? header
}

/// `readLayer` a batch at a time, for layers too large to hold twice: `consume` gets each run of up
/// to `batch` features in read order (as a `Layer` with the layer's name, CRS and fields; feature
/// `index` counts from the start of the layer) and returns false to stop reading. Returns the layer
/// without features, `droppedZM` as it stands at the end. The same errors as `readLayer`, thrown
/// when met: batches before a bad feature have been consumed.
///
/// `fields`, when given, names the only fields to read (exact names; absent ones are simply not
/// there): GDAL is told to skip the others (`OGR_L_SetIgnoredFields`), which a survey with dozens of
/// attributes otherwise pays for in reading time and in memory. `Layer.fieldNames` still lists all.
public func readLayer(_ spec: String, assumeCRS: String? = nil, fields wanted: Set<String>? = nil, batch: Int,
                      _ consume: (Layer) -> Bool) throws(GeoIOError) -> Layer {
    try readLayer(spec, assumeCRS: assumeCRS, fields: wanted, batch: batch, bypassingGDAL: true, consume)
}

/// `readLayer`, with GeoPackage files read through SQLite and plain CSV files split by `CSVRecords`
/// where they can be, or always through GDAL (`bypassingGDAL` false: tests and the claims fuzz target
/// compare the two).
func readLayer(_ spec: String, assumeCRS: String? = nil, fields wanted: Set<String>? = nil, batch: Int, bypassingGDAL: Bool,
               _ consume: (Layer) -> Bool) throws(GeoIOError) -> Layer {
    precondition(batch > 0, "a batch holds at least one feature")
    return try quietly { () throws(GeoIOError) -> Layer in
        let target = LayerSpec(spec)
        let dataset = try openVector(target)
        let (layer, choiceNote) = try chooseLayer(in: dataset, target)
        let name = layerName(layer)
        let driver = dataset.driverName
        func failure(_ reason: String, feature: Int? = nil, fid: Int64? = nil) -> GeoIOError {
            GeoIOError(file: target.display, layer: name, feature: feature, fid: fid, reason: reason)
        }

        guard let definition = OGR_L_GetLayerDefn(layer) else {
            throw failure(withGDALDetail("cannot read the layer's definition"))
        }
        guard OGR_FD_GetGeomFieldCount(definition) > 0 else {
            throw failure(driver == "CSV"
                ? "no geometry column (a CSV needs a WKT column named wkt, geometry, geom or the_geom)"
                : "has no geometry column")
        }
        // Field names and how to read each, looked up once. A CSV's WKT column is read as text and
        // parsed here (see `csvGeometry`), not listed as a field.
        let wktColumn = driver == "CSV" ? csvGeometryColumn(definition) : nil
        let firstSRID = wktColumn.flatMap { csvFirstSRID(layer, column: $0) }
        let (crs, crsAssumed, crsNote) = try layerCRS(layer, driver: driver, assumeCRS: assumeCRS, firstSRID: firstSRID) {
            failure($0, feature: $1?.feature, fid: $1?.fid)
        }
        let notes = [choiceNote, crsNote].compactMap { $0 }
        var fieldNames: [String] = []                   // all of them
        var readNames: [String] = []                    // those read
        var ignored: [String] = []
        var readers: [(index: Int32, reader: FieldReader, type: OGRFieldType)] = []
        let fields = (0..<OGR_FD_GetFieldCount(definition)).compactMap { index -> (Int32, OGRFieldDefnH, String)? in
            guard index != wktColumn, let field = OGR_FD_GetFieldDefn(definition, index) else { return nil }
            return (index, field, driver == "ESRI Shapefile"
                ? shapefileFieldName(OGR_Fld_GetNameRef(field), wanted: wanted)
                : String(cString: OGR_Fld_GetNameRef(field)))
        }
        let caseless = caselessMatches(fields.map(\.2), wanted: wanted)
        for (index, field, name) in fields {
            let fieldName = caseless[name] ?? name
            fieldNames.append(fieldName)
            if let wanted, !wanted.contains(fieldName) { ignored.append(fieldName); continue }
            readNames.append(fieldName)
            readers.append((index, FieldReader(field), OGR_Fld_GetType(field)))
        }
        // A CSV's geometry is parsed here from its column's text (see `csvGeometry`): GDAL is told not
        // to make its own from the WKT (more than half of its reading time).
        if wanted != nil { ignored.append("OGR_STYLE") }
        if wktColumn != nil { ignored.append("OGR_GEOMETRY") }
        // GDAL finds the fields to skip by name whatever their case: one named as a field read is
        // read after all (skipping DISTRICT skipped district).
        let readCaseless = Set(readNames.map { $0.lowercased() })
        ignored.removeAll { readCaseless.contains($0.lowercased()) }
        if !ignored.isEmpty { ignoreFields(layer, ignored) }

        var features: [Feature] = []
        // Asked only where the driver knows it: GDAL's CSV reader ignores `force` and tokenises the
        // whole file to count it (a second reading of a city's claims file, 2 % of a report).
        let expected = OGR_L_TestCapability(layer, OLCFastFeatureCount) != 0 ? OGR_L_GetFeatureCount(layer, 0) : -1
        if expected > 0 { features.reserveCapacity(min(batch, Int(expected))) }
        var table = FieldTable(schema: FieldSchema(readNames), reservingRows: min(batch, max(0, Int(expected))))
        var count = 0                                   // features read, all batches
        func batchOf(_ features: [Feature]) -> Layer {
            Layer(path: target.display, name: name, driver: driver, crs: crs, crsAssumed: crsAssumed,
                  fieldNames: fieldNames, features: features, droppedZM: droppedZM,
                  expectedCount: expected >= 0 ? Int(expected) : nil, notes: notes)
        }
        var values: [FieldValue] = []                   // one feature's, reused
        values.reserveCapacity(readers.count)
        var droppedZM = false
        var stopped = false                             // `consume` said stop
        var sridCheck = SRIDCheck(crs: crs, source: crsSource(firstSRID: firstSRID, crsAssumed: crsAssumed, assumeCRS: assumeCRS, driver: driver))
        func add(fid: Int64, wkb: [UInt8]?, problem: String?) {
            features.append(Feature(index: count, fid: fid, fields: FieldValues(table: table, row: table.append(values)),
                                    wkb: wkb, problem: problem))
            count += 1
            if features.count == batch {
                // Each batch has its own field table, let go with the batch.
                stopped = !consume(batchOf(features))
                features = []
                features.reserveCapacity(batch)
                table = FieldTable(schema: table.schema, reservingRows: batch)
            }
        }
        // The fields of the feature being read, `value(k)` for the k-th field read, into `values`; an
        // unreadable one is an error naming the field (every reading path below).
        func readFields(fid: Int64, _ value: (Int) throws(FieldFailure) -> FieldValue) throws(GeoIOError) {
            values.removeAll(keepingCapacity: true)
            for k in readNames.indices {
                do throws(FieldFailure) {
                    values.append(try value(k))
                } catch {
                    throw failure("field '\(readNames[k])': \(error.reason)\(encodingHint(driver))", feature: count + 1, fid: fid)
                }
            }
        }
        // A WKT column's geometry (`read` sets the EWKT SRID it found), refused when that SRID is not
        // the layer's CRS.
        func wktGeometry(_ read: (inout Int32?) throws(WKBFailure) -> ([UInt8]?, String?)) throws(WKBFailure) -> ([UInt8]?, String?) {
            var srid: Int32?
            let (wkb, problem) = try read(&srid)
            if let srid, wkb != nil, let conflict = sridCheck.conflict(srid) { return (nil, conflict) }
            return (wkb, problem)
        }

        // A GeoPackage file's rows straight from SQLite where it can (see GeoPackageRows).
        if driver == "GPKG", bypassingGDAL, !target.isConnection, !target.source.hasPrefix("/vsi"),
           let rows = GeoPackageRows(path: target.source, table: name,
                                     fidColumn: String(cString: OGR_L_GetFIDColumn(layer)),
                                     geometryColumn: String(cString: OGR_L_GetGeometryColumn(layer)),
                                     fields: Array(zip(readNames, readers.map(\.type)))) {
            while !stopped {
                do throws(SQLiteFailure) {
                    guard try rows.step() else { break }
                } catch {
                    throw failure(error.reason, feature: count + 1)
                }
                try readFields(fid: rows.fid) { k throws(FieldFailure) in try rows.value(k) }
                var wkb: [UInt8]?
                var problem: String?
                let geometry: GeoPackageRows.Geometry
                do throws(WKBFailure) {
                    geometry = try rows.geometry(droppedZM: &droppedZM)
                } catch {
                    throw failure(error.reason, feature: count + 1, fid: rows.fid)
                }
                switch geometry {
                case .none: break
                case .wkb(let bytes): wkb = bytes
                case .askGDAL:
                    // Not a GeoPackage geometry OGR reads (a SpatiaLite blob, garbage…): this one
                    // feature as GDAL's reader takes it.
                    CPLErrorReset()
                    guard let feature = OGR_L_GetFeature(layer, rows.fid) else {
                        problem = "unreadable geometry" + (gdalMessage().map { " (GDAL: \($0))" } ?? "")
                        break
                    }
                    defer { OGR_F_Destroy(feature) }
                    do throws(WKBFailure) {
                        (wkb, problem) = try gdalGeometry(feature, message: gdalMessage(), droppedZM: &droppedZM)
                    } catch {
                        throw failure(error.reason, feature: count + 1, fid: rows.fid)
                    }
                }
                add(fid: rows.fid, wkb: wkb, problem: problem)
            }
        } else if driver == "CSV", bypassingGDAL, let wktColumn, !target.isConnection, !target.source.hasPrefix("/vsi"),
                  readers.allSatisfy({ $0.type == OFTString }),
                  let records = CSVRecords(path: target.source, fieldNames: (0..<OGR_FD_GetFieldCount(definition)).map {
                      String(cString: OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, $0)))
                  }) {
            // A plain CSV file's records split here as GDAL splits them (see CSVRecords); the fid is
            // the record's number, as GDAL gives it.
            var record = 0
            while !stopped, record < records.count {
                let fields = records.record(record)
                let fid = Int64(record + 1)
                try readFields(fid: fid) { k throws(FieldFailure) in
                    let column = Int(readers[k].index)
                    guard column < fields.count else { return .null }       // a short record
                    return try records.withText(fields[column]) { text in Result { () throws(FieldFailure) in try textValue(text) } }.get()
                }
                var wkb: [UInt8]?
                var problem: String?
                if Int(wktColumn) < fields.count {
                    do throws(WKBFailure) {
                        (wkb, problem) = try wktGeometry { srid throws(WKBFailure) in
                            try records.withText(fields[Int(wktColumn)]) { text in
                                Result { () throws(WKBFailure) in try csvGeometry(text, srid: &srid, droppedZM: &droppedZM) }
                            }.get()
                        }
                    } catch {
                        throw failure(error.reason, feature: count + 1, fid: fid)
                    }
                }
                add(fid: fid, wkb: wkb, problem: problem)
                record += 1
            }
        } else {
            OGR_L_ResetReading(layer)
            while !stopped {
                CPLErrorReset()
                guard let feature = OGR_L_GetNextFeature(layer) else {
                    if gdalFailed() {
                        throw failure(withGDALDetail("cannot read feature"), feature: count + 1)
                    }
                    break
                }
                defer { OGR_F_Destroy(feature) }
                // GeoJSONSeq passes over a line it cannot read (cut short) with an error and returns the
                // next feature whole: that line's land was lost without a word. An error, as a last line
                // it cannot read is (above); the number is the line passed over. (GeoJSON reads the whole
                // file at the first feature: its errors there are about the features it returns.)
                if driver == "GeoJSONSeq", gdalFailed(), OGR_F_GetGeometryRef(feature) != nil {
                    throw failure(withGDALDetail("cannot read feature"), feature: count + 1)
                }
                let fid = OGR_F_GetFID(feature)
                // GDAL's complaint while reading this feature, if any: why a geometry came out missing.
                let readMessage = gdalMessage()
                try readFields(fid: fid) { k throws(FieldFailure) in try readers[k].reader.value(of: feature, at: readers[k].index) }
                var wkb: [UInt8]?
                var problem: String?
                do throws(WKBFailure) {
                    if let wktColumn {
                        (wkb, problem) = try wktGeometry { srid throws(WKBFailure) in
                            try csvGeometry(feature, column: wktColumn, srid: &srid, droppedZM: &droppedZM)
                        }
                    } else {
                        (wkb, problem) = try gdalGeometry(feature, message: readMessage, droppedZM: &droppedZM)
                    }
                } catch {
                    throw failure(error.reason, feature: count + 1, fid: fid)
                }
                add(fid: fid, wkb: wkb, problem: problem)
            }
        }
        if stopped { return batchOf([]) }
        guard count > 0 else { throw failure("has no features") }
        if !features.isEmpty { _ = consume(batchOf(features)) }
        return batchOf([])
    }
}

/// A feature's geometry as GDAL read it (`takeWKB`); when there is none and reading it made GDAL
/// complain (`message`), that is the problem.
private func gdalGeometry(_ feature: OGRFeatureH, message: String?,
                          droppedZM: inout Bool) throws(WKBFailure) -> ([UInt8]?, String?) {
    let wkb = try takeWKB(from: feature, droppedZM: &droppedZM)
    return (wkb, wkb == nil ? message.map { "unreadable geometry (GDAL: \($0))" } : nil)
}

/// Opens `target` read-only as a vector dataset, with the CSV open options when GDAL identifies a CSV.
/// Wraps `GDALIdentifyDriverEx` and `GDALOpenEx`.
private func openVector(_ target: LayerSpec) throws(GeoIOError) -> Dataset {
    let nature: PathNature = target.isConnection ? .file : pathNature(target.source)
    switch nature {
    case .missing:
        throw GeoIOError(file: target.display, layer: target.layerName, reason: "file does not exist")
    case .unreadable(let cause):
        throw GeoIOError(file: target.display, layer: target.layerName, reason: "cannot be read (\(cause))")
    case .special(let kind):
        throw GeoIOError(file: target.display, layer: target.layerName,
                         reason: "is \(kind), not a file; parcels reads files and directories")
    case .file, .directory: break
    }
    let flags = UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY)
    var drivers: [String] = []
    var options: [String] = []
    if nature == .file, !target.isConnection,
       let driver = GDALIdentifyDriverEx(target.source, flags, nil, nil),
       String(cString: GDALGetDriverShortName(driver)) == "CSV"
    {
        drivers = ["CSV"]
        options = ["GEOM_POSSIBLE_NAMES=\(csvGeometryNames.joined(separator: ","))", "KEEP_GEOM_COLUMNS=YES"]
    }
    let allowed = CStringList(drivers)
    let openOptions = CStringList(options)
    CPLErrorReset()
    guard let handle = GDALOpenEx(target.source, flags, allowed.constList, openOptions.constList, nil)
    else {
        let reason: String
        if target.isConnection {
            reason = withGDALDetail("cannot open the connection")
        } else if nature == .directory {
            reason = "is a directory that is not a vector dataset"
        } else if let detail = gdalMessage(), !detail.contains("not recognized as a supported") {
            reason = "is not a vector data source GDAL can read (GDAL: \(detail))"
        } else {
            reason = "is not a vector data source GDAL can read"
        }
        throw GeoIOError(file: target.display, layer: target.layerName, reason: reason)
    }
    let dataset = Dataset(handle)
    // GDAL opens a Shapefile whose .dbf it cannot read without its fields, and says nothing (nor does
    // it list the .dbf among the dataset's files).
    if !target.isConnection {
        var parts = dataset.files
        if dataset.driverName == "ESRI Shapefile", nature == .file {
            let stem = (target.source as NSString).deletingPathExtension
            parts += ["dbf", "shx", "prj", "cpg", "DBF", "SHX", "PRJ", "CPG"].map { stem + "." + $0 }
        }
        for file in parts where file != target.source {
            if case .unreadable(let cause) = pathNature(file) {
                throw GeoIOError(file: target.display, layer: target.layerName,
                                 reason: "its part \(file) cannot be read (\(cause))")
            }
        }
    }
    return dataset
}

/// The named layer, or the one to use when none is named (see `readLayer`), with a note naming the
/// others when it was chosen among several layers with geometries. Wraps `GDALDatasetGetLayerByName`.
private func chooseLayer(in dataset: Dataset, _ target: LayerSpec) throws(GeoIOError) -> (OGRLayerH, String?) {
    let layers = dataset.layers
    if let name = target.layerName {
        let names = layers.map { "'\(layerName($0))'" }.joined(separator: ", ")
        if name.isEmpty {      // `city.gpkg:`
            throw GeoIOError(file: target.display, reason: "no layer name after ':'; name one (file:layer) of its layers \(names), or leave out the ':'")
        }
        if let layer = GDALDatasetGetLayerByName(dataset.handle, name) { return (layer, nil) }
        throw GeoIOError(
            file: target.display, layer: name,
            reason: layers.isEmpty ? "no such layer; the source has no layers"
                : "no such layer; the layers are \(names)")
    }
    guard let first = layers.first else {
        throw GeoIOError(file: target.display, reason: "contains no vector layers")
    }
    if layers.count == 1 { return (first, nil) }
    let chosen = layers.first(where: hasPolygons) ?? first
    // Tables without geometry (a QGIS `layer_styles`, attribute tables) are no alternative.
    let others = layers.filter { $0 != chosen && OGR_L_GetGeomType($0) != wkbNone }.map { "'\(layerName($0))'" }
    guard !others.isEmpty else { return (chosen, nil) }
    let how = chosen == first ? "the first layer" : "the first layer with polygons"
    return (chosen, "no layer named, so \(how) was read; the source also has \(others.joined(separator: ", ")) "
                  + "(name one as \(target.display):LAYER)")
}

/// Whether the layer holds polygons: its declared geometry type, or when it declares none (GeoJSON,
/// CSV), the type of its first geometry. Wraps `OGR_L_GetGeomType` and `OGR_GT_IsSubClassOf`.
private func hasPolygons(_ layer: OGRLayerH) -> Bool {
    var type = OGR_GT_Flatten(OGR_L_GetGeomType(layer))
    if type == wkbUnknown || type == wkbGeometryCollection {
        OGR_L_ResetReading(layer)
        defer { OGR_L_ResetReading(layer) }
        guard let feature = OGR_L_GetNextFeature(layer) else { return false }
        defer { OGR_F_Destroy(feature) }
        guard let geometry = OGR_F_GetGeometryRef(feature) else { return false }
        type = OGR_GT_Flatten(OGR_G_GetGeometryType(geometry))
    }
    return OGR_GT_IsSubClassOf(type, wkbCurvePolygon) != 0
        || OGR_GT_IsSubClassOf(type, wkbMultiSurface) != 0
}

/// The layer's CRS identifier, whether it was assumed rather than read from the source, and a note
/// when a local CRS the source declares was set aside for `assumeCRS`. `firstSRID`: a CSV's first
/// geometry's SRID and its feature. Wraps `OGR_L_GetSpatialRef`.
private func layerCRS(
    _ layer: OGRLayerH, driver: String, assumeCRS: String?, firstSRID: FirstSRID?,
    _ failure: (String, FirstSRID?) -> GeoIOError
) throws(GeoIOError) -> (String, Bool, String?) {
    var local: String?          // the name of a local CRS the source declares
    if let own = OGR_L_GetSpatialRef(layer), let reference = SpatialReference(copying: own) {
        switch reference.kind {
        case .earth:
            if let identifier = reference.identifier { return (identifier, false, nil) }
        case .undefined:
            break
        case .local:
            local = reference.name
        case .notHorizontal:
            throw failure("its CRS '\(reference.name)' is not a geographic or projected CRS on the Earth; "
                          + "reproject the layer (ogr2ogr -t_srs EPSG:4326)", nil)
        }
    }
    let setAside = local.map { "declares the local (engineering) CRS '\($0)', which has no known relation to the Earth; " }
    if let firstSRID {
        let srid = firstSRID.srid
        guard let reference = SpatialReference("EPSG:\(srid)"), reference.kind == .earth, let identifier = reference.identifier else {
            throw failure("SRID=\(srid) is not an EPSG geographic or projected CRS that GDAL knows", firstSRID)
        }
        return (identifier, false, setAside.map { $0 + "read in EPSG:\(srid), the SRID of its geometries" })
    }
    if let assumeCRS {
        guard let reference = SpatialReference(assumeCRS), let identifier = reference.identifier else {
            throw failure("--assume-crs '\(assumeCRS)' is not a CRS GDAL knows", nil)
        }
        guard reference.kind == .earth else {
            throw failure("--assume-crs '\(assumeCRS)' is not a geographic or projected CRS on the Earth", nil)
        }
        return (identifier, true, setAside.map { $0 + "read in --assume-crs \(assumeCRS)" })
    }
    if let local {
        throw failure("has no usable CRS: its CRS '\(local)' is a local (engineering) one, with no known relation "
                      + "to the Earth; pass --assume-crs CRS", nil)
    }
    if driver == "CSV" { return ("EPSG:4326", true, nil) }
    throw failure("has no CRS; pass --assume-crs CRS", nil)
}

/// Where a CSV layer's CRS came from, for the reason a row with another SRID is not read.
private func crsSource(firstSRID: FirstSRID?, crsAssumed: Bool, assumeCRS: String?, driver: String) -> String {
    if let firstSRID { return "SRID=\(firstSRID.srid) of \(featureName(firstSRID.feature, fid: firstSRID.fid))" }
    if !crsAssumed { return "declared by the source" }
    return assumeCRS != nil ? "--assume-crs" : "longitude/latitude, a CSV's default"
}

/// Whether a CSV row's SRID agrees with the layer's CRS (each SRID looked up once).
private struct SRIDCheck {
    let crs: String
    let source: String
    private var known: [Int32: String?] = [:]

    init(crs: String, source: String) { (self.crs, self.source) = (crs, source) }

    /// Why a geometry with `srid` cannot be read in the layer's CRS; nil when it can.
    mutating func conflict(_ srid: Int32) -> String? {
        if known[srid] == nil { known[srid] = .some(SpatialReference("EPSG:\(srid)")?.identifier) }
        if known[srid]! == crs { return nil }
        let shown = crs.hasPrefix("EPSG:") ? crs : "its own"
        return "SRID=\(srid) differs from the layer's CRS \(shown) (\(source))"
    }
}

/// A CSV's first geometry's SRID, and where it is: feature number and fid.
private struct FirstSRID {
    let srid: Int32
    let feature: Int
    let fid: Int64
}

/// The SRID of a CSV's first geometry (EWKT or hex EWKB) and its feature; nil when the first
/// geometry has none. Reads up to that row, then rewinds. Wraps `OGR_L_GetNextFeature`.
private func csvFirstSRID(_ layer: OGRLayerH, column: Int32) -> FirstSRID? {
    OGR_L_ResetReading(layer)
    defer { OGR_L_ResetReading(layer) }
    var count = 0
    while let feature = OGR_L_GetNextFeature(layer) {
        defer { OGR_F_Destroy(feature) }
        count += 1
        var srid: Int32?
        var droppedZM = false
        do throws(WKBFailure) {
            let (wkb, problem) = try csvGeometry(feature, column: column, srid: &srid, droppedZM: &droppedZM)
            if wkb == nil, problem == nil { continue }      // no geometry in this row
        } catch {
            return nil                                      // reported when the row is read
        }
        return srid.map { FirstSRID(srid: $0, feature: count, fid: OGR_F_GetFID(feature)) }
    }
    return nil
}

/// The column names a CSV's geometry may be in (WKT, or hex WKB), in GDAL's order of preference.
private let csvGeometryNames = ["wkt", "WKT", "geometry", "geom", "the_geom"]

/// The index of the text field GDAL took a CSV's geometry from (kept with `KEEP_GEOM_COLUMNS=YES`):
/// as GDAL does, the first column, in file order, with one of `csvGeometryNames`.
/// Wraps `OGR_FD_GetFieldDefn`.
private func csvGeometryColumn(_ definition: OGRFeatureDefnH) -> Int32? {
    let names = Set(csvGeometryNames.map { $0.lowercased() })
    for index in 0..<OGR_FD_GetFieldCount(definition) {
        guard let field = OGR_FD_GetFieldDefn(definition, index) else { continue }
        if names.contains(String(cString: OGR_Fld_GetNameRef(field)).lowercased()) { return index }
    }
    return nil
}

/// A CSV row's geometry, from the text of its WKT column. GDAL's CSV reader, given text that is not
/// WKT, decodes it as hex WKB whatever it holds, and can return a geometry of garbage coordinates
/// (`POLYGON((121.47 nan, …` became a point at y = 1.5e34 in GDAL 3.6): so the text is parsed here
/// as WKT, GDAL's own geometry is kept only for text that really is hex WKB, and anything else is no
/// geometry, with the reason. Wraps `OGR_G_CreateFromWkt`.
private func csvGeometry(
    _ feature: OGRFeatureH, column: Int32, srid: inout Int32?, droppedZM: inout Bool
) throws(WKBFailure) -> ([UInt8]?, String?) {
    srid = nil
    guard OGR_F_IsFieldSetAndNotNull(feature, column) != 0, let raw = OGR_F_GetFieldAsString(feature, column) else {
        return (nil, nil)
    }
    return try csvGeometry(UnsafeRawBufferPointer(start: raw, count: strlen(raw)), srid: &srid, droppedZM: &droppedZM)
}

/// `csvGeometry` of a WKT column's text (read in place: a city's claims file has hundreds of
/// thousands of rows, and no String is made unless the text is unreadable).
func csvGeometry(_ text: UnsafeRawBufferPointer, srid: inout Int32?, droppedZM: inout Bool) throws(WKBFailure) -> ([UInt8]?, String?) {
    srid = nil
    // The text's bytes, trimmed of ASCII white space.
    let length = text.count
    guard length > 0, let bytes = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return (nil, nil) }
    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
    var start = 0, end = length
    while start < end, isSpace(bytes[start]) { start += 1 }
    while end > start, isSpace(bytes[end - 1]) { end -= 1 }
    if start == end { return (nil, nil) }
    // PostGIS's EWKT: `SRID=n;` before the WKT (SRID 0 is PostGIS's "unknown").
    let prefix = Array("srid=".utf8)
    if end - start > prefix.count, (0..<prefix.count).allSatisfy({ bytes[start + $0] | 0x20 == prefix[$0] | 0x20 }) {
        var i = start + prefix.count
        var value: Int64 = 0
        while i < end, i - start < 16, bytes[i] >= 0x30, bytes[i] <= 0x39 { value = value * 10 + Int64(bytes[i] - 0x30); i += 1 }
        guard i > start + prefix.count, i < end, bytes[i] == UInt8(ascii: ";"), value <= Int64(Int32.max) else {
            return (nil, "unreadable EWKT: SRID=n; expected before the geometry")
        }
        srid = value == 0 ? nil : Int32(value)
        start = i + 1
        while start < end, isSpace(bytes[start]) { start += 1 }
        if start == end { return (nil, nil) }
    }
    func isHex(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) }
    if (end - start) % 2 == 0, (start..<end).allSatisfy({ isHex(bytes[$0]) }) {
        let wkb = try hexWKBGeometry(UnsafeBufferPointer(start: bytes + start, count: end - start), srid: &srid, droppedZM: &droppedZM)
        return (wkb, wkb == nil ? "unreadable hex WKB" : nil)
    }
    // Most claims files: a plain polygon, read here (see PlainWKT.swift); the rest by GDAL, from the
    // geometry's start to the text's end, NUL-terminated.
    if let wkb = plainPolygonWKB(UnsafeBufferPointer(start: bytes + start, count: end - start)) { return (wkb, nil) }
    let rest: [CChar] = UnsafeBufferPointer(start: bytes + start, count: length - start).map { CChar(bitPattern: $0) } + [0]
    return try rest.withUnsafeBufferPointer { (c: UnsafeBufferPointer<CChar>) throws(WKBFailure) -> ([UInt8]?, String?) in
        try gdalWKT(c.baseAddress!, length: end - start, droppedZM: &droppedZM)
    }
}

/// WKT read by GDAL (`raw`, null-terminated; its first `length` bytes shown in a message): the
/// geometry as `exportWKB` writes it, or the reason it is none. Wraps `OGR_G_CreateFromWkt`.
func gdalWKT(_ raw: UnsafePointer<CChar>, length: Int, droppedZM: inout Bool) throws(WKBFailure) -> ([UInt8]?, String?) {
    CPLErrorReset()
    var parsed: OGRGeometryH?
    var cursor: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: raw)
    let status = OGR_G_CreateFromWkt(&cursor, nil, &parsed)
    guard status == OGRERR_NONE, let parsed else {
        if let parsed { OGR_G_DestroyGeometry(parsed) }
        let text = String(decoding: UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: length), as: UTF8.self)
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return (nil, withGDALDetail("unreadable WKT '\(shown)'"))
    }
    return (try exportWKB(parsed, droppedZM: &droppedZM), nil)
}

/// The geometry of hex (E)WKB text, as GDAL's CSV reader decodes it (`OGRGeometryFromHexEWKB`, not in
/// GDAL's C API): PostGIS's SRID, when flagged, is taken out (into `srid`; 0 is none), and the rest
/// read by OGR, which knows the EWKB Z and M flags (`normalizedWKB`). Nil when OGR cannot read it.
func hexWKBGeometry(_ hex: UnsafeBufferPointer<UInt8>, srid: inout Int32?, droppedZM: inout Bool) throws(WKBFailure) -> [UInt8]? {
    func nibble(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10 }
    var wkb = [UInt8](repeating: 0, count: hex.count / 2)
    for i in wkb.indices { wkb[i] = nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]) }
    // EWKB: byte order, then a type whose 0x20000000 bit says a 4-byte SRID follows it.
    if wkb.count >= 9, wkb[0] <= 1 {
        let flagByte = wkb[0] == 1 ? 4 : 1
        if wkb[flagByte] & 0x20 != 0 {
            let raw = wkb[5..<9].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }     // as written: big-endian
            let value = Int32(bitPattern: wkb[0] == 1 ? raw.byteSwapped : raw)
            srid = value == 0 ? nil : value
            wkb[flagByte] &= ~0x20
            wkb.removeSubrange(5..<9)
        }
    }
    var decoded: Result<[UInt8]?, WKBFailure> = .success(nil)
    wkb.withUnsafeBytes { bytes in decoded = Result { () throws(WKBFailure) in try normalizedWKB(bytes, droppedZM: &droppedZM) } }
    return try decoded.get()
}

/// A Shapefile field's name, or the wanted name it is the start of. A .dbf keeps 10 bytes of a name:
/// 区域名称 (12 bytes in UTF-8) becomes 区域名 and one byte of 称, which is no text at all, and no
/// --zone-field or --by could name it (the error listed the field as 区域名�). A name cut so (at
/// least 7 bytes, a character or so short of 10: the whole name is longer) is taken for the wanted
/// name it begins. A name asked for as it is stays itself (a claims layer's `claimed_ar`).
private func shapefileFieldName(_ raw: UnsafePointer<CChar>, wanted: Set<String>?) -> String {
    let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: strlen(raw)))
    let name = String(decoding: bytes, as: UTF8.self)
    guard let wanted, !wanted.contains(name), bytes.count >= 7 else { return name }
    let longer = wanted.filter { $0.utf8.count > 10 && $0.utf8.count > bytes.count && $0.utf8.starts(with: bytes) }
    return longer.count == 1 ? longer.first! : name
}

/// Field names to be read as a wanted name that no field has exactly: the one field whose name is
/// that name in other letter case (`LAND_USE` for `land_use`, as an ArcGIS Shapefile has it; GDAL and
/// QGIS find fields so too). A wanted name that some field has exactly, or that two fields have in
/// other case, is left alone.
private func caselessMatches(_ names: [String], wanted: Set<String>?) -> [String: String] {
    guard let wanted else { return [:] }
    let present = Set(names)
    var renamed: [String: String] = [:]
    for name in wanted where !present.contains(name) {
        let matches = names.filter { $0.lowercased() == name.lowercased() }
        if matches.count == 1, renamed[matches[0]] == nil, !wanted.contains(matches[0]) { renamed[matches[0]] = name }
    }
    return renamed
}

/// After a field whose text is not UTF-8: how to tell GDAL the file's encoding.
private func encodingHint(_ driver: String) -> String {
    switch driver {
    case "ESRI Shapefile":
        "; if the .dbf is in GBK/GB18030, put a .cpg file beside the .shp containing 936 (or GB18030); if in Latin-1/Windows-1252 (Western European), containing 1252"
    case "CSV": "; save the file as UTF-8"
    default: "; the source's text must be UTF-8"
    }
}

/// Tells GDAL not to read these fields. Wraps `OGR_L_SetIgnoredFields`; a driver that cannot skip
/// them reads them anyway, and they are dropped here, so its answer does not matter.
private func ignoreFields(_ layer: OGRLayerH, _ names: [String]) {
    var pointers: [UnsafeMutablePointer<CChar>?] = names.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    pointers.append(nil)
    pointers.withUnsafeMutableBufferPointer { buffer in
        buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) {
            _ = OGR_L_SetIgnoredFields(layer, $0)
        }
    }
}
