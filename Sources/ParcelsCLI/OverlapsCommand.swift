// `parcels overlaps LAYER`: pairs of polygons that share land, and the invalid geometries repaired.
import ArgumentParser
import Parcels

struct OverlapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "overlaps",
        abstract: "Pairs of polygons that overlap (land counted twice), found through an STRtree.")

    @Argument(help: "A vector layer (path, or path:layer).") var layer: String
    @Option(name: .customLong("id-field"), help: "Name features by this field (default: the feature's id in its layer).") var idField: String?
    @Option(name: .customLong("min-area"), parsing: .unconditional, help: "Report pairs overlapping by more than this many m².") var minArea: Double = 0.01
    @Option(help: "Overlay CRS, projected in metres (default: the UTM zone of the data).") var crs: String?
    @Option(help: "Output format.") var format: TableFormat = .table
    @Option(help: "Area units for table, csv and markdown.") var units: AreaUnit = .m2
    @OptionGroup var common: CommonOptions

    func validate() throws {
        try requireFiniteAndNotNegative(["--min-area": minArea])
    }

    func run() throws {
        let raw = try readInput(layer, assumeCRS: common.assumeCRS, fields: Set([idField].compactMap { $0 }))
        if let idField, !raw.fieldNames.contains(idField) {
            throw InputError(file: raw.path, layer: raw.name, reason: "no field '\(idField)' (fields: \(raw.fieldNames.joined(separator: ", ")))")
        }
        let metric = try crs.map(Parcels.overlayCRS) ?? chooseMetricCRS(for: raw)
        let area = studyArea(of: raw)         // one datum transformation for the whole layer
        let prepared = try preparePolygons(raw, metricCRS: metric, area: area)
        try requirePolygons(prepared, role: "input")
        let result = try findOverlaps(prepared, idField: idField, minArea: minArea, metricCRS: metric)
        switch format {
        case .json:
            let top: [(String, JSON)] = [
                ("pairs", .array(result.pairs.map { .object([("a", .string($0.a)), ("b", .string($0.b)), ("overlap_m2", .m2($0.overlapM2))]) })),
                ("total_overlap_m2", .m2(result.totalOverlapM2)),
                ("pairs_sum_m2", .m2(result.pairsM2)),
                ("invalid", .array(result.invalid.map {
                    .object([("id", .string($0.id)), ("reason", .string($0.reason)), ("feature", .int($0.feature)), ("fid", .int(Int($0.fid)))])
                })),
                ("warnings", .array(result.warnings.map { .string($0) })),
            ]
            try emit(json: JSON.object(top))
        default:
            let plain = format == .csv
            // CSV has no room for the repaired and skipped features the other formats list: its
            // warnings go to stderr. The other formats' only warnings there are the ids several
            // features share (as `area` says them).
            for w in plain ? result.warnings : result.sharedIds { note("warning: \(w)") }
            let headers = plain ? ["a", "b", "overlap_\(units.rawValue)"] : ["a", "b", "overlap (\(units.label))"]
            let table = Table(headers: headers, rows: result.pairs.map { [$0.a, $0.b, units.format($0.overlapM2, plain: plain)] }, numeric: [2])
            try emit(format == .csv ? table.csv() : format == .markdown ? table.markdown() : table.terminal())
            if !plain {
                try emit("\n\(result.pairs.count) overlapping pair\(result.pairs.count == 1 ? "" : "s"); land counted more than once: \(units.format(result.totalOverlapM2)) \(units.label)\n")
                for i in result.invalid { try emit("invalid: \(invalidName(i)): \(i.reason)\n") }
            }
        }
    }
}

/// A repaired or skipped feature as the table names it: by its --id-field value when it has one (as
/// the pairs name it); else as every warning does, by its 1-based feature number and, when that is
/// another number, its fid, which the pairs give it (GDAL's, which counts from 0 in GeoJSON and
/// Shapefiles): `feature 1 (fid 0)`.
func invalidName(_ i: InvalidFeature) -> String {
    i.idFromField ? i.id : i.label
}
