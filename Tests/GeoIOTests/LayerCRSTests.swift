// A layer's CRS when it cannot place the layer on the Earth: a GeoPackage's undefined SRS and a local
// (engineering) CRS are no CRS (--assume-crs is used, and says so when it sets a local CRS aside);
// a geocentric, vertical-only or non-Earth CRS is an error, never an internal one later on.

import Foundation
import Testing
@testable import GeoIO

private let plot = OutputLayer(
    name: "plots", crs: "EPSG:32651", geometryType: .polygon, fields: [(name: "name", kind: .string)],
    rows: [(wkb: ExpectedWKB.polygon([[(0, 0), (10, 0), (10, 10), (0, 0)]]), values: [.string("a")])])

// GDAL 3.8 and later write a layer without a CRS with srs_id 99999, this row of gpkg_spatial_ref_sys
// (as in a GeoPackage geopandas wrote with no CRS; `sqlite3 f.gpkg 'select * from gpkg_spatial_ref_sys'`).
// GDAL 3.6 reads it as a LOCAL_CS named "Undefined SRS".
@Test func geoPackageUndefinedSRSIsNoCRS() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/nocrs.gpkg"
    try writeGeoPackage(path, layers: [plot])
    let database = try SQLiteDatabase(path)
    try database.execute("""
        INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined SRS', 99999, 'GDAL', 99999,
          'LOCAL_CS["Undefined SRS",LOCAL_DATUM["unknown",32767],UNIT["unknown",0],AXIS["Easting",EAST],AXIS["Northing",NORTH]]',
          'Custom undefined coordinate reference system');
        UPDATE gpkg_contents SET srs_id = 99999; UPDATE gpkg_geometry_columns SET srs_id = 99999;
        """)
    try database.close()

    #expect {
        try readLayer(path)
    } throws: { error in
        "\(error)" == "\(path): layer 'plots': has no CRS; pass --assume-crs CRS"
    }
    let assumed = try readLayer(path, assumeCRS: "EPSG:32651")
    #expect(assumed.crs == "EPSG:32651" && assumed.crsAssumed)
    #expect(assumed.notes.isEmpty)      // "undefined" is no CRS: nothing was set aside
}

// A Shapefile whose .prj is a LOCAL_CS (a city's own grid, exported without its tie to the Earth).
@Test func localCRSIsNoUsableCRS() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/plots.shp"
    try writeVectorFile(path, driver: "ESRI Shapefile", layers: [plot])
    scratch.file("plots.prj", #"LOCAL_CS["Shanghai local",LOCAL_DATUM["Shanghai",32767],UNIT["metre",1],AXIS["X",EAST],AXIS["Y",NORTH]]"#)

    #expect {
        try readLayer(path)
    } throws: { error in
        "\(error)" == "\(path): layer 'plots': has no usable CRS: its CRS 'Shanghai local' is a local (engineering) one, "
            + "with no known relation to the Earth; pass --assume-crs CRS"
    }
    let assumed = try readLayer(path, assumeCRS: "EPSG:4549")
    #expect(assumed.crs == "EPSG:4549" && assumed.crsAssumed)
    #expect(assumed.notes == ["declares the local (engineering) CRS 'Shanghai local', which has no known relation "
                              + "to the Earth; read in --assume-crs EPSG:4549"])
}

// --assume-crs must be a CRS a polygon can be placed in: geographic or projected, on the Earth.
// EPSG:5773 is EGM96 height (vertical only), EPSG:4978 WGS 84 geocentric (x, y, z from the Earth's
// centre), IAU_2015:49900 Mars (2015) geographic; EPSG:4549 is CGCS2000 / 3-degree Gauss-Kruger CM 120E.
@Test(arguments: ["EPSG:5773", "EPSG:4978", "IAU_2015:49900", #"LOCAL_CS["grid",LOCAL_DATUM["grid",32767],UNIT["metre",1]]"#])
func assumedCRSMustBeOnTheEarth(_ crs: String) throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/plots.shp"
    try writeVectorFile(path, driver: "ESRI Shapefile", layers: [plot])
    try FileManager.default.removeItem(atPath: "\(scratch.path)/plots.prj")
    #expect {
        try readLayer(path, assumeCRS: crs)
    } throws: { error in
        "\(error)" == "\(path): layer 'plots': --assume-crs '\(crs)' is not a geographic or projected CRS on the Earth"
    }
    #expect(try readLayer(path, assumeCRS: "EPSG:4549").crs == "EPSG:4549")
}

// A layer that declares a geocentric CRS (EPSG:4978, WGS 84 x, y, z from the Earth's centre) is not
// read as if it had none: --assume-crs never overrides a CRS the layer has.
@Test func geocentricLayerCRSIsAnError() throws {
    let scratch = Scratch()
    let path = "\(scratch.path)/plots.gpkg"
    var geocentric = plot
    geocentric.crs = "EPSG:4978"
    try writeGeoPackage(path, layers: [geocentric])
    #expect {
        try readLayer(path, assumeCRS: "EPSG:4326")
    } throws: { error in
        "\(error)" == "\(path): layer 'plots': its CRS 'WGS 84' is not a geographic or projected CRS on the Earth; "
            + "reproject the layer (ogr2ogr -t_srs EPSG:4326)"
    }
}
