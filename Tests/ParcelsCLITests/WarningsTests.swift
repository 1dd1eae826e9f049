// Warnings and failed checks in the formats whose stdout is only a table (CSV, markdown): each on
// stderr, one line, stdout left a clean table; table and JSON carry them on stdout, as before.
//
// Fixture (EPSG:6933, metres from (11,720,000, 3,794,000), so areas are width × height; see
// CLITests.swift): zones West 0…100 × 0…100 and East 50…150 × 0…100 overlap in 50…100 × 0…100 =
// 5,000 m². Before: B1 60…80 × 10…30 (400 m², inside the overlap), B2 0…10 × 0…10 (100 m², West);
// after: B2 only. B1's 400 m² of cleared land lies in both zones, so the zones add up to 800 m²
// against 400 m² of cleared pieces: the check "cleared land split by zone adds up" fails.
// Claims: C1 = B1, 400 m² (verified); C2 on B2 with claimed_area_m2 "abc" (row 2, rejected).
import Foundation
import Testing

private func overlappingZones() throws -> Folder {
    let f = Folder()
    try f.rectangles("zones", [(0, 0, 100, 100, #"{"district": "West"}"#), (50, 0, 150, 100, #"{"district": "East"}"#)])
    try f.rectangles("before", [(60, 10, 80, 30, #"{"building_id": "B1"}"#), (0, 0, 10, 10, #"{"building_id": "B2"}"#)])
    try f.rectangles("after", [(0, 0, 10, 10, #"{"building_id": "B2"}"#)])
    try f.rectangles("claims", [
        (60, 10, 80, 30, #"{"claim_id": "C1", "district": "West", "claimed_area_m2": 400, "area_kind": "footprint"}"#),
        (0, 0, 10, 10, #"{"claim_id": "C2", "district": "West", "claimed_area_m2": "abc", "area_kind": "footprint"}"#),
    ])
    return f
}

private let layers = ["--zones", "zones.geojson", "--before", "before.geojson", "--after", "after.geojson"]
private let failedCheck = "warning: check failed: cleared land split by zone adds up: zones 800.0 + outside 0.0 = pieces 400.0 m²"
private let claimsElsewhere = "parcels: 1 claim checked, 0 flagged; their verdicts are in --format json, table or html, or in --out DIR (claims.csv)"
private let rejectedC2 = "warning: claims.geojson: row 2: rejected (claim C2: claimed_area_m2 is missing or not a number (abc))"

/// stderr's lines: the zone overlap (its place, "near lon …, lat …", left unchecked), then `rest`.
private func expectLines(_ stderr: String, overlapThen rest: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let lines = stderr.split(separator: "\n").map(String.init)
    #expect(lines.count == 1 + rest.count, "\(stderr)", sourceLocation: sourceLocation)
    let overlap = lines.first ?? ""
    #expect(overlap.hasPrefix("warning: zones 'West' and 'East' overlap by 5000.0 m² near "), "\(overlap)", sourceLocation: sourceLocation)
    #expect(overlap.hasSuffix("; that land is counted in both"), "\(overlap)", sourceLocation: sourceLocation)
    #expect(Array(lines.dropFirst()) == rest, sourceLocation: sourceLocation)
}

@Suite struct WarningsTests {
    @Test func reportCSV() throws {
        let f = try overlappingZones()
        let r = try parcels(["report"] + layers + ["--format", "csv"], in: f.path)
        #expect(r.status == 0)
        // By hand: West holds B1 (first of the two zones that hold it wholly) and B2; East B1's land only.
        #expect(r.stdout == """
            zone,zone_area_m2,before_m2,after_m2,cleared_m2,freed_m2,sites,site_area_m2,largest_site_m2,demolished,partly_demolished,new_structures,rebuilt,unchanged
            West,10000.0,500.0,100.0,400.0,400.0,1,400.0,400.0,1,0,0,0,1
            East,10000.0,400.0,0.0,400.0,400.0,1,400.0,400.0,0,0,0,0,0
            total,20000.0,900.0,100.0,800.0,800.0,2,800.0,400.0,1,0,0,0,1

            """)
        expectLines(r.stderr, overlapThen: [failedCheck])
    }

    @Test func reportMarkdown() throws {
        let f = try overlappingZones()
        let r = try parcels(["report"] + layers + ["--format", "markdown"], in: f.path)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("| zone | zone area (m²) |"))
        #expect(r.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("|") }, "\(r.stdout)")
        expectLines(r.stderr, overlapThen: [failedCheck])
    }

    @Test func reportCSVWithClaimsNamesTheRejectedRow() throws {
        let f = try overlappingZones()
        let r = try parcels(["report"] + layers + ["--claims", "claims.geojson", "--format", "csv"], in: f.path)
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").count == 4)
        // Then, after the table, where the verdicts are: C1 checked and verified, C2's row rejected.
        expectLines(r.stderr, overlapThen: [failedCheck, rejectedC2, claimsElsewhere])
    }

    /// Table and JSON carry them on stdout; nothing on stderr (unchanged).
    @Test func reportTableAndJSON() throws {
        let f = try overlappingZones()
        let table = try parcels(["report"] + layers, in: f.path)
        #expect(table.status == 0 && table.stderr == "")
        #expect(table.stdout.contains("\n  FAIL cleared land split by zone adds up: zones 800.0 + outside 0.0 = pieces 400.0 m²\n"))
        #expect(table.stdout.contains("\nwarnings (1):\n  zones 'West' and 'East' overlap by 5000.0 m² near "))
        let json = try parcels(["report"] + layers + ["--format", "json"], in: f.path)
        #expect(json.status == 0 && json.stderr == "")
        #expect(json.stdout.contains(#""warnings": [\#n    "zones 'West' and 'East' overlap by 5000.0 m² near "#))
    }

    @Test(arguments: ["csv", "markdown"])
    func verifyNamesTheRejectedRow(format: String) throws {
        let f = try overlappingZones()
        let r = try parcels(["verify", "--claims", "claims.geojson"] + layers + ["--format", format], in: f.path)
        #expect(r.status == 0)
        expectLines(r.stderr, overlapThen: [rejectedC2])      // the zones' overlap too, as report gives it
        #expect(!r.stdout.contains("C2"), "stdout stays the table of the claims checked")
        #expect(r.stdout.contains("C1"))
    }

    @Test func verifyTableListsTheRejectedRowOnStdout() throws {
        let f = try overlappingZones()
        let r = try parcels(["verify", "--claims", "claims.geojson"] + layers, in: f.path)
        #expect(r.status == 0 && r.stderr == "")
        #expect(r.stdout.contains("\nrejected rows (not in any total):\n  row 2: claim C2: claimed_area_m2 is missing or not a number (abc)\n\nwarnings (1):\n  zones 'West' and 'East' overlap by 5000.0 m² near "))
        #expect(r.stdout.hasSuffix("; that land is counted in both\n"))
    }
}

/// `verify` carries the warnings of its zone, before and after layers as `report` does (it passed on
/// only the claims'). Fixture (EPSG:6933, areas width × height): zone West 0…100 × 0…100; before: B1
/// 0…10 × 0…10, a bow-tie 60,10 → 80,30 → 80,10 → 60,30 (feature 2, fid 1: repaired into two triangles) and a
/// point (feature 3, fid 2: skipped; GeoJSON fids count from 0); after: B1. Claim C1: 60…80 × 10…30, footprint, 400 m² claimed = 20 × 20
/// measured, nothing standing on it: verified.
@Suite struct VerifyLayerWarningsTests {
    static func survey() throws -> Folder {
        let f = Folder()
        try f.rectangles("zones", [(0, 0, 100, 100, #"{"district": "West"}"#)])
        try f.file("before.geojson", """
            {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6933"}},
             "features": [
             {"type": "Feature", "properties": {"building_id": "B1"}, "geometry": {"type": "Polygon",
               "coordinates": [[[11720000, 3794000], [11720010, 3794000], [11720010, 3794010], [11720000, 3794010], [11720000, 3794000]]]}},
             {"type": "Feature", "properties": {"building_id": "B2"}, "geometry": {"type": "Polygon",
               "coordinates": [[[11720060, 3794010], [11720080, 3794030], [11720080, 3794010], [11720060, 3794030], [11720060, 3794010]]]}},
             {"type": "Feature", "properties": {"building_id": "B3"}, "geometry": {"type": "Point", "coordinates": [11720050, 3794050]}}]}
            """)
        try f.rectangles("after", [(0, 0, 10, 10, #"{"building_id": "B1"}"#)])
        try f.rectangles("claims", [(60, 10, 80, 30, #"{"claim_id": "C1", "district": "West", "claimed_area_m2": 400, "area_kind": "footprint"}"#)])
        return f
    }
    static let args = ["verify", "--claims", "claims.geojson", "--before", "before.geojson", "--after", "after.geojson", "--zones", "zones.geojson"]
    static let warnings = [
        "before.geojson: layer 'before', feature 2 (fid 1): repaired (Self-intersection[…])",
        "before.geojson: layer 'before', feature 3 (fid 2): skipped (not a polygon (Point))",
    ]
    /// GEOS's point of self-intersection (in the overlay CRS) left out.
    static func withoutPoint(_ s: String) -> String {
        s.replacingOccurrences(of: #"Self-intersection\[[^\]]*\]"#, with: "Self-intersection[…]", options: .regularExpression)
    }

    @Test func table() throws {
        let f = try Self.survey()
        let r = try parcels(Self.args, in: f.path)
        #expect(r.status == 0 && r.stderr == "", "\(r.stderr)")
        #expect(Self.withoutPoint(r.stdout) == """
            parcels verify · areas ellipsoidal (WGS84) in m² · tolerance ±5.0%

            zone   claims  claimed (m²)  verified (m²)  flagged  verified share
            -----  ------  ------------  -------------  -------  --------------
            West        1         400.0          400.0        0          100.0%
            total       1         400.0          400.0        0          100.0%

            1 claim checked: 1 verified, 0 flagged

            warnings (2):
              \(Self.warnings[0])
              \(Self.warnings[1])

            """)
    }

    @Test func json() throws {
        let f = try Self.survey()
        let r = try parcels(Self.args + ["--format", "json"], in: f.path)
        #expect(r.status == 0 && r.stderr == "", "\(r.stderr)")
        let top = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect((top?["warnings"] as? [String])?.map(Self.withoutPoint) == Self.warnings, "\(r.stdout)")
        #expect((top?["totals"] as? [String: Any])?["verified_m2"] as? Double == 400)
    }

    /// GEOS finds the bow-tie's crossing at (70, 20) in the fixture's metres, and says so in the overlay
    /// CRS; the warning gives it in longitude/latitude: pyproj, EPSG:6933 (11,720,070, 3,794,020) →
    /// (121.46877224, 31.22744787).
    @Test func theRepairPointIsInLongitudeAndLatitude() throws {
        let f = try Self.survey()
        let r = try parcels(Self.args + ["--format", "json"], in: f.path)
        #expect(r.status == 0)
        #expect(r.stdout.contains("feature 2 (fid 1): repaired (Self-intersection[lon 121.468772, lat 31.227448])"), "\(r.stdout)")
    }

    @Test(arguments: ["csv", "markdown"])
    func stderr(format: String) throws {
        let f = try Self.survey()
        let r = try parcels(Self.args + ["--format", format], in: f.path)
        #expect(r.status == 0)
        #expect(Self.withoutPoint(r.stderr) == Self.warnings.map { "warning: \($0)\n" }.joined())
        #expect(!r.stdout.contains("warning"))
    }

    /// The page and the result set's report.json (the object verify prints) have them too.
    @Test func htmlAndResultSet() throws {
        let f = try Self.survey()
        let r = try parcels(Self.args + ["--format", "html", "--out", "result"], in: f.path)
        #expect(r.status == 0)
        #expect(Self.withoutPoint(r.stdout).contains(
            "<h3>Warnings (2)</h3><ul class=\"warnings\"><li>before.geojson: layer &#39;before&#39;, feature 2 (fid 1): repaired (Self-intersection[…])</li>"))
        let written = try Data(contentsOf: URL(fileURLWithPath: f.path + "/result/report.json"))
        let top = try JSONSerialization.jsonObject(with: written) as? [String: Any]
        #expect((top?["warnings"] as? [String])?.map(Self.withoutPoint) == Self.warnings)
    }
}

@Suite struct OverlapsWarningsTests {
    /// A bow-tie (repaired into two triangles) and a line (skipped): listed as "invalid:" lines by the
    /// table and markdown, in "invalid" by JSON, and on stderr with CSV.
    @Test func csvNamesRepairedAndSkippedFeatures() throws {
        let f = Folder()
        let path = try f.file("mixed.geojson", """
            {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6933"}},
             "features": [
             {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
               "coordinates": [[[11720000, 3794000], [11720020, 3794020], [11720020, 3794000], [11720000, 3794020], [11720000, 3794000]]]}},
             {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[11720000, 3794000], [11720050, 3794000]]}},
             {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
               "coordinates": [[[11720100, 3794000], [11720110, 3794000], [11720110, 3794010], [11720100, 3794010], [11720100, 3794000]]]}}]}
            """)
        let r = try f.run("overlaps", path, "--format", "csv")
        #expect(r.status == 0)
        #expect(r.stdout == "a,b,overlap_m2\n")
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(r.stderr)")
        #expect(lines.first?.hasPrefix("warning: \(path): layer 'mixed', feature 1 (fid 0): repaired (Self-intersection") == true, "\(r.stderr)")
        #expect(lines.last == "warning: \(path): layer 'mixed', feature 2 (fid 1): skipped (not a polygon (LineString))")
        let table = try f.run("overlaps", path)
        #expect(table.stderr == "")
        #expect(table.stdout.contains("\ninvalid: feature 1 (fid 0): Self-intersection"))     // GDAL numbers GeoJSON features from 0
        #expect(table.stdout.hasSuffix("\ninvalid: feature 2 (fid 1): not a polygon (LineString)\n"))
    }

    /// The table and markdown name a repaired or skipped feature as the warnings do (feature 1 is the
    /// first, with its fid, the id the pairs give it); with --id-field, by that field, as the pairs.
    /// By hand: the bow-tie 0,0 → 20,20 → 20,0 → 0,20 is repaired into two triangles meeting at
    /// (10, 10); the left one, x ≤ y ≤ 20 − x, meets the square 0…10 × 0…10 in x ≤ y ≤ 10: ½ · 10 · 10 =
    /// 50 m². GDAL numbers GeoJSON features from 0: the bow-tie is id 0, the square id 2.
    @Test func tableNamesInvalidFeaturesAsTheWarningsDo() throws {
        let f = Folder()
        let path = try f.file("mixed.geojson", """
            {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6933"}},
             "features": [
             {"type": "Feature", "properties": {"parcel_id": "P1"}, "geometry": {"type": "Polygon",
               "coordinates": [[[11720000, 3794000], [11720020, 3794020], [11720020, 3794000], [11720000, 3794020], [11720000, 3794000]]]}},
             {"type": "Feature", "properties": {"parcel_id": "P2"}, "geometry": {"type": "LineString", "coordinates": [[11720000, 3794000], [11720050, 3794000]]}},
             {"type": "Feature", "properties": {"parcel_id": "P3"}, "geometry": {"type": "Polygon",
               "coordinates": [[[11720000, 3794000], [11720010, 3794000], [11720010, 3794010], [11720000, 3794010], [11720000, 3794000]]]}}]}
            """)
        /// GEOS's point of self-intersection (in the overlay CRS) left out.
        func withoutPoint(_ s: String) -> String {
            s.replacingOccurrences(of: #"Self-intersection\[[^\]]*\]"#, with: "Self-intersection[…]", options: .regularExpression)
        }
        let csv = try f.run("overlaps", path, "--format", "csv")
        #expect(csv.stdout == "a,b,overlap_m2\n0,2,50.0\n")
        #expect(withoutPoint(csv.stderr) == """
            warning: \(path): layer 'mixed', feature 1 (fid 0): repaired (Self-intersection[…])
            warning: \(path): layer 'mixed', feature 2 (fid 1): skipped (not a polygon (LineString))

            """)
        let table = try f.run("overlaps", path)
        #expect(table.status == 0 && table.stderr == "")
        #expect(withoutPoint(table.stdout) == """
            a  b  overlap (m²)
            -  -  ------------
            0  2          50.0

            1 overlapping pair; land counted more than once: 50.0 m²
            invalid: feature 1 (fid 0): Self-intersection[…]
            invalid: feature 2 (fid 1): not a polygon (LineString)

            """)
        let markdown = try f.run("overlaps", path, "--format", "markdown")
        #expect(markdown.status == 0 && markdown.stderr == "")
        #expect(withoutPoint(markdown.stdout) == """
            | a | b | overlap (m²) |
            |---|---|---:|
            | 0 | 2 | 50.0 |

            1 overlapping pair; land counted more than once: 50.0 m²
            invalid: feature 1 (fid 0): Self-intersection[…]
            invalid: feature 2 (fid 1): not a polygon (LineString)

            """)
        let named = try f.run("overlaps", path, "--id-field", "parcel_id")
        #expect(named.status == 0 && named.stderr == "")
        #expect(withoutPoint(named.stdout) == """
            a   b   overlap (m²)
            --  --  ------------
            P1  P3          50.0

            1 overlapping pair; land counted more than once: 50.0 m²
            invalid: P1: Self-intersection[…]
            invalid: P2: not a polygon (LineString)

            """)
        // JSON: "id" as the pairs name the feature (its fid, or its --id-field value), skipped or not;
        // "feature" and "fid" as the warnings name it.
        for (args, ids) in [([String](), ["0", "1"]), (["--id-field", "parcel_id"], ["P1", "P2"])] {
            let json = try parcels(["overlaps", path, "--format", "json"] + args, in: f.path)
            #expect(json.status == 0 && json.stderr == "")
            let top = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let invalid = try #require(top["invalid"] as? [[String: Any]])
            #expect(invalid.map { $0["id"] as? String } == ids)
            #expect(invalid.map { ($0["reason"] as? String).map(withoutPoint) } == ["Self-intersection[…]", "not a polygon (LineString)"])
            #expect(invalid.map { $0["feature"] as? Int } == [1, 2])
            #expect(invalid.map { $0["fid"] as? Int } == [0, 1])
        }
    }
}
