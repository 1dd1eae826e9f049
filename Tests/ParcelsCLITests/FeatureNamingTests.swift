// Messages name a feature by its number in read order and, when that is another number, by its fid —
// the id `area` and `overlaps` key it by, and the one QGIS and ogrinfo show: "feature 2 (fid 3)".
// Fixtures: a GeoPackage made by ogr2ogr from WKT (its rows' fids 1, 2, 3, 4, as GDAL numbers a new
// table's rows) with fid 2 then deleted, so fids 1, 3, 4 are features 1, 2, 3; and GeoJSON, whose fids
// GDAL counts from 0, so feature N is fid N − 1. Areas as in CLITests.swift (EPSG:6933, equal-area: a
// rectangle's area is width × height; the bow-tie is two triangles of ½ · 20 · 10 = 100 m²).
import Foundation
import Testing

private let ogr2ogr = OutputFixture.tool("ogr2ogr")
private let ogrinfo = OutputFixture.tool("ogrinfo")
private let haveGDALTools = ogr2ogr != nil && ogrinfo != nil

/// GEOS's point of self-intersection (in the overlay CRS) left out.
private func withoutPoint(_ s: String) -> String {
    s.replacingOccurrences(of: #"Self-intersection\[[^\]]*\]"#, with: "Self-intersection[…]", options: .regularExpression)
}

extension Folder {
    /// `name`.gpkg with one layer `t` of the polygons `wkt` (a `name` field a, b, c…), in `crs`, its
    /// rows' fids 1, 2, 3…; then the row with fid 2 deleted.
    func geoPackageWithoutFid2(_ name: String, crs: String, _ wkt: [String]) throws -> String {
        let csv = try file("\(name).csv", "name,wkt\n" + wkt.enumerated().map { k, w in
            "\(Character(UnicodeScalar(UInt8(97 + k)))),\"\(w)\"\n"
        }.joined())
        let gpkg = "\(path)/\(name).gpkg"
        let made = try OutputFixture.run(ogr2ogr!, ["-f", "GPKG", gpkg, csv, "-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO",
                                                    "-a_srs", crs, "-nln", "t", "-nlt", "POLYGON"])
        try #require(made.status == 0, "\(made.stderr)")
        let deleted = try OutputFixture.run(ogrinfo!, [gpkg, "-sql", "DELETE FROM t WHERE fid = 2"])
        try #require(deleted.status == 0, "\(deleted.stderr)")
        try FileManager.default.removeItem(atPath: csv)
        return gpkg
    }
}

@Suite struct FeatureNamingTests {
    /// fid 1: 0…20 × 0…20 (400 m²); fid 2: 100…120 × 0…20 (deleted); fid 3: the bow-tie 200,0 → 220,20 →
    /// 220,0 → 200,20 (repaired, 200 m²); fid 4: 300…310 × 0…10 (100 m²). `area` keys them 1, 3, 4, and
    /// the warning names the bow-tie feature 2 (fid 3), not "feature 2" (a deleted fid) alone.
    @Test(.enabled(if: haveGDALTools, "ogr2ogr and ogrinfo are not installed (scripts/setup installs gdal-bin)"))
    func geoPackageWithADeletedRow() throws {
        let f = Folder()
        let (x, y) = (11_720_000, 3_794_000)
        func ring(_ points: [(Int, Int)]) -> String {
            "POLYGON((" + points.map { "\(x + $0.0) \(y + $0.1)" }.joined(separator: ",") + "))"
        }
        let path = try f.geoPackageWithoutFid2("deleted", crs: "EPSG:6933", [
            ring([(0, 0), (20, 0), (20, 20), (0, 20), (0, 0)]),
            ring([(100, 0), (120, 0), (120, 20), (100, 20), (100, 0)]),
            ring([(200, 0), (220, 20), (220, 0), (200, 20), (200, 0)]),
            ring([(300, 0), (310, 0), (310, 10), (300, 10), (300, 0)]),
        ])
        let area = try f.run("area", path, "--format", "csv")
        #expect(area.status == 0)
        #expect(area.stdout == "feature,count,area_m2,planar_m2\n1,1,400.0,400.0\n3,1,200.0,200.0\n4,1,100.0,100.0\n")
        #expect(withoutPoint(area.stderr) == "warning: \(path): layer 't', feature 2 (fid 3): repaired (Self-intersection[…])\n")

        // overlaps names it the same way: by its fid in "id", as a pair would; its number and fid beside.
        let overlaps = try f.run("overlaps", path, "--format", "json")
        #expect(overlaps.status == 0 && overlaps.stderr == "")
        let top = try #require(try JSONSerialization.jsonObject(with: Data(overlaps.stdout.utf8)) as? [String: Any])
        let invalid = try #require(top["invalid"] as? [[String: Any]])
        #expect(invalid.count == 1)
        #expect(invalid.first?["id"] as? String == "3")
        #expect(invalid.first?["feature"] as? Int == 2 && invalid.first?["fid"] as? Int == 3)
        #expect((invalid.first?["reason"] as? String).map(withoutPoint) == "Self-intersection[…]")
        let table = try f.run("overlaps", path)
        #expect(withoutPoint(table.stdout).hasSuffix("\ninvalid: feature 2 (fid 3): Self-intersection[…]\n"), "\(table.stdout)")
    }

    /// The same layout in longitude/latitude, with a latitude of 95 in fid 4 (its third position): the
    /// error names feature 3 (fid 4), not feature 3 alone (which is fid 3, another, valid feature).
    @Test(.enabled(if: haveGDALTools, "ogr2ogr and ogrinfo are not installed (scripts/setup installs gdal-bin)"))
    func errorInAGeoPackageWithADeletedRowNamesTheFid() throws {
        let f = Folder()
        let path = try f.geoPackageWithoutFid2("lat95", crs: "EPSG:4326", [
            "POLYGON((121.500 31.200,121.501 31.200,121.501 31.201,121.500 31.201,121.500 31.200))",
            "POLYGON((121.502 31.200,121.503 31.200,121.503 31.201,121.502 31.201,121.502 31.200))",
            "POLYGON((121.504 31.200,121.505 31.200,121.505 31.201,121.504 31.201,121.504 31.200))",
            "POLYGON((121.506 31.200,121.507 31.200,121.507 95,121.506 31.201,121.506 31.200))",
        ])
        let r = try f.run("area", path)
        #expect(r.status == 1 && r.stdout == "")
        #expect(r.stderr == "parcels: \(path): layer 't', feature 3 (fid 4): coordinate 3 (121.507, 95.0) is outside longitude ±180 / "
                            + "latitude ±90; are longitude and latitude swapped, or is the CRS wrong?\n")
    }

    /// GeoJSON fids count from 0: the bow-tie, third in the file, is keyed 2 by `area`, and its warning
    /// says feature 3 (fid 2).
    @Test func geoJSONWarningNamesTheKeyAreaGivesTheFeature() throws {
        let f = Folder()
        let path = try f.file("plots.geojson", """
            {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6933"}},
             "features": [
             {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
               "coordinates": [[[11720000, 3794000], [11720020, 3794000], [11720020, 3794020], [11720000, 3794020], [11720000, 3794000]]]}},
             {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
               "coordinates": [[[11720100, 3794000], [11720110, 3794000], [11720110, 3794010], [11720100, 3794010], [11720100, 3794000]]]}},
             {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
               "coordinates": [[[11720200, 3794000], [11720220, 3794020], [11720220, 3794000], [11720200, 3794020], [11720200, 3794000]]]}}]}
            """)
        let r = try f.run("area", path, "--format", "csv")
        #expect(r.status == 0)
        #expect(r.stdout == "feature,count,area_m2,planar_m2\n0,1,400.0,400.0\n1,1,100.0,100.0\n2,1,200.0,200.0\n")
        #expect(withoutPoint(r.stderr) == "warning: \(path): layer 'plots', feature 3 (fid 2): repaired (Self-intersection[…])\n")
    }

    /// A CSV's fids count from 1, as its rows do: its messages name the feature as before, once.
    @Test func csvFeatureNumberIsItsFid() throws {
        let f = Folder()
        let path = try f.file("rows.csv", """
            id,wkt
            a,"POLYGON((121.47 31.23,121.471 31.23,121.471 31.231,121.47 31.23))"
            b,"POLYGON((121.47 31.23,121.471 31.23,121.471 95,121.47 31.23))"

            """)
        let r = try f.run("area", path)
        #expect(r.status == 1 && r.stdout == "")
        #expect(r.stderr == "parcels: \(path): layer 'rows', feature 2: coordinate 3 (121.471, 95.0) is outside longitude ±180 / "
                            + "latitude ±90; are longitude and latitude swapped, or is the CRS wrong?\n")
    }
}
