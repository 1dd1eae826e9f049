// The `parcels` executable, run as a subprocess on small GeoJSON fixtures written at test time, its
// whole standard output compared with text written out here.
//
// Fixtures are in EPSG:6933 (WGS 84 / NSIDC EASE-Grid 2.0 Global), a cylindrical equal-area projection
// of the WGS84 ellipsoid, placed near Shanghai (x ≈ 11,720 km, y ≈ 3,794 km), so the ellipsoidal area of
// each rectangle is its width × height, and the planar column (the layer is projected) is the same.
// Checked for the rectangles used here:
//   python3 -c "from pyproj import Transformer; from geographiclib.geodesic import Geodesic; t=Transformer.from_crs('EPSG:6933','EPSG:4326',always_xy=True); p=Geodesic.WGS84.Polygon(); [p.AddPoint(*t.transform(11720000+x,3794000+y)[::-1]) for x,y in [(0,0),(20,0),(20,20),(0,20)]]; print(p.Compute(False,True)[2])"
//   → 400.0000001639128 (and 300.0000001490116 for 30 × 10, 100.0000000372529 for 10 × 10)
import Foundation
import Testing

// MARK: - Running the binary

struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// The `parcels` binary beside the test bundle (or in the package's .build/debug).
func parcelsBinary() throws -> URL {
    var candidates: [URL] = []
    if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent().appendingPathComponent("parcels")) }
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("parcels"))
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("parcels"))
    }
    let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(package.appendingPathComponent(".build/debug/parcels"))
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw CLITestError(message: "no parcels binary in \(candidates.map(\.path))")
    }
    return found
}

struct CLITestError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Runs `parcels args…` in `directory`, through the shared runner of CorpusTests.swift.
func parcels(_ args: [String], in directory: String) throws -> Run {
    let ended = try run(parcelsBinary().path, args, in: directory)
    return Run(status: ended.status, stdout: ended.stdout, stderr: ended.stderr)
}

// MARK: - Fixtures

/// A temporary folder, removed when the value goes away.
final class Folder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "parcels-cli-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func file(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: "\(path)/\(name)", atomically: true, encoding: .utf8)
        return "\(path)/\(name)"
    }

    func run(_ args: String...) throws -> Run { try parcels(args, in: path) }

    /// A GeoJSON layer in EPSG:6933 of rectangles given in metres from (11,720,000, 3,794,000).
    @discardableResult
    func rectangles(_ name: String, _ features: [(x0: Int, y0: Int, x1: Int, y1: Int, properties: String)]) throws -> String {
        let body = features.map { f in
            let (x0, y0, x1, y1) = (11_720_000 + f.x0, 3_794_000 + f.y0, 11_720_000 + f.x1, 3_794_000 + f.y1)
            return #"  {"type": "Feature", "properties": \#(f.properties), "geometry": {"type": "Polygon", "coordinates": "#
                + "[[[\(x0), \(y0)], [\(x1), \(y0)], [\(x1), \(y1)], [\(x0), \(y1)], [\(x0), \(y0)]]]}}"
        }
        return try file("\(name).geojson", """
            {"type": "FeatureCollection",
             "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6933"}},
             "features": [
            \(body.joined(separator: ",\n"))
            ]}

            """)
    }

    /// Four parcels: P1 0…20 × 0…20 (400 m², 黄浦区), P2 10…30 × 0…20 (400 m², 浦东新区; overlaps P1 in
    /// 10…20 × 0…20 = 200 m²), P3 100…130 × 0…10 (300 m², Minhang), P4 200…210 × 0…10 (100 m², 黄浦区).
    /// Total 1,200 m²; by district 黄浦区 400 + 100 = 500, 浦东新区 400, Minhang 300.
    func plots() throws -> String {
        try rectangles("plots", [
            (0, 0, 20, 20, #"{"parcel_id": "P1", "district": "黄浦区"}"#),
            (10, 0, 30, 20, #"{"parcel_id": "P2", "district": "浦东新区"}"#),
            (100, 0, 130, 10, #"{"parcel_id": "P3", "district": "Minhang"}"#),
            (200, 0, 210, 10, #"{"parcel_id": "P4", "district": "黄浦区"}"#),
        ])
    }

    /// A 0…20 × 0…20, B 10…30 × 0…20, C 5…25 × 10…30, D 30…50 × 0…20 (touches B along x = 30).
    /// A∩B = 10…20 × 0…20 = 200, A∩C = 5…20 × 10…20 = 150, B∩C = 10…25 × 10…20 = 150; all three share
    /// 10…20 × 10…20 = 100, so the land counted more than once is 500 − 2 × 100 = 300 m².
    func threeSquares() throws -> String {
        try rectangles("three", [
            (0, 0, 20, 20, #"{"parcel_id": "A"}"#),
            (10, 0, 30, 20, #"{"parcel_id": "B"}"#),
            (5, 10, 25, 30, #"{"parcel_id": "C"}"#),
            (30, 0, 50, 20, #"{"parcel_id": "D"}"#),
        ])
    }
}

/// Columns a string takes in a terminal, written here independently of the CLI's own: CJK ideographs
/// (U+4E00…U+9FFF) take two, everything in these fixtures else one.
func columns(_ s: Substring) -> Int {
    s.unicodeScalars.reduce(0) { $0 + ((0x4E00...0x9FFF).contains($1.value) ? 2 : 1) }
}

// MARK: - Tests

@Suite struct AreaCommandTests {
    @Test func table() throws {
        let f = Folder()
        let r = try f.run("area", try f.plots(), "--id-field", "parcel_id")
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(r.stdout == """
            feature  count  area (m²)  planar (m²)
            -------  -----  ---------  -----------
            P1           1      400.0        400.0
            P2           1      400.0        400.0
            P3           1      300.0        300.0
            P4           1      100.0        100.0
            total        4    1,200.0      1,200.0

            """)
    }

    @Test func json() throws {
        let f = Folder()
        let r = try f.run("area", try f.plots(), "--id-field", "parcel_id", "--format", "json")
        #expect(r.status == 0 && r.stderr == "")
        #expect(r.stdout == """
            {
              "features": 4,
              "total_m2": 1200,
              "total_planar_m2": 1200,
              "planar_crs": "EPSG:6933",
              "groups": [
                {
                  "key": "P1",
                  "count": 1,
                  "area_m2": 400,
                  "planar_area_m2": 400
                },
                {
                  "key": "P2",
                  "count": 1,
                  "area_m2": 400,
                  "planar_area_m2": 400
                },
                {
                  "key": "P3",
                  "count": 1,
                  "area_m2": 300,
                  "planar_area_m2": 300
                },
                {
                  "key": "P4",
                  "count": 1,
                  "area_m2": 100,
                  "planar_area_m2": 100
                }
              ],
              "warnings": []
            }

            """)
    }

    @Test func csv() throws {
        let f = Folder()
        let r = try f.run("area", try f.plots(), "--by", "district", "--format", "csv")
        #expect(r.status == 0 && r.stderr == "")
        #expect(r.stdout == """
            district,count,area_m2,planar_m2
            黄浦区,2,500.0,500.0
            浦东新区,1,400.0,400.0
            Minhang,1,300.0,300.0

            """)
    }

    @Test func csvInHectares() throws {
        // To 1 m² (4 decimals of a hectare, 10,000 m²): 500 m² = 0.0500 ha, 400 m² = 0.0400 ha, 300 m² = 0.0300 ha.
        let f = Folder()
        let r = try f.run("area", try f.plots(), "--by", "district", "--format", "csv", "--units", "ha")
        #expect(r.status == 0)
        #expect(r.stdout == """
            district,count,area_ha,planar_ha
            黄浦区,2,0.0500,0.0500
            浦东新区,1,0.0400,0.0400
            Minhang,1,0.0300,0.0300

            """)
    }

    @Test func markdown() throws {
        let f = Folder()
        let r = try f.run("area", try f.plots(), "--by", "district", "--format", "markdown")
        #expect(r.status == 0 && r.stderr == "")
        #expect(r.stdout == """
            | district | count | area (m²) | planar (m²) |
            |---|---:|---:|---:|
            | 黄浦区 | 2 | 500.0 | 500.0 |
            | 浦东新区 | 1 | 400.0 | 400.0 |
            | Minhang | 1 | 300.0 | 300.0 |
            | total | 4 | 1,200.0 | 1,200.0 |

            """)
    }

    @Test func tableAlignsChineseNamesByDisplayWidth() throws {
        let f = Folder()
        let r = try f.run("area", try f.plots(), "--by", "district")
        #expect(r.status == 0 && r.stderr == "")
        // The district column is 8 columns wide (浦东新区 and "district" both take 8; 黄浦区 takes 6 and
        // gets 2 spaces of fill), then two spaces between columns.
        #expect(r.stdout == """
            district  count  area (m²)  planar (m²)
            --------  -----  ---------  -----------
            黄浦区        2      500.0        500.0
            浦东新区      1      400.0        400.0
            Minhang       1      300.0        300.0
            total         4    1,200.0      1,200.0

            """)
        // Every line ends at the same display column, and the count column ends at column 15
        // (8 + 2 + 5) on every line: what a terminal shows lines up.
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(Set(lines.map(columns)) == [8 + 2 + 5 + 2 + 9 + 2 + 11])
        for line in lines.dropFirst(2) {
            let countEnd = line.firstIndex { $0.isNumber }.map { line[...$0] }   // the count is one digit here
            #expect(countEnd.map(columns) == 15, "\(line)")
        }
    }

    @Test func featuresKeyedByTheirIdInTheLayer() throws {
        // Without --id-field: GDAL numbers GeoJSON features from 0.
        let f = Folder()
        let r = try f.run("area", try f.plots(), "--format", "csv")
        #expect(r.stdout == """
            feature,count,area_m2,planar_m2
            0,1,400.0,400.0
            1,1,400.0,400.0
            2,1,300.0,300.0
            3,1,100.0,100.0

            """)
    }

    @Test func featureWithoutAnIdIsARowOfItsOwn() throws {
        // GDAL numbers GeoJSON features from 0: the one without a parcel_id is feature 1, the id of the
        // first. Its own row, with an empty key, and no "share" warning.
        let f = Folder()
        let path = try f.rectangles("ids", [
            (0, 0, 20, 20, #"{"parcel_id": "1"}"#),
            (100, 0, 130, 10, #"{"parcel_id": null}"#),
            (200, 0, 210, 10, #"{"parcel_id": "a"}"#),
        ])
        let r = try f.run("area", path, "--id-field", "parcel_id", "--format", "csv")
        #expect(r.status == 0)
        #expect(r.stdout == "feature,count,area_m2,planar_m2\n1,1,400.0,400.0\n,1,300.0,300.0\na,1,100.0,100.0\n")
        #expect(r.stderr == "warning: \(path): layer 'ids': 1 feature has no parcel_id (null or blank); each is listed on its own row with an empty key\n")
    }

    /// `--by` put features whose field is NULL (or absent) in one group with those whose value is the
    /// empty text "": two groups now, as pandas' (GeoPandas') `groupby(dropna=False)` keeps them:
    ///   df = pd.DataFrame({'district': ['West', None, '', None, ''], 'area': [400, 300, 100, 50, 20]})
    ///   df.groupby('district', dropna=False, sort=False)['area'].agg(['count', 'sum'])
    ///   → West 1 400, NaN 2 350, '' 2 120 (pandas 3.1.1)
    /// Areas by hand (EPSG:6933 is equal-area): West 20 × 20 = 400; NULL 30 × 10 + 5 × 10 = 350 (one
    /// null, one without the property); "" 10 × 10 + 2 × 10 = 120. The NULL group's key is JSON null and
    /// an empty cell (as every missing value); the "" group's is "" in JSON and `""` in the tables.
    @Test func nullAndEmptyTextAreSeparateGroups() throws {
        let f = Folder()
        let path = try f.rectangles("nulls", [
            (0, 0, 20, 20, #"{"district": "West"}"#),
            (100, 0, 130, 10, #"{"district": null}"#),
            (200, 0, 210, 10, #"{"district": ""}"#),
            (300, 0, 305, 10, #"{}"#),
            (400, 0, 402, 10, #"{"district": ""}"#),
        ])
        let csv = try f.run("area", path, "--by", "district", "--format", "csv")
        #expect(csv.status == 0 && csv.stderr == "", "\(csv.stderr)")
        #expect(csv.stdout == "district,count,area_m2,planar_m2\nWest,1,400.0,400.0\n,2,350.0,350.0\n\"\",2,120.0,120.0\n", "\(csv.stdout)")
        let json = try f.run("area", path, "--by", "district", "--format", "json")
        #expect(json.status == 0)
        let groups = json.stdout.split(separator: "\n").filter { $0.contains("\"key\"") || $0.contains("\"count\"") }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(groups == [#""key": "West","#, #""count": 1,"#, #""key": null,"#, #""count": 2,"#, #""key": "","#, #""count": 2,"#], "\(json.stdout)")
        let table = try f.run("area", path, "--by", "district")
        #expect(table.stdout == """
            district  count  area (m²)  planar (m²)
            --------  -----  ---------  -----------
            West          1      400.0        400.0
                          2      350.0        350.0
            ""            2      120.0        120.0
            total         5      870.0        870.0

            """, "\(table.stdout)")
        let markdown = try f.run("area", path, "--by", "district", "--format", "markdown")
        #expect(markdown.stdout.contains("| West | 1 | 400.0 | 400.0 |\n|  | 2 | 350.0 | 350.0 |\n| \"\" | 2 | 120.0 | 120.0 |\n"), "\(markdown.stdout)")
    }

    /// `--by` values and `--id-field` ids are trimmed of spaces, as the report trims zone names, land
    /// uses and parcel ids: " West" and "West\u{3000}" are West (they were two more groups), a blank
    /// value is "" (a value, not NULL); " P1" and "P1" share an id (one row and the warning), and
    /// `overlaps` names " P1" P1. Areas by hand (EPSG:6933): 400 + 300 + 100 = 800 m² of West.
    @Test func valuesAndIdsAreTrimmedOfSpaces() throws {
        let f = Folder()
        let path = try f.rectangles("spaces", [
            (0, 0, 20, 20, #"{"district": "West", "parcel_id": "P1"}"#),
            (10, 0, 40, 10, #"{"district": " West", "parcel_id": " P1"}"#),
            (100, 0, 110, 10, #"{"district": "West\#u{3000}", "parcel_id": "P2"}"#),
            (200, 0, 202, 10, #"{"district": "  ", "parcel_id": "P3"}"#),
            (300, 0, 305, 10, #"{"district": null, "parcel_id": "P4"}"#),
        ])
        let by = try f.run("area", path, "--by", "district", "--format", "csv")
        #expect(by.status == 0 && by.stderr == "", "\(by.stderr)")
        #expect(by.stdout == "district,count,area_m2,planar_m2\nWest,3,800.0,800.0\n\"\",1,20.0,20.0\n,1,50.0,50.0\n", "\(by.stdout)")
        let ids = try f.run("area", path, "--id-field", "parcel_id", "--format", "csv")
        #expect(ids.stdout == "feature,count,area_m2,planar_m2\nP1,2,700.0,700.0\nP2,1,100.0,100.0\nP3,1,20.0,20.0\nP4,1,50.0,50.0\n", "\(ids.stdout)")
        #expect(ids.stderr == "warning: \(path): layer 'spaces': 2 features share the parcel_id 'P1'; their areas are added in one row\n", "\(ids.stderr)")
        // The first two overlap in 10…20 × 0…10 = 100 m².
        let overlaps = try f.run("overlaps", path, "--id-field", "parcel_id", "--format", "csv")
        #expect(overlaps.stdout == "a,b,overlap_m2\nP1,P1,100.0\n", "\(overlaps.stdout)")
    }

    @Test func localCRSNeedsAssumeCRS() throws {
        // A CSV in metres with a .prj (GDAL reads one beside a CSV) naming a local grid: no usable CRS.
        // With --assume-crs EPSG:6933 the 20 × 20 square is 400 m² (see the top of this file).
        let f = Folder()
        let path = try f.file("grid.csv", "id,wkt\nP1,\"POLYGON((11720000 3794000,11720020 3794000,11720020 3794020,11720000 3794020,11720000 3794000))\"\n")
        try f.file("grid.prj", #"LOCAL_CS["site grid",LOCAL_DATUM["site",32767],UNIT["metre",1]]"#)
        let refused = try f.run("area", path)
        #expect(refused.status == 1 && refused.stdout == "")
        #expect(refused.stderr == "parcels: \(path): layer 'grid': has no usable CRS: its CRS 'site grid' is a local (engineering) one, "
                                  + "with no known relation to the Earth; pass --assume-crs CRS\n")
        let r = try f.run("area", path, "--assume-crs", "EPSG:6933", "--id-field", "id", "--format", "csv")
        #expect(r.status == 0)
        #expect(r.stdout == "feature,count,area_m2,planar_m2\nP1,1,400.0,400.0\n")
        #expect(r.stderr == "warning: \(path): layer 'grid': declares the local (engineering) CRS 'site grid', which has no known "
                            + "relation to the Earth; read in --assume-crs EPSG:6933\n")
    }

    @Test func repairedFeatureIsMeasuredAndWarnedAbout() throws {
        // A bow-tie 0,0 → 20,20 → 20,0 → 0,20 is two triangles of ½ · 20 · 10 = 100 m² each.
        let f = Folder()
        let path = try f.file("bowtie.geojson", """
            {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6933"}},
             "features": [{"type": "Feature", "properties": {"parcel_id": "bow"}, "geometry": {"type": "Polygon",
               "coordinates": [[[11720000, 3794000], [11720020, 3794020], [11720020, 3794000], [11720000, 3794020], [11720000, 3794000]]]}}]}
            """)
        let r = try f.run("area", path, "--id-field", "parcel_id", "--format", "csv")
        #expect(r.status == 0)
        #expect(r.stdout == "feature,count,area_m2,planar_m2\nbow,1,200.0,200.0\n")
        let warnings = r.stderr.split(separator: "\n")
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("warning: \(path): layer 'bowtie', feature 1 (fid 0): repaired (Self-intersection") == true, "\(r.stderr)")
    }
}

@Suite struct OverlapsCommandTests {
    @Test func table() throws {
        let f = Folder()
        let r = try f.run("overlaps", try f.threeSquares(), "--id-field", "parcel_id")
        #expect(r.status == 0 && r.stderr == "")
        #expect(r.stdout == """
            a  b  overlap (m²)
            -  -  ------------
            A  B         200.0
            A  C         150.0
            B  C         150.0

            3 overlapping pairs; land counted more than once: 300.0 m²

            """)
    }

    @Test func json() throws {
        let f = Folder()
        let r = try f.run("overlaps", try f.threeSquares(), "--id-field", "parcel_id", "--format", "json")
        #expect(r.status == 0 && r.stderr == "")
        #expect(r.stdout == """
            {
              "pairs": [
                {
                  "a": "A",
                  "b": "B",
                  "overlap_m2": 200
                },
                {
                  "a": "A",
                  "b": "C",
                  "overlap_m2": 150
                },
                {
                  "a": "B",
                  "b": "C",
                  "overlap_m2": 150
                }
              ],
              "total_overlap_m2": 300,
              "pairs_sum_m2": 500,
              "invalid": [],
              "warnings": []
            }

            """)
    }

    @Test func csv() throws {
        let f = Folder()
        let r = try f.run("overlaps", try f.threeSquares(), "--id-field", "parcel_id", "--format", "csv")
        #expect(r.status == 0 && r.stderr == "")
        #expect(r.stdout == """
            a,b,overlap_m2
            A,B,200.0
            A,C,150.0
            B,C,150.0

            """)
    }

    @Test func markdown() throws {
        let f = Folder()
        let r = try f.run("overlaps", try f.threeSquares(), "--id-field", "parcel_id", "--format", "markdown")
        #expect(r.status == 0 && r.stderr == "")
        #expect(r.stdout == """
            | a | b | overlap (m²) |
            |---|---|---:|
            | A | B | 200.0 |
            | A | C | 150.0 |
            | B | C | 150.0 |

            3 overlapping pairs; land counted more than once: 300.0 m²

            """)
    }

    @Test(arguments: [("ha", "0.0025"), ("mu", "0.038"), ("km2", "0.000025")])
    func smallOverlapIsNotRoundedToZero(unit: String, shown: String) throws {
        // a 0…10 × 0…10 and b 5…15 × 5…15 share 5…10 × 5…10 = 25 m²: 25 / 10,000 = 0.0025 ha;
        // 25 × 15 / 10,000 = 0.0375 mu, a tie at the third decimal, which formatFixed hands to printf:
        // it rounds the stored double 25 / 666.666… = 0.03750000000000000555 up to 0.038;
        // 25 / 1,000,000 = 0.000025 km².
        let f = Folder()
        let path = try f.rectangles("small", [(0, 0, 10, 10, #"{"parcel_id": "a"}"#), (5, 5, 15, 15, #"{"parcel_id": "b"}"#)])
        let r = try f.run("overlaps", path, "--id-field", "parcel_id", "--units", unit, "--format", "csv")
        #expect(r.status == 0 && r.stderr == "", "\(r.stderr)")
        #expect(r.stdout == "a,b,overlap_\(unit)\na,b,\(shown)\n")
    }

    @Test func minArea() throws {
        // Only A–B (200 m²) is more than 160 m²; nothing is more than 250.
        let f = Folder()
        let path = try f.threeSquares()
        let r = try f.run("overlaps", path, "--id-field", "parcel_id", "--min-area", "160")
        #expect(r.stdout == """
            a  b  overlap (m²)
            -  -  ------------
            A  B         200.0

            1 overlapping pair; land counted more than once: 200.0 m²

            """)
        let none = try f.run("overlaps", path, "--id-field", "parcel_id", "--min-area", "250", "--format", "json")
        #expect(none.status == 0)
        #expect(none.stdout == """
            {
              "pairs": [],
              "total_overlap_m2": 0,
              "pairs_sum_m2": 0,
              "invalid": [],
              "warnings": []
            }

            """)
    }
}

@Suite struct BadInputTests {
    /// Exit status 1, nothing on stdout, and exactly one line on stderr.
    func expectOneLineFailure(_ r: Run, _ line: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 1, sourceLocation: sourceLocation)
        #expect(r.stdout == "", sourceLocation: sourceLocation)
        #expect(r.stderr == line + "\n", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["area", "overlaps"])
    func missingFile(_ command: String) throws {
        let f = Folder()
        let path = "\(f.path)/nowhere.geojson"
        expectOneLineFailure(try f.run(command, path), "parcels: \(path): file does not exist")
    }

    @Test func directory() throws {
        let f = Folder()
        let dir = "\(f.path)/empty"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        expectOneLineFailure(try f.run("area", dir), "parcels: \(dir): is a directory that is not a vector dataset")
    }

    @Test func garbageFile() throws {
        let f = Folder()
        let path = try f.file("garbage.geojson", "this is not { a vector file\n")
        expectOneLineFailure(try f.run("area", path), "parcels: \(path): is not a vector data source GDAL can read")
    }

    @Test func unknownByField() throws {
        let f = Folder()
        let path = try f.plots()
        expectOneLineFailure(try f.run("area", path, "--by", "town"),
                             "parcels: \(path): layer 'plots': no field 'town' (fields: parcel_id, district)")
        expectOneLineFailure(try f.run("overlaps", path, "--id-field", "pid"),
                             "parcels: \(path): layer 'plots': no field 'pid' (fields: parcel_id, district)")
    }

    @Test func latitudeOver90() throws {
        let f = Folder()
        let path = try f.file("lat95.geojson", """
            {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[121.47, 31.23], [121.471, 31.23], [121.471, 31.231], [121.47, 31.23]]]}},
            {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[121.47, 31.23], [121.471, 31.23], [121.471, 95.0], [121.47, 31.23]]]}}
            ]}
            """)
        expectOneLineFailure(try f.run("area", path),
            "parcels: \(path): layer 'lat95', feature 2 (fid 1): coordinate 3 (121.471, 95.0) is outside longitude ±180 / latitude ±90; are longitude and latitude swapped, or is the CRS wrong?")
    }

    @Test func swappedLongitudeLatitude() throws {
        // Shanghai written latitude first.
        let f = Folder()
        let path = try f.file("swapped.geojson", """
            {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[31.23, 121.47], [31.23, 121.471], [31.231, 121.471], [31.23, 121.47]]]}}
            ]}
            """)
        expectOneLineFailure(try f.run("overlaps", path),
            "parcels: \(path): layer 'swapped', feature 1 (fid 0): coordinate 1 (31.23, 121.47) is outside longitude ±180 / latitude ±90; are longitude and latitude swapped, or is the CRS wrong?")
    }

    @Test func noPolygons() throws {
        let f = Folder()
        let path = try f.file("lines.geojson", """
            {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[121.47, 31.23], [121.471, 31.231]]}}
            ]}
            """)
        expectOneLineFailure(try f.run("area", path),
            "parcels: \(path): layer 'lines': no usable polygon in the input layer (feature 1 (fid 0): not a polygon (LineString))")
    }

    @Test func reportWithZonesOnlyIsAUsageError() throws {
        let f = Folder()
        let r = try f.run("report", "--zones", "x")
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderr.hasPrefix("Error: --zones, --before and --after go together"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    @Test func anOptionGivenTwiceIsRefused() throws {
        // The parser kept the last --after: a report of other layers than meant. --exclude repeats.
        let f = Folder()
        let r = try f.run("report", "--zones", "z.gpkg", "--before", "b.gpkg", "--after", "a.gpkg", "--after=b.gpkg")
        #expect(r.status == 1 && r.stdout == "")
        #expect(r.stderr == "Error: --after is given more than once; give it once (only --exclude repeats)\n")
        let exclusions = try f.run("report", "--exclude", "x.gpkg", "--exclude", "y.gpkg", "--zones", "z.gpkg")
        #expect(!exclusions.stderr.contains("more than once"), "\(exclusions.stderr)")
    }

    @Test func usageErrorsAreOneLine() throws {
        // The parser's message and its pointer to --help, on one line like every other error.
        let f = Folder()
        let unknown = try f.run("report", "--bogus")
        #expect(unknown.status == 1 && unknown.stdout == "")
        #expect(unknown.stderr == "Error: Unknown option '--bogus'. Did you mean '--zones'? See 'parcels report --help' for more information.\n")
        let missing = try f.run("area")
        #expect(missing.status == 1 && missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        #expect(missing.stderr.hasPrefix("Error: Missing expected argument '<layer>'"), "\(missing.stderr)")
    }

    @Test func unknownFormatIsAUsageError() throws {
        let f = Folder()
        let r = try f.run("area", try f.plots(), "--format", "xml")
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderr.contains("xml"))
    }

    @Test func help() throws {
        let f = Folder()
        let r = try f.run("--help")
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(r.stdout.contains("USAGE: parcels <subcommand>"))
        for command in ["report", "area", "overlaps"] { #expect(r.stdout.contains("  \(command) "), "\(command)") }
    }
}
