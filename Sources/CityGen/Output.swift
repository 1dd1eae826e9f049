// Output.swift — writing a City: `city.gpkg` (six layers), `claims.csv` (a `wkt` column in lon/lat),
// `truth.json`, and optionally one GeoJSON file per layer. Every file is written under a temporary
// name and renamed into place. The before layer may be written in another CRS (`beforeCRS`) to
// exercise reprojection; everything else is lon/lat (EPSG:4326).

import Foundation
import GeoIO
import Proj

extension City {
    public enum Format: String, Sendable, CaseIterable {
        /// city.gpkg with the six layers, plus claims.csv and truth.json.
        case gpkg
        /// districts.geojson, parcels.geojson, before.geojson, after.geojson, exclusions.geojson, claims.geojson.
        case geojson
    }

    /// Writes the city into `directory` (created if missing). With `beforeCRS` (e.g. "EPSG:32651")
    /// the GeoPackage's before layer is written projected into that CRS. The GeoPackage's
    /// timestamps come from GDAL's `OGR_CURRENT_DATE` when set (the command line sets it), so that
    /// the same city gives the same bytes.
    ///
    /// `spatialIndex` (the default) adds the GeoPackage R-tree index GIS programs use: for a million
    /// buildings 3.4 s more than the rows' 8.1 s, and 86 MB (GeoIO packs the index whole).
    public func write(to directory: String, formats: Set<Format> = [.gpkg], beforeCRS: String? = nil,
                      spatialIndex: Bool? = nil) throws(CityGenError) {
        do {
            try writeFiles(to: directory, formats: formats, beforeCRS: beforeCRS,
                           spatialIndex: spatialIndex ?? true)
        } catch let error as CityGenError {
            throw error
        } catch {
            throw CityGenError("cannot write \(directory): \(error)")
        }
    }

    private func writeFiles(to directory: String, formats: Set<Format>, beforeCRS: String?, spatialIndex: Bool) throws {
        if let crs = beforeCRS {   // a CRS PROJ does not know fails before any file is written
            do { _ = try Transformer(from: CityGen.crs, to: crs) } catch {
                throw CityGenError("cannot project the before layer into \(crs): \(error)")
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw CityGenError("cannot create the directory \(directory): \(reason)")
        }
        if formats.contains(.gpkg) {
            // The text files first: their buffers are gone before the GeoPackage rows are built.
            try Self.writeStreaming(to: directory + "/claims.csv") { sink in try writeClaimsCSV(to: sink) }
            try Self.writeAtomically(truth.jsonBytes(), to: directory + "/truth.json")
            let projectBefore = beforeCRS.flatMap { $0 == CityGen.crs ? nil : $0 }
            let outputs = try layers.map { layer in
                if let crs = projectBefore, layer.name == before.name { return try layer.outputLayer(projectedTo: crs) }
                return layer.outputLayer()
            }
            try writeGeoPackage(directory + "/city.gpkg", layers: outputs, spatialIndex: spatialIndex)
        }
        if formats.contains(.geojson) {
            for layer in layers {
                try Self.writeStreaming(to: directory + "/\(layer.name).geojson") { sink in try layer.writeGeoJSON(to: sink) }
            }
        }
    }

    /// The claims as CSV: the claim fields, then `wkt` (lon/lat polygon, 9 decimals). UTF-8, LF.
    public func claimsCSV() -> [UInt8] {
        let sink = ByteSink(file: nil)
        try? writeClaimsCSV(to: sink)
        return sink.buffer
    }

    func writeClaimsCSV(to sink: ByteSink) throws {
        let header = claims.fields.map(\.name) + ["wkt"]
        sink.buffer += header.joined(separator: ",") + "\n"
        for i in 0..<claims.count {
            for value in claims.values(i) {
                switch value {
                case .null: break
                case .int(let n): Text.appendInt(n, to: &sink.buffer)
                case .double(let x): Text.appendFixed(x, 2, to: &sink.buffer)
                case .string(let s): sink.buffer += s   // our values hold no commas, quotes or newlines
                }
                sink.buffer.append(UInt8(ascii: ","))
            }
            sink.buffer.append(UInt8(ascii: "\""))
            Text.appendWKT(claims.rings.flat(i), to: &sink.buffer)
            sink.buffer += "\"\n"
            try sink.flushIfFull()
        }
    }

    /// Streams a file under a temporary name next to `path`, then renames it into place.
    static func writeStreaming(to path: String, _ body: (ByteSink) throws -> Void) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard let file = fopen(temporary, "wb") else {
            throw CityGenError("cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        let sink = ByteSink(file: file)
        do {
            try body(sink)
            try sink.flush()
            let closedCleanly = fclose(file) == 0
            sink.closed = true
            guard closedCleanly, rename(temporary, path) == 0 else {
                throw CityGenError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            if !sink.closed { fclose(file) }
            unlink(temporary)
            throw error
        }
    }

    /// Writes `bytes` under a temporary name next to `path`, then renames it into place.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard let file = fopen(temporary, "wb") else {
            throw CityGenError("cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file) == 0
        guard written == bytes.count, closed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CityGenError("cannot write \(path): \(reason)")
        }
    }
}

/// A byte buffer flushed to a file every few megabytes (or kept whole when there is no file).
final class ByteSink {
    var buffer: [UInt8] = []
    let file: UnsafeMutablePointer<FILE>?
    var closed = false
    init(file: UnsafeMutablePointer<FILE>?) { self.file = file; buffer.reserveCapacity(1 << 22) }

    func flushIfFull() throws { if file != nil && buffer.count >= 1 << 22 { try flush() } }

    func flush() throws {
        guard let file, !buffer.isEmpty else { return }
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == buffer.count else { throw CityGenError("cannot write: \(String(cString: strerror(errno)))") }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension CityLayer {
    /// The layer as an RFC 7946 GeoJSON FeatureCollection (lon/lat, 9 decimals), written directly:
    /// GDAL's GeoJSON writer takes minutes for a million buildings, this takes seconds.
    func writeGeoJSON(to sink: ByteSink) throws {
        sink.buffer += "{\"type\": \"FeatureCollection\", \"name\": "
        Text.appendJSON(name, to: &sink.buffer)
        sink.buffer += ", \"features\": ["
        for i in 0..<count {
            sink.buffer += i == 0 ? "\n" : ",\n"
            sink.buffer += "{\"type\": \"Feature\", \"properties\": {"
            for (k, field) in fields.enumerated() {
                if k > 0 { sink.buffer += ", " }
                Text.appendJSON(field.name, to: &sink.buffer)
                sink.buffer += ": "
                switch columns[k][i] {
                case .null: sink.buffer += "null"
                case .int(let n): Text.appendInt(n, to: &sink.buffer)
                case .double(let x): sink.buffer += x.isFinite ? String(x) : "null"
                case .string(let s): Text.appendJSON(s, to: &sink.buffer)
                }
            }
            sink.buffer += "}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [["
            let ring = rings.flat(i)
            var p = ring.startIndex
            while p < ring.endIndex {
                sink.buffer += "["
                Text.appendFixed(ring[p], 9, to: &sink.buffer)
                sink.buffer += ", "
                Text.appendFixed(ring[p + 1], 9, to: &sink.buffer)
                sink.buffer += "], "
                p += 2
            }
            sink.buffer += "["
            Text.appendFixed(ring[ring.startIndex], 9, to: &sink.buffer)
            sink.buffer += ", "
            Text.appendFixed(ring[ring.startIndex + 1], 9, to: &sink.buffer)
            sink.buffer += "]]]}}"
            try sink.flushIfFull()
        }
        sink.buffer += "\n]}\n"
    }

    /// The layer as GeoIO writes it: polygons in EPSG:4326.
    public func outputLayer() -> OutputLayer {
        var rows: [(wkb: [UInt8]?, values: [FieldValue])] = []
        rows.reserveCapacity(count)
        for i in 0..<count { rows.append((wkb(i), values(i))) }
        return OutputLayer(name: name, crs: CityGen.crs, geometryType: .polygon, fields: fields, rows: rows)
    }

    /// The layer reprojected into `crs`.
    public func outputLayer(projectedTo crs: String) throws -> OutputLayer {
        let transformer: Transformer
        do { transformer = try Transformer(from: CityGen.crs, to: crs) } catch {
            throw CityGenError("cannot project the before layer into \(crs): \(error)")
        }
        var projected = rings
        try projected.replaceCoordinates { try transformer.forward(&$0) }
        var rows: [(wkb: [UInt8]?, values: [FieldValue])] = []
        rows.reserveCapacity(count)
        for i in 0..<count { rows.append((Self.polygonWKB(projected.flat(i)), values(i))) }
        return OutputLayer(name: name, crs: crs, geometryType: .polygon, fields: fields, rows: rows)
    }
}
