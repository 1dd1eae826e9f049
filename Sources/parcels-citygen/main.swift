// parcels-citygen — writes a deterministic synthetic city (districts, parcels, two building
// surveys, exclusions, demolition claims) with its recorded truth, for geodata/ and the benchmarks.
//
//   parcels-citygen --buildings 3000 --seed 2016 --out geodata

import ArgumentParser
import CityGen
import Foundation

@main
struct CityGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parcels-citygen",
        abstract: "Write a synthetic city near Shanghai with known truth.",
        discussion: """
            Writes DIR/city.gpkg (layers districts, parcels, before, after, exclusions, claims), \
            DIR/claims.csv (claims with a wkt column, lon/lat) and DIR/truth.json (what was planted: \
            cleared and freed land per district in ellipsoidal m², building counts, the flags each \
            claim must get). The same --seed and --buildings always give the same files.
            """)

    @Option(help: "Number of before-survey buildings (exact).")
    var buildings: Int = 3000

    @Option(help: "Random seed.")
    var seed: UInt64 = 2016

    @Option(help: "Output directory (created if missing).")
    var out: String

    @Flag(help: "Also write one GeoJSON file per layer.")
    var geojson = false

    @Option(help: "Write the GeoPackage's before layer in this CRS (e.g. EPSG:32651) instead of EPSG:4326.")
    var beforeCRS: String?

    @Flag(inversion: .prefixedNo,
          help: "Add the GeoPackage spatial index (default: yes; for a million buildings it adds about 40 % to the writing time).")
    var spatialIndex: Bool?

    @Flag(help: """
        Draw every unchanged building of the after survey as another surveyor would: from another \
        corner, either way round, with one more vertex on a wall (within the re-survey noise). The \
        truth is the same; the buildings are no longer the same vertex for vertex.
        """)
    var redraw = false

    @Flag(help: "Print how long generating and writing took (stderr).")
    var timings = false

    func validate() throws {
        guard buildings >= 1 else { throw ValidationError("--buildings must be at least 1") }
        guard buildings <= 3_000_000 else { throw ValidationError("--buildings must be at most 3000000") }
    }

    func run() throws {
        // Fixed GeoPackage timestamps, so that the same city gives byte-identical files.
        if getenv("OGR_CURRENT_DATE") == nil { setenv("OGR_CURRENT_DATE", "2016-09-01T00:00:00.000Z", 1) }
        do {
            let start = Date()
            let city = try CityGen.generate(seed: seed, buildings: buildings, redraw: redraw)
            let generated = Date()
            try city.write(to: out, formats: geojson ? [.gpkg, .geojson] : [.gpkg], beforeCRS: beforeCRS, spatialIndex: spatialIndex)
            if timings {
                FileHandle.standardError.write(Data(String(format: "generate %.2f s, write %.2f s\n",
                    generated.timeIntervalSince(start), Date().timeIntervalSince(generated)).utf8))
            }
            let t = city.truth.totals
            print("""
                wrote \(out)/city.gpkg, claims.csv, truth.json\(geojson ? " and GeoJSON layers" : "")
                  \(city.districts.count) districts, \(city.parcels.count) parcels, \(city.before.count) before / \(city.after.count) after buildings, \
                \(city.exclusions.count) exclusions, \(city.claims.count) claims
                  demolished \(t.demolished), partly demolished \(t.partlyDemolished), new \(t.newStructures) (rebuilt \(t.rebuilt)); \
                cleared \(Int(t.clearedM2.rounded())) m², freed \(Int(t.freedM2.rounded())) m²
                """)
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("parcels-citygen: \(error)\n".utf8))
            throw ExitCode(error is CityGenError ? 1 : 2)
        }
    }
}
