// `parcels report --out DIR` and `verify --out DIR`, run as a subprocess on GeoJSON fixtures written at
// test time: the GeoPackage read back through GDAL's ogrinfo, report.html rendered by headless
// Chromium, the directory swap checked by killing the process while it writes, and DIR refused when it
// holds an input.
//
// The fixture is in EPSG:6933 (cylindrical equal-area on the WGS84 ellipsoid, near Shanghai), so each
// rectangle's ellipsoidal area is its width × height (see CLITests.swift for the pyproj/GeographicLib
// check). Offsets in metres from (11,720,000, 3,794,000); zones 黄浦区 = x 0…1000, 静安区 = x 1000…2000,
// both y 0…1000; a 10 m road at x 120…130 is excluded.
//
//   before  B1 100…150 × 100…120 (1000 m², 2 floors)   after: gone; shed N1 105…110 × 105…110 (25 m²) on it
//           B2 200…240 × 100…112 (480 m²)               after: A2 200…220 × 100…112 kept (partly demolished)
//           B3 300…310 × 100…110 (100 m²)               after: the same (unchanged)
//           B4 1200…1240 × 300…330 (1200 m², 静安区)    after: gone
//           B5 1500…1520 × 600…620 (400 m², 静安区)     after: the same (unchanged)
//   after   N2 500…506 × 500…506 (36 m²): new on open land
//
// By hand: 黄浦区 cleared = (1000 − 25) + 240 = 1215 m²; the road takes 10 × 20 = 200 of B1, so freed =
// 1015 m², in sites 100…120 less N1 = 375, 130…150 = 400 and B2's 240 (three sites ≥ 200 m²).
// 静安区 cleared = freed = 1200 m², one site. Totals: cleared 2415, freed 2215, 4 sites.
// Claims: C1 = B1, 1000 m² claimed (verified); C2 = B4 claimed 2000 (overstated); C3 = B3 claimed 100
// (still standing: not_demolished); C4 = B4 again, later batch, naming 黄浦区 (duplicate, wrong_zone).
import Foundation
import Testing

@Suite(.serialized) struct OutputDirectoryTests {
    @Test(.enabled(if: OutputFixture.ogrinfo != nil, "ogrinfo is not installed (scripts/setup installs gdal-bin)"))
    func geoPackageLayersMatchReportJSON() throws {
        let f = try OutputFixture()
        let r = try f.report(["--out", "result", "--units", "ha"])
        #expect(r.status == 0, "\(r.stderr)")
        let dir = f.path + "/result"
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: dir)) == OutputFixture.reportFiles)
        let json = try OutputFixture.object(Data(contentsOf: URL(fileURLWithPath: dir + "/report.json")))

        // The same JSON --format json prints (areas in m² whatever --units says).
        let printed = try f.report(["--format", "json", "--units", "ha"])
        #expect(try String(contentsOfFile: dir + "/report.json", encoding: .utf8) == printed.stdout)

        // Layers, feature counts and CRS, as GDAL reads them.
        let info = try OutputFixture.run(OutputFixture.ogrinfo!, ["-ro", "-so", "-al", dir + "/results.gpkg"])
        #expect(info.status == 0, "\(info.stderr)")
        let counts = OutputFixture.layerCounts(info.stdout)
        #expect(counts == ["zones": 2, "cleared_land": 2, "freed_land": 2, "sites": 4, "building_changes": 10, "claims": 4])
        let crs = try #require(json["crs"] as? String)
        #expect(crs == "EPSG:32651")
        #expect(info.stdout.components(separatedBy: #"ID["EPSG",32651]"#).count - 1 == 6, "every layer in \(crs)")

        // Areas: the freed_m2 attribute is report.json's figure; the polygon's planar area in UTM is
        // within 0.1 % of it (the UTM scale error); both agree with the hand figures above.
        let zones = try #require(json["zones"] as? [[String: Any]])
        let freedJSON = Dictionary(uniqueKeysWithValues: zones.map { ($0["zone"] as! String, $0["freed_m2"] as! Double) })
        #expect(freedJSON == ["黄浦区": 1015, "静安区": 1200])
        let freed = try f.query(dir + "/results.gpkg", "SELECT zone, freed_m2, OGR_GEOM_AREA AS planar FROM freed_land")
        #expect(freed.count == 2)
        for row in freed {
            let zone = try #require(row["zone"])
            #expect(Double(row["freed_m2"] ?? "") == freedJSON[zone])
            let planar = try #require(Double(row["planar"] ?? ""))
            #expect(abs(planar / freedJSON[zone]! - 1) < 1e-3, "\(zone): planar \(planar)")
        }
        let cleared = try f.query(dir + "/results.gpkg", "SELECT zone, cleared_m2, OGR_GEOM_AREA AS planar FROM cleared_land")
        let clearedJSON = Dictionary(uniqueKeysWithValues: zones.map { ($0["zone"] as! String, $0["cleared_m2"] as! Double) })
        #expect(clearedJSON == ["黄浦区": 1215, "静安区": 1200])
        for row in cleared {
            let planar = try #require(Double(row["planar"] ?? ""))
            #expect(abs(planar / clearedJSON[row["zone"]!]! - 1) < 1e-3)
        }
        let sites = try f.query(dir + "/results.gpkg", "SELECT zone, area_m2 FROM sites")
        let siteAreas = sites.map { Double($0["area_m2"]!)! }.sorted()
        #expect(zip(siteAreas, [240.0, 375, 400, 1200]).allSatisfy { abs($0 - $1) < 0.01 }, "\(siteAreas)")

        // Building changes and claims, with their classes and flags.
        let changes = try f.query(dir + "/results.gpkg", "SELECT survey, building_id, change, zone FROM building_changes WHERE change <> 'unchanged' AND change <> 'kept'")
        let described = Set(changes.map { "\($0["survey"]!) \($0["building_id"] ?? "-") \($0["change"]!) \($0["zone"]!)" })
        #expect(described == ["before B1 demolished 黄浦区", "before B2 partly_demolished 黄浦区", "before B4 demolished 静安区",
                              "after N1 rebuilt 黄浦区", "after N2 new 黄浦区"])
        let claims = try f.query(dir + "/results.gpkg", "SELECT claim_id, flags, claimed_m2, measured_m2 FROM claims")
        // Every claim with its polygon (kept from the check, not read again): C2's is the 40 × 30 m
        // rectangle of the fixture, 1,200 m² (OGR's planar area, in the overlay CRS).
        let shapes = try f.query(dir + "/results.gpkg", "SELECT claim_id, OGR_GEOM_AREA AS a FROM claims WHERE OGR_GEOM_AREA > 0")
        #expect(shapes.count == 4)
        #expect(shapes.first { $0["claim_id"] == "C2" }?["a"].flatMap(Double.init).map { abs($0 - 1200) < 0.5 } == true)
        #expect(Dictionary(uniqueKeysWithValues: claims.map { ($0["claim_id"]!, $0["flags"] ?? "") })
            == ["C1": "", "C2": "overstated", "C3": "not_demolished", "C4": "duplicate;wrong_zone"])
        #expect(claims.first { $0["claim_id"] == "C2" }?["measured_m2"].flatMap(Double.init).map { abs($0 - 1200) < 0.01 } == true)

        // Tables in the units asked for, to 1 m² (4 decimals of a hectare), by hand from the rectangles
        // (EPSG:6933 is equal-area): 黄浦区 is 1000 × 1000 m = 100 ha; before B1 1000 + B2 480 + B3 100 =
        // 1580 m²; after A2 240 + A3 100 + N1 25 + N2 36 = 401 m²; cleared B1 less N1 975 + B2 less A2 240
        // = 1215 m²; freed less the road across B1 (10 × 20 = 200) = 1015 m² in 3 sites, the largest B1's
        // east half 20 × 20 = 400 m². C2 claims 2000 m², measures B4 40 × 30 = 1200 m², verifies none.
        let csv = try String(contentsOfFile: dir + "/zones.csv", encoding: .utf8)
        #expect(csv.hasPrefix("zone,zone_area_ha,before_ha,after_ha,cleared_ha,freed_ha,sites,"))
        #expect(csv.contains("\n黄浦区,100.0000,0.1580,0.0401,0.1215,0.1015,3,0.1015,0.0400,1,1,2,1,1\n"))
        #expect(try String(contentsOfFile: dir + "/claims.csv", encoding: .utf8).contains("C2,2,静安区,静安区,footprint,0.2000,0.1200,0.0000,overstated,"))
    }

    @Test func unitsInMuInTheHTMLAndTables() throws {
        let f = try OutputFixture()
        let r = try f.report(["--out", "mu", "--units", "mu"])
        #expect(r.status == 0, "\(r.stderr)")
        let page = try String(contentsOfFile: f.path + "/mu/report.html", encoding: .utf8)
        // 1 mu = 10000/15 m², to 3 decimals: 2215 m² × 15 / 10000 = 3.3225 mu, a tie at the third decimal;
        // formatFixed hands near-ties to printf, which rounds the stored double 3.32250000000000023…
        // (2215 / 666.666…) up to 3.323.
        #expect(page.contains(">3.323 mu<"))
        #expect(try String(contentsOfFile: f.path + "/mu/zones.csv", encoding: .utf8).contains(",freed_mu,"))
        // Sites (areas by hand as in geoPackageLayersMatchReportJSON) × 15 / 10,000: 400 m² = 0.600,
        // 375 m² = 0.5625 (a tie; the ellipsoidal area measured is a hair over 375, so 0.563), 240 m² =
        // 0.360, 1200 m² = 1.800 mu.
        let sites = try String(contentsOfFile: f.path + "/mu/sites.csv", encoding: .utf8)
        #expect(sites == """
            site,zone,area_mu,pieces
            1,黄浦区,0.600,1
            2,黄浦区,0.563,1
            3,黄浦区,0.360,1
            4,静安区,1.800,1

            """, "\(sites)")
    }

    @Test func manyZonesDrawnUpToALimitAndAllTabulated() throws {
        // 250 zones (strips 8 m wide): the page draws the 200 with the most freed land (a bar, a small
        // map each) and says so; its table has every zone and the total.
        let f = try OutputFixture(zoneStrips: 250)
        let r = try f.report(["--out", "many"])
        #expect(r.status == 0, "\(r.stderr)")
        let page = try String(contentsOfFile: f.path + "/many/report.html", encoding: .utf8)
        #expect(page.contains("250 zones: drawn here are the 200 with the most freed land"))
        #expect(page.components(separatedBy: "class=\"zone-map\"").count - 1 == 200)
        let table = try #require(page.components(separatedBy: "id=\"table-zones\"").last?.components(separatedBy: "</table>").first)
        #expect(table.components(separatedBy: "<tr").count - 1 == 1 + 250 + 1)       // header, zones, total
        // Every zone with freed land (report.json) has its small map.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: f.path + "/many/report.json"))) as! [String: Any]
        let freed = (json["zones"] as! [[String: Any]]).filter { ($0["freed_m2"] as! Double) > 0 }.map { $0["zone"] as! String }
        #expect(freed.count > 10)
        for zone in freed { #expect(page.contains("<figcaption><b>\(zone)</b>"), "\(zone)") }
    }

    @Test func htmlIsSelfContained() throws {
        let f = try OutputFixture()
        let r = try f.report(["--format", "html"])
        #expect(r.status == 0, "\(r.stderr)")
        let page = r.stdout
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
        // Nothing fetched: no src/href, and the only URL is the SVG namespace.
        #expect(!page.contains("src=") && !page.contains("href=") && !page.contains("@import") && !page.contains("url("))
        #expect(page.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "https?://", options: .regularExpression) == nil)
        #expect(page.contains("Noto Sans CJK SC"), "a CJK-capable font in the fallbacks")
        #expect(!page.contains("evenodd"), "shapes that overlap in one path are all filled (nonzero, rings oriented)")
        // In order: headline, map, chart, table, per-zone maps, methodology.
        let marks = ["id=\"card-freed\"", "id=\"map\"", "id=\"chart\"", "id=\"table-zones\"", "class=\"zone-map\"", "<h2>Methodology</h2>"]
        let positions = marks.compactMap { page.range(of: $0)?.lowerBound }
        #expect(positions.count == marks.count && positions == positions.sorted())
        #expect(page.contains("EPSG:32651"))
    }

    @Test(.enabled(if: OutputFixture.chromium != nil, "chromium is not installed (scripts/setup installs it): report.html not rendered"))
    func htmlRendersInChromium() throws {
        let f = try OutputFixture()
        let r = try f.report(["--out", "result"])
        #expect(r.status == 0, "\(r.stderr)")
        let page = "file://" + f.path + "/result/report.html"
        let profile = f.path + "/chromium-profile"
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)", "--no-first-run",
                      "--disable-extensions", "--enable-logging=stderr", "--v=0"]
        let dom = try OutputFixture.run(OutputFixture.chromium!, common + ["--dump-dom", page])
        #expect(dom.status == 0, "\(dom.stderr)")
        #expect(!dom.stderr.contains("Uncaught") && !dom.stderr.contains("ERR_"), "\(dom.stderr)")
        // The map holds one path per zone, named by the zone (UTF-8 read correctly).
        let map = try #require(OutputFixture.element(dom.stdout, opening: "<svg", id: "map", closing: "</svg>"))
        let zoneGroup = try #require(OutputFixture.between(map, "<g class=\"zones\">", "</g>"))
        #expect(zoneGroup.components(separatedBy: "<path").count - 1 == 2)
        #expect(zoneGroup.contains("data-name=\"黄浦区\"") && zoneGroup.contains("data-name=\"静安区\""))
        for layer in ["cleared", "freed", "sites", "new", "rebuilt"] {
            #expect(map.contains("<g class=\"\(layer)\"><path"), "the map draws \(layer)")
        }
        #expect(dom.stdout.contains("class=\"scalebar\""))

        let png = f.path + "/report.png"
        let shot = try OutputFixture.run(OutputFixture.chromium!, common + ["--hide-scrollbars", "--screenshot=\(png)", "--window-size=1200,3000", page])
        #expect(shot.status == 0, "\(shot.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(bytes.count > 20_000, "a rendered page, not a blank one")
    }

    @Test func killedWhileWritingLeavesThePreviousOutputOrNone() throws {
        let f = try OutputFixture(grid: 70)
        let dir = f.path + "/out"
        // No previous output: killed early, DIR is absent; killed late, complete.
        // A previous output in hectares, then runs in m² killed at points spread over the run.
        let start = Date()
        let first = try f.report(["--out", "out", "--units", "ha"])
        let duration = Date().timeIntervalSince(start)
        #expect(first.status == 0, "\(first.stderr)")
        let json = try String(contentsOfFile: dir + "/report.json", encoding: .utf8)
        try f.expectComplete(dir, json: json)
        for fraction in [0.15, 0.35, 0.55, 0.7, 0.8, 0.88, 0.94, 0.98, 1.02] {
            try f.reportKilled(["--out", "out", "--units", "m2"], after: duration * fraction)
            try f.expectComplete(dir, json: json)
            try f.expectNoVisibleLeftovers(besides: "out")
        }
        // Without a previous output.
        for fraction in [0.3, 0.9, 0.97] {
            try? FileManager.default.removeItem(atPath: f.path + "/fresh")
            try f.reportKilled(["--out", "fresh"], after: duration * fraction)
            if FileManager.default.fileExists(atPath: f.path + "/fresh") { try f.expectComplete(f.path + "/fresh", json: json) }
        }
        // The next run that finishes removes what killed runs left beside DIR.
        let last = try f.report(["--out", "out"])
        #expect(last.status == 0, "\(last.stderr)")
        try f.expectComplete(dir, json: json)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: f.path).filter { $0.hasPrefix(".out.") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func refusesADirectoryHoldingAnInput() throws {
        let f = try OutputFixture()
        for out in [".", f.path, "../" + (f.path as NSString).lastPathComponent] {
            let r = try f.report(["--out", out])
            #expect(r.status == 1)
            #expect(r.stderr.hasSuffix("is an input; choose a directory that holds no input\n") && r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        // An empty name (the working directory, to the file system) and a layer spec whose name after
        // the ':' was left out are each named for what they are.
        let empty = try f.report(["--out", ""])
        #expect(empty.status == 1 && empty.stdout.isEmpty)
        #expect(empty.stderr == "parcels: --out: the directory's name is empty; name a new directory\n")
        let noLayer = try f.run(["area", "zones.geojson:"])
        #expect(noLayer.status == 1)
        #expect(noLayer.stderr == "parcels: zones.geojson: no layer name after ':'; name one (file:layer) of its layers 'zones', or leave out the ':'\n")
        // A directory with files parcels did not write is not replaced.
        try FileManager.default.createDirectory(atPath: f.path + "/mine", withIntermediateDirectories: false)
        try "keep me".write(toFile: f.path + "/mine/notes.txt", atomically: true, encoding: .utf8)
        let r = try f.report(["--out", "mine"])
        #expect(r.status == 1)
        #expect(r.stderr == "parcels: --out mine: holds files parcels did not write (notes.txt); choose a new or empty directory\n")
        #expect(try String(contentsOfFile: f.path + "/mine/notes.txt", encoding: .utf8) == "keep me")
        // A parent that does not exist.
        let missing = try f.report(["--out", "no/such/dir"])
        #expect(missing.status == 1 && missing.stderr.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.path).filter { $0.hasPrefix(".") && $0.contains("parcels-") }.isEmpty)
    }

    @Test func verifyWritesItsOwnResultSet() throws {
        let f = try OutputFixture()
        let r = try f.run(["verify", "--claims", "claims.geojson", "--before", "before.geojson", "--after", "after.geojson",
                           "--zones", "zones.geojson", "--out", "claims-out"])
        #expect(r.status == 0, "\(r.stderr)")
        let dir = f.path + "/claims-out"
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: dir)) == ["report.html", "report.json", "claims.csv", "claim_zones.csv", "results.gpkg"])
        let printed = try f.run(["verify", "--claims", "claims.geojson", "--before", "before.geojson", "--after", "after.geojson",
                                 "--zones", "zones.geojson", "--format", "json"])
        #expect(try String(contentsOfFile: dir + "/report.json", encoding: .utf8) == printed.stdout)
        let page = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(page.contains("id=\"card-claims\"") && page.contains("<g class=\"claim-flagged\"><path"))
        if let ogrinfo = OutputFixture.ogrinfo {
            let info = try OutputFixture.run(ogrinfo, ["-ro", "-so", "-al", dir + "/results.gpkg"])
            #expect(OutputFixture.layerCounts(info.stdout) == ["claims": 4])
        }
    }
}

// MARK: - Fixture and helpers (named apart from CLITests.swift's)

struct OutputRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// The fixture described at the top, in a temporary folder removed at the end. With `grid`, 静安区 also
/// holds grid × grid small buildings of which every third is demolished (a run long enough to be killed
/// while it writes).
final class OutputFixture {
    static let reportFiles: Set<String> = ["report.html", "report.json", "zones.csv", "parcels.csv", "land_use.csv", "sites.csv",
                                           "claims.csv", "claim_zones.csv", "results.gpkg"]
    let path: String

    /// With `zoneStrips`, the zones are that many strips of equal width across x 0…2000 (Z1, Z2, …)
    /// instead of the two districts.
    init(grid: Int = 0, zoneStrips: Int = 0) throws {
        path = NSTemporaryDirectory() + "parcels-out-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        if zoneStrips > 0 {
            let w = 2000 / Double(zoneStrips)
            try layer("zones", (0..<zoneStrips).map { (Double($0) * w, 0, Double($0 + 1) * w, 1000, #"{"district": "Z\#($0 + 1)"}"#) })
        } else {
            try layer("zones", [(0, 0, 1000, 1000, #"{"district": "黄浦区"}"#), (1000, 0, 2000, 1000, #"{"district": "静安区"}"#)])
        }
        var before: [(Double, Double, Double, Double, String)] = [
            (100, 100, 150, 120, #"{"building_id": "B1", "floors": 2}"#), (200, 100, 240, 112, #"{"building_id": "B2"}"#),
            (300, 100, 310, 110, #"{"building_id": "B3"}"#), (1200, 300, 1240, 330, #"{"building_id": "B4"}"#),
            (1500, 600, 1520, 620, #"{"building_id": "B5"}"#),
        ]
        var after: [(Double, Double, Double, Double, String)] = [
            (200, 100, 220, 112, #"{"building_id": "A2"}"#), (300, 100, 310, 110, #"{"building_id": "A3"}"#),
            (1500, 600, 1520, 620, #"{"building_id": "A5"}"#), (105, 105, 110, 110, #"{"building_id": "N1"}"#),
            (500, 500, 506, 506, #"{"building_id": "N2"}"#),
        ]
        for i in 0..<grid { for j in 0..<grid {
            let x = 1010 + Double(i) * 12.5, y = 10 + Double(j) * 12.5
            before.append((x, y, x + 9, y + 8, #"{"building_id": "G\#(i)-\#(j)"}"#))
            if (i + j) % 3 != 0 { after.append((x, y, x + 9, y + 8, #"{"building_id": "G\#(i)-\#(j)"}"#)) }
        } }
        try layer("before", before)
        try layer("after", after)
        try layer("roads", [(120, 0, 130, 1000, "{}")])
        try layer("parcels", [(0, 0, 400, 400, #"{"parcel_id": "P1", "land_use": "residential"}"#),
                              (1000, 0, 2000, 1000, #"{"parcel_id": "P2", "land_use": "commercial"}"#)])
        try layer("claims", [
            (100, 100, 150, 120, #"{"claim_id": "C1", "district": "黄浦区", "claimed_area_m2": 1000, "area_kind": "footprint", "batch": "1"}"#),
            (1200, 300, 1240, 330, #"{"claim_id": "C2", "district": "静安区", "claimed_area_m2": 2000, "area_kind": "footprint", "batch": "1"}"#),
            (300, 100, 310, 110, #"{"claim_id": "C3", "district": "黄浦区", "claimed_area_m2": 100, "area_kind": "footprint", "batch": "1"}"#),
            (1200, 300, 1240, 330, #"{"claim_id": "C4", "district": "黄浦区", "claimed_area_m2": 1200, "area_kind": "footprint", "batch": "2"}"#),
        ])
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A GeoJSON layer in EPSG:6933 of rectangles in metres from (11,720,000, 3,794,000).
    private func layer(_ name: String, _ features: [(Double, Double, Double, Double, String)]) throws {
        func n(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
        let body = features.map { f in
            let (x0, y0, x1, y1) = (n(11_720_000 + f.0), n(3_794_000 + f.1), n(11_720_000 + f.2), n(3_794_000 + f.3))
            return #"{"type": "Feature", "properties": \#(f.4), "geometry": {"type": "Polygon", "coordinates": "#
                + "[[[\(x0), \(y0)], [\(x1), \(y0)], [\(x1), \(y1)], [\(x0), \(y1)], [\(x0), \(y0)]]]}}"
        }
        try ("{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::6933\"}},\n"
            + "\"features\": [\n" + body.joined(separator: ",\n") + "\n]}\n").write(toFile: "\(path)/\(name).geojson", atomically: true, encoding: .utf8)
    }

    var reportInputs: [String] {
        ["report", "--zones", "zones.geojson", "--before", "before.geojson", "--after", "after.geojson", "--exclude", "roads.geojson",
         "--parcels", "parcels.geojson", "--claims", "claims.geojson"]
    }

    func report(_ args: [String]) throws -> OutputRun { try run(reportInputs + args) }

    func run(_ args: [String]) throws -> OutputRun {
        try OutputFixture.run(OutputFixture.binary().path, args, in: path)
    }

    /// Starts `parcels report args…`, kills it with SIGKILL after `delay` seconds (if still running).
    func reportKilled(_ args: [String], after delay: TimeInterval) throws {
        let process = Process()
        process.executableURL = try OutputFixture.binary()
        process.arguments = reportInputs + args
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// DIR holds one whole result set: every file, the JSON of the run, the GeoPackage readable, and
    /// the tables and page in the same units (all from one run, not a mix).
    func expectComplete(_ dir: String, json: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(Set(files) == OutputFixture.reportFiles, sourceLocation: sourceLocation)
        #expect(try String(contentsOfFile: dir + "/report.json", encoding: .utf8) == json, sourceLocation: sourceLocation)
        let page = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(page.hasSuffix("</html>\n"), sourceLocation: sourceLocation)
        let csv = try String(contentsOfFile: dir + "/zones.csv", encoding: .utf8)
        let hectares = csv.hasPrefix("zone,zone_area_ha,")
        #expect(hectares || csv.hasPrefix("zone,zone_area_m2,"), sourceLocation: sourceLocation)
        #expect(page.contains("ellipsoid in \(hectares ? "ha" : "m²")</p>"), "page and tables from the same run", sourceLocation: sourceLocation)
        if let ogrinfo = OutputFixture.ogrinfo {
            let info = try OutputFixture.run(ogrinfo, ["-ro", "-so", "-al", dir + "/results.gpkg"])
            #expect(OutputFixture.layerCounts(info.stdout).count == 6, "\(info.stderr)", sourceLocation: sourceLocation)
        }
    }

    /// Beside DIR, only hidden leftovers of killed runs (never a half-written directory under a visible name).
    func expectNoVisibleLeftovers(besides name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let visible = try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".geojson") }
        #expect(visible == [name], sourceLocation: sourceLocation)
    }

    /// Rows of an OGR SQL query, field name → value as ogrinfo prints it.
    func query(_ gpkg: String, _ sql: String) throws -> [[String: String]] {
        let r = try OutputFixture.run(OutputFixture.ogrinfo!, ["-ro", "-q", "-dialect", "OGRSQL", "-sql", sql, gpkg])
        #expect(r.status == 0, "\(r.stderr)")
        var rows: [[String: String]] = []
        for line in r.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("OGRFeature(") { rows.append([:]); continue }
            // "  zone (String) = 黄浦区"
            guard !rows.isEmpty, line.hasPrefix("  "), let eq = line.range(of: " = "),
                  let paren = line.range(of: " (") , paren.lowerBound < eq.lowerBound else { continue }
            let name = line[line.index(line.startIndex, offsetBy: 2)..<paren.lowerBound]
            rows[rows.count - 1][String(name)] = String(line[eq.upperBound...])
        }
        return rows
    }

    // MARK: Tools

    static func binary() throws -> URL {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent().appendingPathComponent("parcels")) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("parcels"))
        }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(package.appendingPathComponent(".build/debug/parcels"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw OutputTestError(message: "no parcels binary in \(candidates.map(\.path))")
        }
        return found
    }

    static let ogrinfo = tool("ogrinfo")
    static let chromium = tool("chromium") ?? tool("chromium-browser")

    static func tool(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a program through the shared runner of CorpusTests.swift.
    static func run(_ program: String, _ args: [String], in directory: String? = nil) throws -> OutputRun {
        let ended = try ParcelsCLITests.run(program, args, in: directory ?? FileManager.default.currentDirectoryPath)
        return OutputRun(status: ended.status, stdout: ended.stdout, stderr: ended.stderr)
    }

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Layer name → feature count from `ogrinfo -so -al`.
    static func layerCounts(_ info: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        var layer: String?
        for line in info.split(separator: "\n") {
            if line.hasPrefix("Layer name: ") { layer = String(line.dropFirst("Layer name: ".count)) }
            if line.hasPrefix("Feature Count: "), let l = layer { counts[l] = Int(line.dropFirst("Feature Count: ".count)) }
        }
        return counts
    }

    /// The element that opens with `opening` and carries `id="…"`, up to its first `closing`.
    static func element(_ text: String, opening: String, id: String, closing: String) -> String? {
        var search = text.startIndex..<text.endIndex
        while let start = text.range(of: opening, range: search) {
            let tagEnd = text.range(of: ">", range: start.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
            if text[start.lowerBound..<tagEnd].contains("id=\"\(id)\""),
               let end = text.range(of: closing, range: tagEnd..<text.endIndex) {
                return String(text[start.lowerBound..<end.upperBound])
            }
            search = start.upperBound..<text.endIndex
        }
        return nil
    }

    static func between(_ text: String, _ a: String, _ b: String) -> String? {
        guard let s = text.range(of: a), let e = text.range(of: b, range: s.upperBound..<text.endIndex) else { return nil }
        return String(text[s.upperBound..<e.lowerBound])
    }
}

struct OutputTestError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
