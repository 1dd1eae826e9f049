// GEOS wrapper: values worked out by hand on unit squares and rectangles.
import Testing
@testable import Geos

@Suite struct GeometryTests {
    let ctx = GeosContext()

    func g(_ wkt: String) throws -> Geometry { try Geometry(wkt: wkt, context: ctx) }

    @Test(arguments: [
        ("POLYGON((0 0,10 0,10 10,0 10,0 0))", 100.0),                                  // 10 × 10
        ("POLYGON((0 0,0 10,10 10,10 0,0 0))", 100.0),                                  // clockwise: still positive
        ("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,4 2,4 4,2 4,2 2))", 96.0),            // 100 − 2×2 hole
        ("MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((5 5,8 5,8 7,5 7,5 5)))", 7.0),         // 1 + 3×2
        ("POLYGON EMPTY", 0.0),
        ("LINESTRING(0 0,3 4)", 0.0),
    ])
    func area(wkt: String, expected: Double) throws {
        #expect(try g(wkt).area() == expected)
    }

    @Test func areasOfAnArray() throws {
        let shapes = try [
            "POLYGON((0 0,0 10,10 10,10 0,0 0))",                                            // 10 × 10, clockwise
            "POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,4 2,4 4,2 4,2 2))",                      // 100 − 2×2
            "MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((5 5,8 5,8 7,5 7,5 5)))",                 // 1 + 3×2
            "POLYGON EMPTY",
        ].map(g)
        #expect(try Geometry.areas(of: shapes) == [100, 96, 7, 0])
        #expect(try Geometry.areas(of: []) == [])
    }

    @Test func lengthAndDistance() throws {
        #expect(try g("LINESTRING(0 0,3 4)").length() == 5)                               // 3-4-5 triangle
        #expect(try g("POINT(0 0)").distance(to: g("POINT(6 8)")) == 10)
        #expect(try g("POLYGON((0 0,2 0,2 1,0 1,0 0))").length() == 6)                     // perimeter 2+1+2+1
    }

    @Test func preparedDistanceAgreesWithHandArithmetic() throws {
        // A 10 × 10 square with a 2 × 2 hole at (4…6, 4…6); hand distances to its outline.
        let square = try g("POLYGON((0 0,10 0,10 10,0 10,0 0),(4 4,6 4,6 6,4 6,4 4))").prepared()
        #expect(try square.distance(to: g("POINT(13 14)")) == 5)                             // to the corner (10, 10): 3-4-5
        #expect(try square.distance(to: g("POLYGON((12 0,15 0,15 3,12 3,12 0))")) == 2)     // 2 m east of the edge x = 10
        #expect(try square.distance(to: g("POINT(5 5)")) == 1)                               // in the hole, 1 m from its sides
        #expect(try square.distance(to: g("POINT(2 2)")) == 0)                               // on the land
        #expect(try square.isWithinDistance(2, of: g("POLYGON((12 0,15 0,15 3,12 3,12 0))")))
        #expect(try !square.isWithinDistance(1.9, of: g("POLYGON((12 0,15 0,15 3,12 3,12 0))")))
    }

    @Test func ringCountCountsShellsAndHoles() throws {
        #expect(try g("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,4 2,4 4,2 4,2 2),(6 6,8 6,8 8,6 8,6 6))").ringCount == 3)
        #expect(try g("MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((5 5,8 5,8 7,5 7,5 5),(6 6,7 6,7 6.5,6 6))))").ringCount == 3)
        #expect(try g("POLYGON EMPTY").ringCount == 0)
        #expect(try g("LINESTRING(0 0,3 4)").ringCount == 0)
    }

    @Test func hausdorffDistanceCountsPointsAlongEdges() throws {
        // A straight 10 m wall and the same wall with a 0.3 m bump at its middle: 0.3 from the bump's
        // apex to the wall. The wall's vertices alone are 0 from the other line: densified, the
        // wall's middle (5, 0) is 0.3 from the apex side too, but its nearest point on the other is
        // the apex itself at 0.3; either way the distance is 0.3.
        let wall = try g("LINESTRING(0 0,10 0)"), bumped = try g("LINESTRING(0 0,5 0.3,10 0)")
        #expect(abs(try wall.hausdorffDistance(to: bumped, densify: 0.01) - 0.3) < 1e-12)
        // Unit square against the 2 × 2 square sharing its corner (0, 0): the far corner (2, 2) is
        // √2 from (1, 1).
        let d = try g("LINESTRING(0 0,1 0,1 1,0 1,0 0)").hausdorffDistance(to: g("LINESTRING(0 0,2 0,2 2,0 2,0 0)"), densify: 0.1)
        #expect(abs(d - 2.0.squareRoot()) < 1e-12)
    }

    @Test func orientationDecidesARoundingStepAcross() {
        // The wall x = 350,006 walked north from y = 3,450,000 to 3,450,012: a point east of it is to
        // the right (-1), west to the left (1), on it 0, and so one rounding step either side of
        // 350,006 (the difference of the two x values is then exact, and the cross product
        // 12 × ±2^-34 is far from zero). Walked south, the sides swap.
        let (a, b) = ((x: 350_006.0, y: 3_450_000.0), (x: 350_006.0, y: 3_450_012.0))
        #expect(ctx.orientation(a, b, (x: 350_010, y: 3_450_006)) == -1)
        #expect(ctx.orientation(a, b, (x: 350_000, y: 3_450_006)) == 1)
        #expect(ctx.orientation(a, b, (x: 350_006, y: 3_450_100)) == 0)
        #expect(ctx.orientation(a, b, (x: 350_006.0.nextUp, y: 3_450_006)) == -1)
        #expect(ctx.orientation(a, b, (x: 350_006.0.nextDown, y: 3_450_006)) == 1)
        #expect(ctx.orientation(b, a, (x: 350_006.0.nextUp, y: 3_450_006)) == 1)
        // A slanted line through (0, 0) and (3, 1): (6, 2) on it, (6, 2 + 2^-51) above it (left).
        #expect(ctx.orientation((x: 0, y: 0), (x: 3, y: 1), (x: 6, y: 2)) == 0)
        #expect(ctx.orientation((x: 0, y: 0), (x: 3, y: 1), (x: 6, y: 2.0.nextUp)) == 1)
    }

    @Test func wkbRoundTrip() throws {
        let poly = try g("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,4 2,4 4,2 4,2 2))")
        let back = try Geometry(wkb: poly.wkb, context: ctx)
        #expect(try back.equalsExact(poly, tolerance: 0))
        #expect(poly.wkb.count == 1 + 4 + 4 + (4 + 5 * 16) * 2)                          // header, 2 rings of 5 points
        #expect(poly.wkb[0] == 1)                                                          // little-endian
    }

    @Test func multiPolygonWKBByteForByte() throws {
        // ISO WKB by the OGC layout: byte order 1, type 6 and 2 parts; each part byte order 1, type 3,
        // its ring count, then per ring its point count and x, y as little-endian doubles. The empty
        // third part is left out (as a polygon with no rings it would carry no land).
        let m = try g("MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2)), ((20 0, 21.5 0, 21.5 1e-9, 20 0)), EMPTY)")
        func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        func ring(_ xy: [Double]) -> [UInt8] {
            u32(UInt32(xy.count / 2)) + xy.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
        }
        let expected = [1] + u32(6) + u32(2)
            + [1] + u32(3) + u32(2) + ring([0, 0, 10, 0, 10, 10, 0, 10, 0, 0]) + ring([2, 2, 2, 4, 4, 4, 4, 2, 2, 2])
            + [1] + u32(3) + u32(1) + ring([20, 0, 21.5, 0, 21.5, 1e-9, 20, 0])
        #expect(m.wkb == expected)
        let p = try g("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
        #expect(p.wkb == [1] + u32(3) + u32(1) + ring([0, 0, 10, 0, 10, 10, 0, 10, 0, 0]))
    }

    @Test func invalidWKTThrowsSwiftError() {
        #expect(throws: GEOSError.self) { try Geometry(wkt: "POLYGON((0 0, 1 1", context: ctx) }
        #expect(throws: GEOSError.self) { try Geometry(wkt: "not wkt at all", context: ctx) }
        #expect(throws: GEOSError.self) { try Geometry(wkb: [1, 3, 0, 0], context: ctx) }
        do { _ = try Geometry(wkt: "POLYGON((0 0, 1 1", context: ctx) } catch {
            #expect(error.message.contains("ParseException"))
        }
    }

    @Test func overlay() throws {
        let a = try g("POLYGON((0 0,10 0,10 10,0 10,0 0))")
        let b = try g("POLYGON((5 0,15 0,15 10,5 10,5 0))")
        #expect(try a.intersection(b).area() == 50)                                        // 5 × 10
        #expect(try a.difference(b).area() == 50)
        #expect(try a.union(b).area() == 150)                                              // 15 × 10
        #expect(try a.intersection(b, gridSize: 1).area() == 50)
        let both = try g("MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((5 0,15 0,15 10,5 10,5 0)))")
        #expect(try both.unaryUnion().area() == 150)                                       // overlap counted once
        let tiles = try g("MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((1 0,2 0,2 1,1 1,1 0)))")
        let merged = try tiles.coverageUnion()
        #expect(merged.type == .polygon)
        #expect(try merged.area() == 2)
    }

    @Test func snappingMovesOnlyVerticesWithinTheTolerance() throws {
        // The corner 0.05 off (0.05 across, 0.03 up: 0.058 away) moves onto (0, 0); the one 0.3 off
        // stays, and the reference's (10, 10), on the top edge, is put into it. The square then has
        // area 10 × 10 plus the triangle (10, 0), (10.3, 10), (10, 10), ½ × 0.3 × 10 = 1.5: 101.5.
        // (shapely 2.2, GEOS 3.14: snap(a, reference, 0.1) is POLYGON ((0 0, 10 0, 10.3 10, 10 10,
        // 0 10, 0 0)); with 0.01, the first corner stays where it was.)
        let a = try g("POLYGON((0.05 0.03,10 0,10.3 10,0 10,0.05 0.03))")
        let reference = try g("POLYGON((0 0,10 0,10 10,0 10,0 0))")
        let moved = try a.snapped(to: reference, tolerance: 0.1)
        #expect(try moved.equalsExact(g("POLYGON((0 0,10 0,10.3 10,10 10,0 10,0 0))"), tolerance: 0))
        #expect(abs(try moved.area() - 101.5) < 1e-9)
        #expect(try a.snapped(to: reference, tolerance: 0.01).equalsExact(g("POLYGON((0.05 0.03,10 0,10.3 10,10 10,0 10,0.05 0.03))"), tolerance: 0))
    }

    @Test func bufferOfSquare() throws {
        // Negative buffer of a 10 × 10 square by 1 is the 8 × 8 square: mitred corners vanish inward.
        #expect(try g("POLYGON((0 0,10 0,10 10,0 10,0 0))").buffer(-1).area() == 64)
        // A 0.05-wide strip vanishes under a −0.05 buffer: it is thinner than 0.1.
        #expect(try g("POLYGON((0 0,10 0,10 0.05,0 0.05,0 0))").buffer(-0.05).isEmpty)
    }

    @Test func predicates() throws {
        let a = try g("POLYGON((0 0,10 0,10 10,0 10,0 0))")
        let inner = try g("POLYGON((2 2,3 2,3 3,2 3,2 2))")
        let touching = try g("POLYGON((10 0,11 0,11 1,10 1,10 0))")
        #expect(try a.contains(inner))
        #expect(try inner.within(a))
        #expect(try a.touches(touching))
        #expect(try !a.overlaps(touching))
        #expect(try a.intersects(touching))
        #expect(try a.disjoint(g("POINT(20 20)")))
        // Within a distance: the square 10…11 is 0 from `a`; POINT(13 4) is 3 from its edge x = 10.
        #expect(try a.isWithinDistance(0, of: touching))
        #expect(try a.isWithinDistance(3, of: g("POINT(13 4)")))
        #expect(try !a.isWithinDistance(2.9, of: g("POINT(13 4)")))
        // Interiors meet: overlapping or nested, not merely touching or apart.
        #expect(try a.interiorsIntersect(inner))
        #expect(try a.interiorsIntersect(g("POLYGON((9 9,12 9,12 12,9 12,9 9))")))
        #expect(try !a.interiorsIntersect(touching))
        #expect(try !a.interiorsIntersect(g("POLYGON((20 20,21 20,21 21,20 20))")))
        let p = try a.prepared()
        #expect(try p.containsProperly(inner))
        #expect(try !p.containsProperly(touching))
        #expect(try p.intersects(touching))
        #expect(try p.covers(inner))
    }

    @Test func validityAndRepair() throws {
        // Bow-tie: two triangles of area 0.5·2·1 = 1 each; GEOS's signed shoelace gives 0 before repair.
        let bowtie = try g("POLYGON((0 0,2 2,2 0,0 2,0 0))")
        #expect(try !bowtie.isValid())
        #expect(try bowtie.validityReason().hasPrefix("Self-intersection"))
        #expect(try bowtie.area() == 0)
        let fixed = try bowtie.makeValid()
        #expect(try fixed.isValid())
        #expect(try fixed.area() == 2)
        // Spike: the 10 × 10 square with a zero-width spike to (15 5); repair keeps the square's area.
        let spike = try g("POLYGON((0 0,10 0,10 5,15 5,10 5,10 10,0 10,0 0))")
        #expect(try !spike.isValid())
        let repaired = try spike.makeValid()
        #expect(try repaired.area() == 100)
        #expect(try repaired.polygonalPart()?.area() == 100)
        // Repeated points are valid to GEOS.
        #expect(try g("POLYGON((0 0,10 0,10 0,10 10,0 10,0 0))").isValid())
    }

    @Test func ringsAndConstruction() throws {
        let poly = try Geometry.polygon(shell: [0, 0, 4, 0, 4, 3, 0, 3], holes: [[1, 1, 2, 1, 2, 2, 1, 2]], context: ctx)
        #expect(try poly.area() == 11)                                                     // 4×3 − 1
        let rings = try poly.polygonRings()
        #expect(rings.count == 1)
        #expect(rings[0].shell == [0, 0, 4, 0, 4, 3, 0, 3, 0, 0])                          // closed by construction
        #expect(rings[0].holes.count == 1)
        #expect(poly.envelope == Envelope(minX: 0, minY: 0, maxX: 4, maxY: 3))
        let multi = try Geometry.collection([poly, try g("POLYGON((10 10,11 10,11 11,10 11,10 10))")], as: .multiPolygon, context: ctx)
        #expect(multi.numGeometries == 2)
        #expect(try multi.area() == 12)
        #expect(try multi.parts().count == 2)
    }

    @Test func strtreeFindsOnlyNeighbours() throws {
        let tree = STRtree(context: ctx)
        // A 10 × 10 grid of unit squares at integer offsets 0, 2, 4, … (gaps of 1 between them).
        for i in 0..<100 {
            let x = Double(i % 10) * 2, y = Double(i / 10) * 2
            tree.insert(try g("POLYGON((\(x) \(y),\(x + 1) \(y),\(x + 1) \(y + 1),\(x) \(y + 1),\(x) \(y)))"), item: i)
        }
        // The box [2.5, 4.5] × [0.5, 2.5] meets the squares at x=2 and x=4 in rows 0 and 1.
        let found = try tree.query(Envelope(minX: 2.5, minY: 0.5, maxX: 4.5, maxY: 2.5))
        #expect(found == [1, 2, 11, 12])
        #expect(try tree.query(Envelope(minX: 100, minY: 100, maxX: 101, maxY: 101)).isEmpty)
    }
}

@Suite struct WKBEncodingTests {
    @Test func multipolygonWithHoleRoundTrips() throws {
        let ctx = GeosContext()
        let wkt = "MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0),(2 2,4 2,4 4,2 4,2 2)),((20 20,21 20,21 21,20 21,20 20)))"
        let g = try Geometry(wkt: wkt, context: ctx)
        let bytes = g.wkb
        // Header 9 + per polygon (9 + 4 per ring + 16 per point): (9 + 8 + 160) + (9 + 4 + 80) = 270.
        #expect(bytes.count == 9 + (9 + 8 + 160) + (9 + 4 + 80))
        #expect(Array(bytes.prefix(5)) == [1, 6, 0, 0, 0])                              // NDR, MultiPolygon
        #expect(try Geometry(wkb: bytes, context: ctx).equalsExact(g, tolerance: 0))
        // A point still goes through GEOS's writer: 1 + 4 + 16 bytes.
        #expect(try Geometry(wkt: "POINT(1 2)", context: ctx).wkb.count == 21)
    }
}

@Suite struct ExtremeCoordinateTests {
    @Test func hugeAndNaNCoordinatesDoNotCrashTheWrapper() throws {
        let ctx = GeosContext()
        let huge = try Geometry.polygon(shell: [0, 0, 1e120, 0, 1e120, 1e120, 0, 1e120], context: ctx)
        #expect(huge.wkt.contains("beyond"))
        let nan = try Geometry.polygon(shell: [0, 0, .nan, 0, 1, 1, 0, 1], context: ctx)
        #expect(throws: GEOSError.self) { try nan.normalized() }
        #expect(try Geometry(wkt: "POINT(1 2)", context: ctx).normalized().wkt == "POINT (1 2)")
    }
}

@Suite struct OrdinaryWKTTests {
    @Test func ordinaryGeometriesStillPrint() throws {
        let ctx = GeosContext()
        let mp = try Geometry(wkt: "MULTIPOINT((1 2))", context: ctx).wkt
        #expect(mp == "MULTIPOINT ((1 2))" || mp == "MULTIPOINT (1 2)", "\(mp)")        // GEOS versions differ here
        #expect(try Geometry(wkt: "GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(0 0,1 1))", context: ctx).wkt
                == "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))")
    }
}
