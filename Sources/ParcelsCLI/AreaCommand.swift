// `parcels area LAYER [--by FIELD]`: ellipsoidal area per feature or group, and in total.
import ArgumentParser
import Parcels

struct AreaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "area",
        abstract: "Ellipsoidal area of a polygon layer, per feature or per group.")

    @Argument(help: "A vector layer (path, or path:layer).") var layer: String
    @Option(help: "Group features by this field.") var by: String?
    @Option(name: .customLong("id-field"), help: "Key features by this field (default: the feature's id in its layer).") var idField: String?
    @Option(help: "Overlay CRS, projected in metres (default: the UTM zone of the data).") var crs: String?
    @Option(help: "Output format.") var format: TableFormat = .table
    @Option(help: "Area units for table, csv and markdown.") var units: AreaUnit = .m2
    @OptionGroup var common: CommonOptions

    func run() throws {
        let raw = try readInput(layer, assumeCRS: common.assumeCRS, fields: Set([by, idField].compactMap { $0 }))
        for field in [by, idField].compactMap({ $0 }) where !raw.fieldNames.contains(field) {
            throw InputError(file: raw.path, layer: raw.name, reason: "no field '\(field)' (fields: \(raw.fieldNames.joined(separator: ", ")))")
        }
        let metric = try crs.map(Parcels.overlayCRS) ?? chooseMetricCRS(for: raw)
        let area = studyArea(of: raw)         // one datum transformation for the whole layer
        let prepared = try preparePolygons(raw, metricCRS: metric, area: area)
        try requirePolygons(prepared, role: "input")
        let result = try measureAreas(prepared, by: by, idField: idField, metricCRS: metric, area: area)
        for w in result.warnings { note("warning: \(w)") }
        switch format {
        case .json:
            var groups: [JSON] = []
            for g in result.groups {
                // The group of features whose --by field is NULL: key null, as JSON gives every missing value.
                var pairs: [(String, JSON)] = [("key", g.key.map(JSON.string) ?? .null), ("count", .int(g.count)), ("area_m2", .m2(g.areaM2))]
                if let p = g.planarM2 { pairs.append(("planar_area_m2", .m2(p))) }
                groups.append(.object(pairs))
            }
            var top: [(String, JSON)] = [("features", .int(result.features)), ("total_m2", .m2(result.totalM2))]
            if let p = result.totalPlanarM2 { top.append(("total_planar_m2", .m2(p))); top.append(("planar_crs", .string(prepared.crs))) }
            top.append(("groups", .array(groups)))
            top.append(("warnings", .array(result.warnings.map(JSON.string))))
            try emit(json: JSON.object(top))
        default:
            let planar = result.totalPlanarM2 != nil
            let plain = format == .csv
            var headers = [by ?? "feature", "count", "area (\(units.label))"]
            if planar { headers.append("planar (\(units.label))") }
            if plain { headers = [by ?? "feature", "count", "area_\(units.rawValue)"] + (planar ? ["planar_\(units.rawValue)"] : []) }
            var rows = result.groups.map { g in
                [g.key ?? "", String(g.count), units.format(g.areaM2, plain: plain)] + (g.planarM2.map { [units.format($0, plain: plain)] } ?? [])
            }
            if !plain { rows.append(["total", String(result.features), units.format(result.totalM2)] + (result.totalPlanarM2.map { [units.format($0)] } ?? [])) }
            var table = Table(headers: headers, rows: rows, numeric: Set(1..<headers.count))
            // The NULL group's key is an empty cell, as every missing value is in a table; a group
            // whose value is the empty text "" is printed "" (in CSV a quoted empty field), so the two
            // are told apart.
            if by != nil {
                table.emptyText = Set(result.groups.indices.filter { result.groups[$0].key == "" }.map { Table.Cell(row: $0, column: 0) })
            }
            try emit(format == .csv ? table.csv() : format == .markdown ? table.markdown() : table.terminal())
        }
    }
}
