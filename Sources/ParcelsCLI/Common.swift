// What every command shares: output formats, area units and the bundled sample (writing output is
// StandardStreams.swift).
import ArgumentParser
import Foundation
import Parcels

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, markdown, html
}

/// The formats of `area` and `overlaps` (SPEC.md): no HTML page, so `--format html` is refused with
/// the list of the formats they do print.
enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, markdown
}

/// Units for tables, markdown, CSV and HTML (JSON is always m²). 1 亩 (mu) = 10,000/15 m².
enum AreaUnit: String, ExpressibleByArgument, CaseIterable {
    case m2, ha, mu, km2

    var squareMetres: Double {
        switch self {
        case .m2: 1
        case .ha: 10_000
        case .mu: 10_000.0 / 15.0
        case .km2: 1_000_000
        }
    }
    var label: String {
        switch self {
        case .m2: "m²"
        case .ha: "ha"
        case .mu: "mu"
        case .km2: "km²"
        }
    }
    /// Every unit resolves a square metre or better, so a building-sized area is never printed as 0:
    /// 0.1 m², 0.0001 ha (1 m²), 0.001 mu (0.67 m²), 0.000001 km² (1 m²).
    var decimals: Int {
        switch self {
        case .m2: 1
        case .ha: 4
        case .mu: 3
        case .km2: 6
        }
    }

    /// `m2` in this unit, with thousands separators unless `plain`.
    func format(_ m2: Double, plain: Bool = false) -> String {
        let s = formatFixed(m2 / squareMetres, digits: decimals)
        return plain ? s : groupThousands(s)
    }
}

/// "1234567.8" → "1,234,567.8": a comma every three digits of the whole part (sign and fraction kept).
/// On the bytes: a million-row table formats millions of these.
func groupThousands(_ s: String) -> String {
    let bytes = Array(s.utf8)
    let sign = bytes.first == UInt8(ascii: "-") ? 1 : 0
    let point = bytes.firstIndex(of: UInt8(ascii: ".")) ?? bytes.count
    let digits = point - sign
    guard digits > 3 else { return s }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + digits / 3)
    out += bytes[..<sign]
    for i in sign..<point {
        if i > sign, (point - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
        out.append(bytes[i])
    }
    out += bytes[point...]
    return String(decoding: out, as: UTF8.self)
}

/// Number options (tolerances, sizes, percentages) must be finite and not negative: ArgumentParser
/// reads "nan" and "inf" as numbers, and NaN passes every `< 0` check (each comparison with it is
/// false). A usage error naming the option.
func requireFiniteAndNotNegative(_ options: KeyValuePairs<String, Double>) throws {
    for (name, value) in options where !value.isFinite {
        throw ValidationError("\(name) must be a finite number, not \(value)")
    }
    for (name, value) in options where value < 0 {
        throw ValidationError("\(name) cannot be negative (\(value))")
    }
}

/// A claim tolerance in percent (`--tolerance-pct`) is at most 100: a claim is understated below
/// measured × (1 − P/100), a bound that is below zero for P over 100, where every understated claim
/// (a claim of 0 m² included) would pass while the report still printed "±P %". Called after
/// `requireFiniteAndNotNegative`. A usage error naming the option.
func requireAtMostHundredPercent(_ name: String, _ value: Double) throws {
    if value > 100 {
        throw ValidationError("\(name) cannot be more than 100 (\(value)): the understated bound, measured × (1 − \(value)/100), would be below zero and pass every understated claim")
    }
}

struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("assume-crs"), help: "CRS for layers that carry none (e.g. a Shapefile without .prj).")
    var assumeCRS: String?
}

/// The bundled sample: geodata/ in the current directory, else beside the package the binary was built in.
func sampleDirectory() -> String? {
    let fm = FileManager.default
    var candidates = [fm.currentDirectoryPath + "/geodata"]
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<6 {
        candidates.append(dir.appendingPathComponent("geodata").path)
        dir = dir.deletingLastPathComponent()
    }
    return candidates.first { fm.fileExists(atPath: $0 + "/city.gpkg") }
}
