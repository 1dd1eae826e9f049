// The result layers' multipolygons are valid (OGC: parts may meet at points, never along a line):
// freed and cleared pieces that touch or overlap are dissolved, pieces apart are kept apart, and a
// site's `pieces` counts the separate pieces of land. Expected figures are hand arithmetic on the
// rectangles (planar areas in the equal-area fixture CRS equal the ellipsoidal ones).
import Geos
import Proj
import Testing
@testable import Parcels

@Suite struct ValidLayersTests {
    let geos = GeosContext()

    /// The geometry of `wkb` (in the report's overlay CRS `crs`) with its validity, number of polygons,
    /// ellipsoidal area and kind.
    func shape(_ wkb: [UInt8], _ crs: String) throws -> (valid: Bool, polygons: Int, m2: Double, type: GeometryType) {
        let w = try Worker(metricCRS: crs)
        let g = try w.geometry(wkb)
        return (try g.isValid(), g.numGeometries, try w.ellipsoidalArea(g), g.type)
    }

    /// `shape` of zone `zone`'s geometry in `layer` (cleared or freed land).
    func land(_ r: Report, _ layer: [(zone: String, wkb: [UInt8])], _ zone: String) throws -> (valid: Bool, polygons: Int, m2: Double, type: GeometryType) {
        try shape(#require(layer.first { $0.zone == zone }).wkb, r.crs)
    }

    @Test func demolishedTerraceIsOneSiteOfOnePiece() throws {
        // Five 8 × 12 houses sharing walls (x = 100, 108, …, 140), all demolished: 5 × 96 = 480 m² of
        // freed land in one piece 40 × 12, one site. A detached 20 × 20 house at (300, 300), demolished
        // too, is 160 m away: a second site of 400 m², one piece.
        let terrace = (0..<5).map { rect(100 + 8 * Double($0), 100, 108 + 8 * Double($0), 112) }
        let r = try Scenario().report(before: terrace + [rect(300, 300, 320, 320)], after: [])
        let west = zone(r, "West")
        #expect(west.demolished == 6 && close(west.freedM2, 880) && west.sites == 2)
        let sites = r.sites.filter { $0.zone == "West" }
        #expect(sites.count == 2)
        if sites.count == 2 {
            #expect(close(sites[0].m2, 480) && sites[0].pieces == 1)     // sites are listed largest first
            #expect(close(sites[1].m2, 400) && sites[1].pieces == 1)
            let terraceSite = try shape(sites[0].wkb, r.crs)
            #expect(terraceSite.valid && terraceSite.polygons == 1 && close(terraceSite.m2, 480))
            #expect(terraceSite.type == .multiPolygon)
        }
        // Each zone's land: the terrace dissolved into one polygon, the detached house as it was.
        for layer in [r.clearedLand, r.freedLand] {
            let west = try land(r, layer, "West")
            #expect(west.valid && west.polygons == 2 && close(west.m2, 880) && west.type == .multiPolygon)
        }
        // Every feature of the layers results.gpkg is given is valid.
        for layer in resultLayers(r) where ["zones", "cleared_land", "freed_land", "sites"].contains(layer.name) {
            for k in 0..<layer.rowCount { #expect(try shape(#require(layer.row(k).wkb), r.crs).valid, "\(layer.name) \(k)") }
        }
    }

    @Test func overlappingDemolishedBuildingsAreOnePiece() throws {
        // Two 20 × 20 buildings overlapping by 10 × 20, both demolished: 400 + 400 − 200 = 600 m² counted
        // once. The second's piece (x 120…130) borders the first along x = 120: one piece 30 × 20.
        let r = try Scenario().report(before: [rect(100, 100, 120, 120), rect(110, 100, 130, 120)], after: [])
        #expect(r.sites.count == 1)
        if let site = r.sites.first {
            #expect(close(site.m2, 600) && site.pieces == 1)
            let s = try shape(site.wkb, r.crs)
            #expect(s.valid && s.polygons == 1 && close(s.m2, 600))
        }
        for layer in [r.clearedLand, r.freedLand] {
            let west = try land(r, layer, "West")
            #expect(west.valid && west.polygons == 1 && close(west.m2, 600))
        }
    }

    /// Two 20 × 20 buildings, both demolished, that do not share a wall: 1 m apart (x 100…120 and
    /// 121…141, within the 2 m site gap), or meeting at the point (120, 120) only (parts of a
    /// multipolygon may meet at a point). One site of 800 m² either way, but two pieces of land;
    /// nothing to dissolve.
    @Test(arguments: [[rect(100, 100, 120, 120), rect(121, 100, 141, 120)], [rect(100, 100, 120, 120), rect(120, 120, 140, 140)]])
    func plotsThatShareNoWallStayTwoPieces(_ plots: [[UInt8]]) throws {
        let r = try Scenario().report(before: plots, after: [])
        #expect(r.sites.count == 1)
        if let site = r.sites.first {
            #expect(close(site.m2, 800) && site.pieces == 2)
            let s = try shape(site.wkb, r.crs)
            #expect(s.valid && s.polygons == 2 && close(s.m2, 800))
        }
        let freed = try land(r, r.freedLand, "West")
        #expect(freed.valid && freed.polygons == 2 && close(freed.m2, 800))
    }

    @Test func terraceCutByAZoneBoundaryIsOnePieceOnEachSide() throws {
        // Four 10 × 12 houses sharing walls from x = 980 to 1020, demolished: the boundary at x = 1000
        // leaves two houses (240 m²) on each side, one piece 20 × 12 and one site in each zone.
        let terrace = (0..<4).map { rect(980 + 10 * Double($0), 500, 990 + 10 * Double($0), 512) }
        let r = try Scenario().report(before: terrace, after: [])
        for name in ["West", "East"] {
            let freed = try land(r, r.freedLand, name)
            #expect(freed.valid && freed.polygons == 1 && close(freed.m2, 240), "\(name)")
            let site = r.sites.first { $0.zone == name }
            #expect(site.map { close($0.m2, 240) && $0.pieces == 1 } == true, "\(name)")
        }
    }

    // `dissolvedWhereTouching` on its own, over the kinds of pieces it is given.

    @Test func piecesApartAreCopiedByteForByte() throws {
        // A polygon, a polygon with a hole, and a MultiPolygon of two: none touches another.
        let pieces = [rect(0, 0, 10, 10),
                      polygon([[20, 0, 40, 0, 40, 20, 20, 20, 20, 0], [25, 5, 25, 15, 35, 15, 35, 5, 25, 5]]),
                      PolygonWKB.joined([rect(50, 0, 60, 10), rect(70, 0, 80, 10)])!]
        let w = try Worker(metricCRS: equalAreaCRS)
        let out = try dissolvedWhereTouching(pieces, w)
        #expect(out == PolygonWKB.joined(pieces))
        let g = try Geometry(wkb: out, context: geos)
        #expect(try g.isValid() && g.numGeometries == 4 && close(try g.area(), 100 + 300 + 200))   // 20² − 10² = 300
    }

    @Test func touchingPiecesAreDissolvedWhateverTheirKind() throws {
        // A 30 × 30 square with a 10 × 10 hole, the hole's filling, a MultiPolygon holding one square
        // beside the first (x 30…40) and one far off (x 100…110), and an empty polygon. The first three
        // meet: one 40 × 30 polygon without a hole (1200 m²); the far square stays: 1300 m², 2 polygons.
        let pieces = [polygon([[0, 0, 30, 0, 30, 30, 0, 30, 0, 0], [10, 10, 10, 20, 20, 20, 20, 10, 10, 10]]),
                      rect(10, 10, 20, 20),
                      PolygonWKB.joined([rect(30, 0, 40, 30), rect(100, 0, 110, 10)])!,
                      polygon([])]
        let w = try Worker(metricCRS: equalAreaCRS)
        let out = try Geometry(wkb: dissolvedWhereTouching(pieces, w), context: geos)
        #expect(try out.isValid() && out.numGeometries == 2 && close(try out.area(), 1300))
        let areas = try out.parts().map { try $0.area() }.sorted()
        #expect(areas.count == 2 && close(areas[0], 100) && close(areas[1], 1200))
        #expect(try out.parts().allSatisfy { try $0.polygonRings().allSatisfy { $0.holes.isEmpty } })
    }
}
