// CRSTests.swift — reading CRS definitions; references from pyproj (bundled PROJ 9.5) or hand arithmetic.

import Testing
import Proj

@Test func epsgUTMZone51N() throws {
    let crs = try CRS("EPSG:32651")
    #expect(crs.identifier == "EPSG:32651")
    #expect(crs.name == "WGS 84 / UTM zone 51N")
    #expect(!crs.isGeographic)
    #expect(crs.metresPerUnit == 1)
    #expect(crs.wkt.hasPrefix("PROJCRS[\"WGS 84 / UTM zone 51N\""))
    // python3 -c "from pyproj import CRS; print(CRS.from_epsg(32651).area_of_use.bounds)"  → (120.0, 0.0, 126.0, 84.0)
    let area = try #require(crs.areaOfUse)
    #expect(area.west == 120 && area.south == 0 && area.east == 126 && area.north == 84)
}

@Test func geographicWGS84() throws {
    let crs = try CRS("EPSG:4326")
    #expect(crs.identifier == "EPSG:4326")
    #expect(crs.isGeographic)
    #expect(crs.metresPerUnit == 1)   // documented: meaningful for projected CRSs only
}

@Test func wktAndProjStringDefinitions() throws {
    let fromWKT = try CRS(try CRS("EPSG:32651").wkt)
    #expect(fromWKT.identifier == "EPSG:32651")
    let fromProj = try CRS("+proj=utm +zone=51 +datum=WGS84 +units=m +no_defs")   // +type=crs added
    #expect(!fromProj.isGeographic)
    #expect(fromProj.metresPerUnit == 1)
    let longLat = try CRS("+proj=longlat +datum=WGS84")
    #expect(longLat.isGeographic)
    // A bound CRS (+towgs84) is read through its source CRS.
    let bound = try CRS("+proj=tmerc +lat_0=0 +lon_0=121 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0 +units=us-ft")
    #expect(bound.metresPerUnit == 1200.0 / 3937.0)
}

@Test func projJSONDefinition() throws {
    let json = #"{"type":"GeographicCRS","name":"WGS 84","datum":{"type":"GeodeticReferenceFrame","name":"World Geodetic System 1984","ellipsoid":{"name":"WGS 84","semi_major_axis":6378137,"inverse_flattening":298.257223563}},"coordinate_system":{"subtype":"ellipsoidal","axis":[{"name":"Geodetic latitude","abbreviation":"Lat","direction":"north","unit":"degree"},{"name":"Geodetic longitude","abbreviation":"Lon","direction":"east","unit":"degree"}]},"id":{"authority":"EPSG","code":4326}}"#
    let crs = try CRS(json)
    #expect(crs.identifier == "EPSG:4326")
    #expect(crs.isGeographic)
}

@Test func identifiesWKTWithoutAnID() throws {
    // WKT1 as in an ESRI-style .prj: no AUTHORITY, so identifier is the name; proj_identify finds the code.
    let wkt = #"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]"#
    let crs = try CRS(wkt)
    #expect(crs.identifier == "WGS 84")
    #expect(crs.identifiedEPSG() == "EPSG:4326")
}

@Test func usSurveyFeet() throws {
    // EPSG:2227 (NAD83 / California zone 3, ftUS). The US survey foot is 1200/3937 m by definition;
    // python3 -c "from pyproj import CRS; print(repr(CRS.from_epsg(2227).axis_info[0].unit_conversion_factor))"
    // → 0.30480060960121924
    let crs = try CRS("EPSG:2227")
    #expect(abs(crs.metresPerUnit - 1200.0 / 3937.0) <= 1e-15)
    // A 1000 ft × 1000 ft square in that CRS, by the shoelace formula on its coordinates, scaled by the unit:
    // hand arithmetic (1000 · 1200/3937)² = 92903.41161327485 m²
    // (python3 -c "print(repr((1000*1200/3937)**2))")
    let square = try #require(WKB.polygons(WKB.encode(.polygon([[
        6_000_000, 2_000_000, 6_001_000, 2_000_000, 6_001_000, 2_001_000, 6_000_000, 2_001_000, 6_000_000, 2_000_000,
    ]]))).first?.first)
    var twiceArea = 0.0
    for index in stride(from: 0, to: square.count - 2, by: 2) {
        twiceArea += square[index] * square[index + 3] - square[index + 2] * square[index + 1]
    }
    let planar = abs(twiceArea) / 2 * crs.metresPerUnit * crs.metresPerUnit
    #expect(abs(planar - 92903.41161327485) <= 1e-6)
}

@Test(arguments: ["EPSG:999999", "not a coordinate system", "", "+proj=nonsense"])
func badDefinitionsThrow(definition: String) {
    let error = #expect(throws: PROJError.self) { try CRS(definition) }
    #expect(error?.message.contains("cannot create a CRS") == true)
}

@Test func anOperationIsNotACRS() {
    // EPSG:1671 is a transformation (RGF93 to WGS 84): PROJ creates it, but it is not a CRS.
    let error = #expect(throws: PROJError.self) { try CRS("urn:ogc:def:coordinateOperation:EPSG::1671") }
    #expect(error?.message.contains("is not a coordinate reference system") == true)
}
