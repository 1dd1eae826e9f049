// `parcels report` on hand-made cases; each expected figure is worked out in the comment beside it.
import Foundation
import GeoIO
import Testing
@testable import Parcels

@Suite struct ReportTests {
    @Test func demolishedBuilding() throws {
        // A 20 × 20 building gone from the after survey: 400 m² cleared, all of it freed.
        let r = try Scenario().report(before: [rect(100, 100, 120, 120)], after: [])
        let west = zone(r, "West")
        #expect(close(west.clearedM2, 400))
        #expect(close(west.freedM2, 400))
        #expect(west.demolished == 1 && west.partlyDemolished == 0 && west.unchanged == 0)
        #expect(close(west.beforeM2, 400))
        #expect(west.sites == 1 && close(west.siteAreaM2, 400))            // 400 ≥ 200 m² minimum
        #expect(r.checks.allSatisfy { $0.ok })
    }

    @Test func halfDemolished() throws {
        // 40 × 10 = 400 m² before; the western 20 × 10 stands after: 200 m² cleared, partly demolished.
        let r = try Scenario().report(before: [rect(200, 100, 240, 110)], after: [rect(200, 100, 220, 110)])
        let west = zone(r, "West")
        #expect(close(west.clearedM2, 200))
        #expect(west.partlyDemolished == 1 && west.demolished == 0 && west.newStructures == 0)
        #expect(close(west.afterM2, 200))
    }

    @Test func resurveyNoiseIsNotClearedLand() throws {
        // The same 10 × 10 building re-surveyed with every vertex 5 cm off: 0 cleared, unchanged.
        // Second building: same, but digitised from another corner and clockwise (the full overlay
        // path), with slivers up to 5 cm wide — thinner than the 0.1 m tolerance, so still 0.
        let r = try Scenario().report(
            before: [rect(300, 100, 310, 110), rect(400, 100, 420, 110)],
            after: [polygon([[300.05, 100.03, 310.04, 99.96, 309.95, 110.05, 299.97, 109.96, 300.05, 100.03]]),
                    polygon([[420.05, 110.0, 420.05, 100.0, 400.05, 100.0, 400.05, 110.0, 420.05, 110.0]])])
        let west = zone(r, "West")
        #expect(west.clearedM2 == 0)
        #expect(west.unchanged == 2 && west.demolished == 0 && west.partlyDemolished == 0 && west.newStructures == 0)
        // Without the tolerance the 5 cm strip of the second building is cleared: 0.05 × 10 = 0.5 m².
        let raw = try Scenario().report(before: [rect(400, 100, 420, 110)],
                                        after: [polygon([[420.05, 110.0, 420.05, 100.0, 400.05, 100.0, 400.05, 110.0, 420.05, 110.0]])]) {
            $0.tolerance = 0
        }
        #expect(close(zone(raw, "West").clearedM2, 0.5))
    }

    @Test func aNoisyKeptPartLeavesTheDemolishedPartCleared() throws {
        // 40 × 10 before; after, its western half re-surveyed with every corner a few centimetres off
        // (two of them within the 0.1 m tolerance of the building's corners, which snapping moves onto
        // them) and the cut from (620.03, 100.02) to (619.98, 110.04). Cleared: the building east of
        // the cut line, whose x is 620.03 − 0.05 (y − 100.02) / 10.02: 620.0300998 at y = 100 and
        // 619.9801996 at y = 110, a trapezoid of 10 × (640 − 620.0051497) = 199.9485 m²; the slivers
        // under 2 cm wide along the kept part's sides are not cleared land.
        let r = try Scenario().report(before: [rect(600, 100, 640, 110)],
                                      after: [polygon([[600.04, 99.97, 620.03, 100.02, 619.98, 110.04, 599.97, 110.03, 600.04, 99.97]])])
        let west = zone(r, "West")
        #expect(close(west.clearedM2, 199.9485))
        #expect(west.partlyDemolished == 1 && west.demolished == 0 && west.newStructures == 0)
    }

    @Test func aCoverSnappingWouldFoldIsTakenAsItIs() throws {
        // The after-building is a 10 × 10 square with a courtyard (301…309 × 300.05…305) 5 cm from its
        // south wall; the before-building, 301…309 × 295…300 with a gable to (305, 302), reaches into the
        // courtyard across that wall. Snapping the square onto the gable's corners (301, 300) and
        // (309, 300) would lay the courtyard's south side on the wall, an invalid polygon (shapely 2.2
        // on GEOS 3.14: snap(...).is_valid is False, "Self-intersection[1 0]" in coordinates less 300)
        // whose difference counts the wall as uncovered (48.0 m²). So the square is taken as it is:
        // 40 m² of rectangle and 8 m² of gable, less the wall's 5 cm strip across the gable,
        // ∫₀^0.05 8 (1 − y/2) dy = 0.395 m², is 47.605 m² cleared (two pieces, both wide), and the
        // building is demolished: 0.395 m² in common is no continuation.
        let square = polygon([[300, 300, 310, 300, 310, 310, 300, 310, 300, 300],
                              [301, 300.05, 301, 305, 309, 305, 309, 300.05, 301, 300.05]])
        let r = try Scenario().report(before: [polygon([[301, 295, 309, 295, 309, 300, 305, 302, 301, 300, 301, 295]])],
                                      after: [square])
        let west = zone(r, "West")
        #expect(close(west.clearedM2, 47.605))
        #expect(west.demolished == 1 && west.newStructures == 1 && west.rebuilt == 0)
    }

    @Test func aRoundKioskOfCloseVerticesHalfDemolished() throws {
        // A round kiosk of radius 1.4 m drawn with 100 vertices (8.8 cm apart, closer than the 0.1 m
        // tolerance); after, its northern half redrawn 3 cm wider, 51 vertices half a step round, cut
        // along a diameter tilted by half a step, which crosses the middles of two opposite edges and
        // halves the 100-gon. Cleared: half of ½ n r² sin(2π/n) = 49 sin(π/50) = 3.0767 m². Snapped onto
        // the kiosk, the half became the whole disc (shapely 2.2 on GEOS 3.14: snap(...) is valid, with
        // area 6.153), which would have cleared nothing; here snapping is not used where vertices lie
        // closer than twice the tolerance, nor where it changes the area by more than a band of the
        // tolerance's width along the outlines.
        let (cx, cy) = (500.0, 500.0)
        let kiosk = (0...100).flatMap { k -> [Double] in
            let t = 2 * Double.pi * Double(k % 100) / 100
            return [cx + 1.4 * cos(t), cy + 1.4 * sin(t)]
        }
        let half = (0...50).flatMap { k -> [Double] in
            let t = Double.pi * Double(k) / 50 + Double.pi / 100
            return [cx + 1.43 * cos(t), cy + 1.43 * sin(t)]
        } + [cx + 1.43 * cos(Double.pi / 100), cy + 1.43 * sin(Double.pi / 100)]
        let r = try Scenario().report(before: [polygon([kiosk])], after: [polygon([half])])
        let west = zone(r, "West")
        #expect(close(west.clearedM2, 49 * sin(Double.pi / 50)))
        #expect(west.partlyDemolished == 1)
    }

    @Test func overlayCRSNotTrueToScaleIsWarnedAbout() throws {
        // The tolerance and the site gap are lengths in the overlay CRS. Web Mercator at Shanghai
        // stretches both ways by 1.17 (pyproj: Proj('EPSG:3857').get_factors(121.5032003, 31.2009470)
        // gives parallel_scale 1.1691042711 and meridional_scale 1.1691042711; the building's centre from
        // Transformer.from_crs(equalAreaCRS, 4326).transform(305, 105)): beyond 10 %, so a warning says
        // where and by how much. In the UTM zone (scale 0.9996 to 1.0004) there is none.
        // QA pass 11: world zones put Norway's buildings in EPSG:6933, 2.49 × 0.40 at 69.66° N, and ±6 cm
        // re-survey noise there became 222 m² of cleared land, with no word of it.
        let before = [rect(300, 100, 310, 110)]
        let mercator = try Scenario().report(before: before, after: before) { $0.crs = "EPSG:3857" }
        #expect(mercator.warnings.contains("the overlay CRS EPSG:3857 is not true to scale where the before survey lies: at lon 121.50320, lat 31.20095 a metre east on the ground is 1.17 m on the map and a metre north 1.17 m, so the tolerance (0.1 m) and the site gap (2.0 m) are not metres there and re-survey noise may count as cleared land; give --crs a CRS true to scale there (its UTM zone is EPSG:32651), with zones of that area"))
        let utm = try Scenario().report(before: before, after: before)
        #expect(!utm.warnings.contains { $0.contains("true to scale") })
    }

    @Test func smallLandOutsideEveryZoneIsWarnedWithItsFigure() throws {
        // A 10.3 m × 0.1 m strip of footprint, 0.3 m of it past East's edge at x = 2000: 0.3 × 0.1 =
        // 0.03 m² outside every zone. Said from 0.01 m² on, it was printed "0.0 m² of before-survey
        // footprints lie outside every zone" (QA pass 11: NYC buildings clipped by the boroughs in UTM,
        // 0.023 m² past the boroughs as the zones draw them); below 1 m² now with three decimals.
        let building = rect(1990, 500, 2000.3, 500.1)
        let r = try Scenario().report(before: [building], after: [building])
        #expect(r.warnings.contains("0.030 m² of before-survey footprints lie outside every zone (not in the totals)"))
    }

    @Test func newStructureOnClearedLand() throws {
        // A 20 × 20 building demolished and a 5 × 5 shed built inside its footprint: cleared 400 − 25 = 375;
        // the shed is a new structure and a rebuild. A 6 × 6 hut on open land is new, not rebuilt.
        let r = try Scenario().report(before: [rect(100, 100, 120, 120)],
                                      after: [rect(105, 105, 110, 110), rect(500, 500, 506, 506)])
        let west = zone(r, "West")
        #expect(close(west.clearedM2, 375))
        #expect(west.demolished == 1)
        #expect(west.newStructures == 2 && west.rebuilt == 1)
        #expect(close(west.afterM2, 25 + 36))
    }

    @Test func overlappingFootprintsCountOnce() throws {
        // Two 20 × 20 footprints overlapping by 10 × 20, both gone: union 600 m², not 800.
        let r = try Scenario().report(before: [rect(100, 100, 120, 120), rect(110, 100, 130, 120)], after: [])
        let west = zone(r, "West")
        #expect(close(west.clearedM2, 600))
        #expect(close(west.beforeM2, 600))
        #expect(west.demolished == 2)
    }

    @Test func terracedHousesSharingWalls() throws {
        // A terrace of six 6 × 12 houses sharing walls (x = 100, 106, …, 136) and a seventh, 6 × 12 from
        // 135.5, drawn 0.5 m over the sixth (0.5 × 12 = 6 m² counted once). After: the third house
        // gone (72 m²), the fifth's rear 4 m gone (6 × 4 = 24 m²), the rest as they were.
        // Before land: 7 × 72 − 6 = 498; after: 72 × 3 + 6 × 8 + (72 + 72 − 6) = 402; cleared 96. The two
        // cleared pieces (72 and 24 m²) are 6 m apart and under the 200 m² of a site.
        let houses = (0..<6).map { rect(100 + 6 * Double($0), 100, 106 + 6 * Double($0), 112) } + [rect(135.5, 100, 141.5, 112)]
        let after = [houses[0], houses[1], houses[3], rect(124, 100, 130, 108), houses[5], houses[6]]
        let r = try Scenario().report(before: houses, after: after)
        let west = zone(r, "West")
        #expect(close(west.beforeM2, 498) && close(west.afterM2, 402))
        #expect(close(west.clearedM2, 96) && close(west.freedM2, 96))
        #expect(west.demolished == 1 && west.partlyDemolished == 1 && west.unchanged == 5)
        #expect(west.newStructures == 0 && west.rebuilt == 0 && west.sites == 0)
        #expect(r.checks.allSatisfy { $0.ok })
    }

    @Test func buildingAcrossDistrictBoundary() throws {
        // 20 × 10 from x = 990 to 1010, demolished: 100 m² on each side of the boundary at x = 1000.
        let r = try Scenario().report(before: [rect(990, 500, 1010, 510)], after: [])
        #expect(close(zone(r, "West").clearedM2, 100))
        #expect(close(zone(r, "East").clearedM2, 100))
        #expect(close(r.totals.clearedM2, 200))
        #expect(r.totals.demolished == 1)                                  // counted once, in one zone
    }

    @Test func siteSplitByExclusion() throws {
        // 50 × 20 = 1000 m² demolished; a 5 m road crosses it (x 22.5…27.5): 100 m² excluded, freed 900,
        // in two pieces of 22.5 × 20 = 450 m² that are 5 m apart (more than the 2 m gap): two sites.
        let r = try Scenario().report(before: [rect(100, 100, 150, 120)], after: [],
                                      exclusions: [rect(122.5, 0, 127.5, 1000)])
        let west = zone(r, "West")
        #expect(close(west.clearedM2, 1000))
        #expect(close(west.freedM2, 900))
        #expect(west.sites == 2)
        #expect(close(west.siteAreaM2, 900) && close(west.largestSiteM2, 450))
        // With a 6 m gap the two pieces are one site of 900 m².
        let joined = try Scenario().report(before: [rect(100, 100, 150, 120)], after: [],
                                           exclusions: [rect(122.5, 0, 127.5, 1000)]) { $0.siteGap = 6 }
        #expect(zone(joined, "West").sites == 1)
    }

    @Test func exclusionsStackedOverPieces() throws {
        // A: 50 × 20 = 1000 m² demolished under 40 copies of a 250 m square that covers it: 0 freed.
        // B: 40 × 20 = 800 m² crossed by a 5 m road (x 400…405): 800 − 5 × 20 = 700 freed, one site.
        // C: 50 × 20 = 1000 m² under 20 copies of a square with a 2 × 2 hole inside C: 4 m² freed.
        // Cleared 2800, freed 704; sites: B alone (C's 4 m² is under the 200 m² minimum).
        let a = rect(100, 100, 150, 120), b = rect(400, 100, 440, 120), c = rect(600, 100, 650, 120)
        let covers = (0..<40).map { rect(50 + Double($0), 50, 300, 300) }
        let holed = polygon([[550, 50, 700, 50, 700, 300, 550, 300, 550, 50], [620, 105, 620, 107, 622, 107, 622, 105, 620, 105]])
        let r = try Scenario().report(before: [a, b, c], after: [],
                                      exclusions: covers + [rect(400, 0, 405, 1000)] + Array(repeating: holed, count: 20))
        let west = zone(r, "West")
        #expect(close(west.clearedM2, 2800))
        #expect(close(west.freedM2, 704))
        #expect(west.sites == 1 && close(west.siteAreaM2, 700))
        #expect(r.checks.allSatisfy { $0.ok })
    }

    @Test func freedLandPerParcelAndLandUse() throws {
        // 40 × 20 demolished across two parcels split at x = 120: 20 × 20 = 400 m² on each.
        let r = try Scenario().report(before: [rect(100, 100, 140, 120)], after: [],
                                      parcels: [(rect(0, 0, 120, 1000), ["P1", "arable"]), (rect(120, 0, 1000, 1000), ["P2", "residential"])])
        #expect(r.parcels.count == 2)
        #expect(r.parcels.allSatisfy { close($0.freedM2, 400) })
        #expect(close(zone(r, "West").landUse["arable"] ?? 0, 400))
        #expect(close(zone(r, "West").landUse["residential"] ?? 0, 400))
    }

    @Test func overlappingParcelsCountFreedLandOnce() throws {
        // 40 × 20 demolished at x 100…140 (800 m²) under three overlapping parcels, in this layer
        // order: P1 x 0…130, P2 x 110…1000, P3 x 125…135. Each takes what earlier ones left: P1 the
        // 30 × 20 = 600 m² at x 100…130, P2 the 10 × 20 = 200 m² at x 130…140, P3 nothing (its
        // x 125…130 is P1's, x 130…135 P2's). Land uses add up to the 800 m² freed. Land on more than
        // one parcel: x 110…135, 25 × 20 = 500 m² (counted once; a sum of pairs would say 600).
        let r = try Scenario().report(before: [rect(100, 100, 140, 120)], after: [],
                                      parcels: [(rect(0, 0, 130, 1000), ["P1", "arable"]), (rect(110, 0, 1000, 1000), ["P2", "residential"]),
                                                (rect(125, 0, 135, 1000), ["P3", "green"])])
        let west = zone(r, "West")
        #expect(close(west.freedM2, 800))
        #expect(r.parcels.map(\.parcelId) == ["P1", "P2"])
        #expect(close(r.parcels[0].freedM2, 600) && close(r.parcels[1].freedM2, 200))
        #expect(close(west.landUse["arable"] ?? 0, 600) && close(west.landUse["residential"] ?? 0, 200))
        #expect(west.landUse["green"] == nil && west.landUse["(no parcel)"] == nil)
        #expect(r.checks.allSatisfy { $0.ok })
        #expect(r.checks.contains { $0.name == "freed land by land use adds up, every zone" })
        #expect(r.warnings.contains("500.0 m² of freed land lies where parcels overlap (counted once, on the parcel first in the layer); 3 parcels: P1, P2, P3"),
                "\(r.warnings)")

        // The same parcel drawn twice, the freed 20 × 20 = 400 m² wholly inside both: all of it on
        // the first; a 10 × 10 = 100 m² building off every parcel is "(no parcel)".
        let same = try Scenario().report(before: [rect(200, 200, 220, 220), rect(700, 700, 710, 710)], after: [],
                                         parcels: [(rect(0, 0, 500, 500), ["A", "residential"]), (rect(0, 0, 500, 500), ["B", "residential"])])
        let w = zone(same, "West")
        #expect(same.parcels.count == 1 && same.parcels[0].parcelId == "A" && close(same.parcels[0].freedM2, 400))
        #expect(close(w.landUse["residential"] ?? 0, 400) && close(w.landUse["(no parcel)"] ?? 0, 100))
        #expect(same.checks.allSatisfy { $0.ok })
        #expect(same.warnings.contains { $0.hasPrefix("400.0 m² of freed land lies where parcels overlap") && $0.hasSuffix("2 parcels: A, B") })
    }

    @Test func overlappingParcelsOnAPiecePartlyOnNoParcel() throws {
        // 20 × 10 demolished at x 100…120 (200 m²). P1 (first) x 0…112, P2 x 108…115: they overlap on
        // x 108…112 (40 m²), and x 115…120 (50 m²) lies on no parcel, so the two shares (120 + 70)
        // add up to less than the piece: the overlap must still go to P1 alone. P1 120, P2 the
        // 3 × 10 = 30 m² at x 112…115, (no parcel) 50; 40 m² on two parcels.
        let r = try Scenario().report(before: [rect(100, 100, 120, 110)], after: [],
                                      parcels: [(rect(0, 0, 112, 1000), ["P1", "residential"]), (rect(108, 0, 115, 1000), ["P2", "commercial"])])
        let west = zone(r, "West")
        #expect(r.parcels.map(\.parcelId) == ["P1", "P2"])
        #expect(close(r.parcels[0].freedM2, 120) && close(r.parcels[1].freedM2, 30), "\(r.parcels)")
        #expect(close(west.landUse["residential"] ?? 0, 120) && close(west.landUse["commercial"] ?? 0, 30) && close(west.landUse["(no parcel)"] ?? 0, 50))
        #expect(r.warnings.contains("40.0 m² of freed land lies where parcels overlap (counted once, on the parcel first in the layer); 2 parcels: P1, P2"), "\(r.warnings)")
    }

    @Test func overlapsNameOnlyTheParcelsThatOverlap() throws {
        // 60 × 10 demolished at x 100…160 (600 m²). P1 x 0…120 and P2 x 120…141 only touch; P3
        // x 139…1000 overlaps P2 on x 139…141 (20 m²); P4 x 145…150 lies inside P3 (50 m²). Shares:
        // P1 200, P2 210, P3 the 19 × 10 = 190 at x 141…160, P4 nothing. On more than one parcel:
        // 20 + 50 = 70 m², parcels P2, P3, P4 (not P1, which touches P2 but overlaps nothing).
        let r = try Scenario().report(before: [rect(100, 100, 160, 110)], after: [],
                                      parcels: [(rect(0, 0, 120, 1000), ["P1", "a"]), (rect(120, 0, 141, 1000), ["P2", "b"]),
                                                (rect(139, 0, 1000, 1000), ["P3", "c"]), (rect(145, 0, 150, 1000), ["P4", "d"])])
        #expect(r.parcels.map(\.parcelId) == ["P1", "P2", "P3"], "\(r.parcels)")
        #expect(close(r.parcels[0].freedM2, 200) && close(r.parcels[1].freedM2, 210) && close(r.parcels[2].freedM2, 190))
        #expect(r.warnings.contains("70.0 m² of freed land lies where parcels overlap (counted once, on the parcel first in the layer); 3 parcels: P2, P3, P4"),
                "\(r.warnings)")
    }

    @Test func aPieceOverAGridOfOverlappingParcels() throws {
        // 40 × 40 demolished at x, y 100…140 (1,600 m²) over a 1 m grid of 1,600 parcels, each grown by
        // 1 cm on every side, so neighbours overlap by 2 cm. Land on more than one parcel: 39 strips
        // 0.02 × 40 each way, less their 39² crossings counted twice: 2 × 39 × 0.8 − 39² × 0.0004 =
        // 62.4 − 0.6084 = 61.7916 m², on every parcel. The parcels share out the 1,600 m² freed.
        // (Each parcel's overlap was asked of every earlier parcel: 1.3 million relates.)
        var grid: [([UInt8], [String])] = []
        for i in 0..<40 {
            for j in 0..<40 {
                let (x, y) = (100 + Double(i), 100 + Double(j))
                grid.append((rect(x - 0.01, y - 0.01, x + 1.01, y + 1.01), ["G\(i)-\(j)", "residential"]))
            }
        }
        let r = try Scenario().report(before: [rect(100, 100, 140, 140)], after: [], parcels: grid)
        let west = zone(r, "West")
        #expect(close(west.freedM2, 1600))
        #expect(r.parcels.count == 1600)
        #expect(close(r.parcels.reduce(0) { $0 + $1.freedM2 }, 1600))
        #expect(close(west.landUse["residential"] ?? 0, 1600))
        #expect(r.warnings.contains { $0.hasPrefix("61.8 m² of freed land lies where parcels overlap") && $0.contains("1600 parcels") }, "\(r.warnings)")
        #expect(r.checks.allSatisfy { $0.ok })
    }

    @Test func parcelsSharingAnIdKeepTheirLandUses() throws {
        // Two parcels both named X: residential x 0…112 and commercial x 112…1000, under a 20 × 10
        // building at x 100…120: 120 and 80 m², one row each, and a warning naming X. A parcel with
        // an empty land use (x 0…1000, y 500…1000, under a 10 × 10 building) is "(unknown)".
        let r = try Scenario().report(before: [rect(100, 100, 120, 110), rect(300, 600, 310, 610)], after: [],
                                      parcels: [(rect(0, 0, 112, 500), ["X", "residential"]), (rect(112, 0, 1000, 500), ["X", "commercial"]),
                                                (rect(0, 500, 1000, 1000), ["Y", ""])])
        let rows = r.parcels.map { "\($0.parcelId) \($0.landUse)" }
        #expect(rows == ["X residential", "X commercial", "Y (unknown)"], "\(r.parcels)")
        #expect(close(r.parcels[0].freedM2, 120) && close(r.parcels[1].freedM2, 80) && close(r.parcels[2].freedM2, 100))
        #expect(r.warnings.contains { $0.hasSuffix("1 parcel id names more than one parcel (X); their freed land is listed by id, zone and land use") }, "\(r.warnings)")
    }

    @Test func landUseAndParcelIdAreTrimmedOfSpaces() throws {
        // Land use " road" was a second land use beside "road", and a parcel id "P2 " another parcel
        // than "P2"; zone names and a claim's district and building_id were already trimmed. A 20 × 10
        // building at x 490…510 straddles P1 (x 0…500, "road") and P2 (x 500…1000, " road", id "P2 "):
        // 10 × 10 = 100 m² on each, 200 m² of road. A 10 × 10 building lies on the third parcel (y
        // 500…1000), id "  " (blank: none, so named by its fid, 3 in a GeoPackage) and land use
        // "\u{3000}residential " (an ideographic space typed before it): 100 m² residential.
        let r = try Scenario().report(before: [rect(490, 100, 510, 110), rect(300, 600, 310, 610)], after: [],
                                      parcels: [(rect(0, 0, 500, 500), ["P1", "road"]), (rect(500, 0, 1000, 500), ["P2 ", " road"]),
                                                (rect(0, 500, 1000, 1000), ["  ", "\u{3000}residential "])])
        let west = zone(r, "West")
        #expect(west.landUse.keys.sorted() == ["residential", "road"], "\(west.landUse)")
        #expect(close(west.landUse["road"] ?? 0, 200) && close(west.landUse["residential"] ?? 0, 100))
        #expect(r.parcels.map { "\($0.parcelId) \($0.landUse)" } == ["P1 road", "P2 road", "fid 3 residential"], "\(r.parcels)")
        #expect(r.parcels.allSatisfy { close($0.freedM2, 100) })
        #expect(r.checks.allSatisfy { $0.ok })
    }

    @Test func surveyBuildingIdsAreTrimmedWhenMatched() throws {
        // Before: a 20 × 20 building at (100,100); after: a 10 × 10 one in its middle (IoU 100/400 =
        // 0.25, no outline shared), which continues it only by having its building_id. "B1" before and
        // " B1 " after are one id: the building continues (no new structure; it was one). Two blank
        // ids ("  " and "  ") name nothing: the after building is new (they matched as one id before).
        for (beforeId, afterId, new) in [("B1", " B1 ", 0), ("  ", "  ", 1)] {
            let s = Scenario()
            var o = ReportOptions(zones: try s.twoDistricts(),
                                  before: try s.layer("before", fields: ["building_id"], [(rect(100, 100, 120, 120), [beforeId])]),
                                  after: try s.layer("after", fields: ["building_id"], [(rect(105, 105, 115, 115), [afterId])]))
            o.buildingOutcomes = false
            let r = try runReport(o)
            #expect(zone(r, "West").newStructures == new, "'\(beforeId)' '\(afterId)': \(zone(r, "West"))")
        }
    }

    @Test func zoneLandGeometryOnlyWhenAskedFor() throws {
        // A 20 × 20 building in West demolished: 400 m² cleared and freed there, one site of 400 m²
        // (≥ 200). The zones' outlines and their cleared and freed land as multipolygons are for the
        // maps; without them (`landGeometry` off, as `report --format json` asks) every figure is the same.
        let before = [rect(100, 100, 120, 120)]
        let maps = try Scenario().report(before: before, after: [])
        let figures = try Scenario().report(before: before, after: []) { $0.landGeometry = false }
        #expect(maps.zoneOutlines.map(\.zone).sorted() == ["East", "West"])
        #expect(maps.clearedLand.map(\.zone) == ["West"] && maps.freedLand.map(\.zone) == ["West"])
        #expect(figures.zoneOutlines.isEmpty && figures.clearedLand.isEmpty && figures.freedLand.isEmpty)
        #expect(close(zone(figures, "West").clearedM2, 400) && close(zone(figures, "West").freedM2, 400))
        #expect(figures.sites.map(\.zone) == ["West"] && close(figures.sites[0].m2, 400))
        for (a, b) in zip(maps.zones + [maps.totals], figures.zones + [figures.totals]) {
            #expect(a.zone == b.zone && a.clearedM2 == b.clearedM2 && a.freedM2 == b.freedM2 && a.sites == b.sites
                    && a.siteAreaM2 == b.siteAreaM2 && a.beforeM2 == b.beforeM2 && a.afterM2 == b.afterM2)
        }
        #expect(figures.checks.allSatisfy { $0.ok })
    }

    @Test func freedLandOutsideEveryZone() throws {
        // 20 × 10 demolished at y 1100…1110, north of both districts (y 0…1000): 200 m² cleared outside
        // every zone, 5 × 10 = 50 m² of it under a road, so 150 m² freed there, all on parcel P9; it is
        // in `outside`, not in the totals. West has a 20 × 20 demolished building off every parcel.
        let r = try Scenario().report(before: [rect(100, 100, 120, 120), rect(100, 1100, 120, 1110)], after: [],
                                      exclusions: [rect(100, 1100, 105, 1110)],
                                      parcels: [(rect(0, 1050, 500, 1500), ["P9", "green"])])
        #expect(close(r.outside.clearedM2, 200) && close(r.outside.freedM2, 150))
        #expect(close(r.outside.landUse["green"] ?? 0, 150))
        #expect(close(r.totals.clearedM2, 400) && close(r.totals.freedM2, 400))
        #expect(close(zone(r, "West").landUse["(no parcel)"] ?? 0, 400))
        #expect(r.parcels.count == 1 && r.parcels[0].parcelId == "P9" && r.parcels[0].zone == "(outside every zone)"
                && close(r.parcels[0].freedM2, 150))
        #expect(r.sites.allSatisfy { $0.zone == "West" } && r.freedLand.map(\.zone) == ["West"])
        #expect(r.checks.allSatisfy { $0.ok })
        // Without exclusions all of it is freed: 200 m², none excluded.
        let plain = try Scenario().report(before: [rect(100, 100, 120, 120), rect(100, 1100, 120, 1110)], after: [])
        #expect(close(plain.outside.freedM2, 200) && close(plain.outside.clearedM2, 200))
    }

    @Test func unchangedBuildingWithAStripOfClearedLand() throws {
        // A 10 × 8 building re-surveyed 0.12 m east (wider than the 0.1 m tolerance): its 0.12 × 8 =
        // 0.96 m² western strip is cleared land, yet the building is unchanged (under 1 m²). The check
        // bounds cleared land by before land (80 m²), which holds.
        let r = try Scenario().report(before: [rect(300, 300, 310, 308)], after: [rect(300.12, 300, 310.12, 308)])
        let west = zone(r, "West")
        #expect(close(west.clearedM2, 0.96) && west.unchanged == 1 && west.demolished == 0 && west.partlyDemolished == 0)
        #expect(r.checks.allSatisfy { $0.ok }, "\(r.checks.filter { !$0.ok })")
    }

    @Test func failedChecksNameTheirZones() throws {
        // Figures made up so that zone A breaks both bounds while the totals keep them: A clears 150 m²
        // on 100 m² of before land, B 10 of 1000; totals 160 ≤ 1100. A's land uses add to 140 of 150.
        var a = ZoneFigures(zone: "A"), b = ZoneFigures(zone: "B")
        (a.beforeM2, a.clearedM2, a.freedM2, a.landUse) = (100, 150, 150, ["residential": 140])
        (b.beforeM2, b.clearedM2, b.freedM2, b.landUse) = (1000, 10, 10, ["(no parcel)": 10])
        var totals = ZoneFigures(zone: "total")
        totals.add(a); totals.add(b)
        let checks = makeChecks(figures: [a, b], totals: totals, outside: ZoneFigures(zone: "(outside every zone)"),
                                piecesTotal: 160, beforeCount: 0, landUse: true)
        let bound = try #require(checks.first { $0.name == "freed ≤ cleared ≤ before, every zone" })
        #expect(!bound.ok && bound.detail == "A: freed 150.0 ≤ cleared 150.0 ≤ before 100.0 m²")
        let uses = try #require(checks.first { $0.name == "freed land by land use adds up, every zone" })
        #expect(!uses.ok && uses.detail == "A: land uses 140.0 ≠ freed 150.0 m²")
        // Without parcels there are no land uses to check.
        #expect(!makeChecks(figures: [b], totals: b, outside: ZoneFigures(zone: "(outside every zone)"), piecesTotal: 10, beforeCount: 0)
            .contains { $0.name.contains("land use") })
    }

    /// Ten buildings 2,000 m × 2 m in UTM 51N (x 350 km: 150 km west of the central meridian), at
    /// angles 14° … 171°, each crossing the boundary of West (x0 … x0 + 1 km) and East (x0 + 1 … 2 km)
    /// a quarter of the way along, and one another; parcels of 250 × 250 m under all of them.
    static let thin: (zones: [[UInt8]], buildings: [[UInt8]], parcels: [[UInt8]]) = {
        let (x0, y0, length, width) = (350_000.0, 3_450_000.0, 2_000.0, 2.0)
        let angles: [Double] = [14, 29, 37, 52, 66, 113, 127, 141, 158, 171]
        let buildings = angles.enumerated().map { k, angle -> [UInt8] in
            let dx: Double = cos(angle * .pi / 180), dy: Double = sin(angle * .pi / 180)
            let nx: Double = -dy * width / 2, ny: Double = dx * width / 2
            let sx: Double = x0 + 1000 - length / 4 * dx, sy: Double = y0 + 100 + 80 * Double(k) - length / 4 * dy
            let ex: Double = sx + length * dx, ey: Double = sy + length * dy
            let ring: [Double] = [sx - nx, sy - ny, ex - nx, ey - ny, ex + nx, ey + ny, sx + nx, sy + ny, sx - nx, sy - ny]
            return polygon([ring])
        }
        var parcels: [[UInt8]] = []
        for i in -8..<16 {
            for j in -8..<12 {
                let (x, y): (Double, Double) = (x0 + 250 * Double(i), y0 + 250 * Double(j))
                parcels.append(rect(x, y, x + 250, y + 250))
            }
        }
        return ([rect(x0, y0, x0 + 1000, y0 + 1000), rect(x0 + 1000, y0, x0 + 2000, y0 + 1000)], buildings, parcels)
    }()

    /// Cut by the zones in the plane and measured along geodesics, the parts of the thin buildings add
    /// up 0.0876 m² short of the buildings (each counted once where they cross), and their shares of
    /// the parcels 0.0042 m² over their parts: both beyond the checks' 1e-9 + 1 mm² (4.1e-5 m² here),
    /// which failed, by a difference that is no error (QA pass 9). The figures, by shapely (GEOS)
    /// and pyproj's Geod, the same cuts measured the same way (pyproj 3.7.2, shapely 2.2.0 with GEOS
    /// 3.14.1: `python3 bench/thin_cuts.py` → "pieces 39724.281013 m2; zone parts - pieces -0.0876026
    /// m2; parcel shares - freed parts +0.0042056 m2"; GEOS 3.11 here cuts to 6e-5 m² of that). The allowance (`cutAllowance`) covers them; it is far
    /// below a square metre, so a 1 m² piece lost still fails (`aLostPieceStillFailsTheCutChecks`).
    @Test func thinBuildingsCutByZones() throws {
        let t = Self.thin
        func features(_ wkbs: [[UInt8]]) throws -> [PolygonFeature] {
            let w = try Worker(metricCRS: "EPSG:32651")
            return try wkbs.map { wkb in
                let g = try w.geometry(wkb)
                return PolygonFeature(row: 1, fid: 0, fields: FieldValues(schema: FieldSchema([]), values: []), wkb: wkb,
                                      envelope: g.envelope!, areaM2: try w.ellipsoidalArea(g), planarM2: try g.area(), repair: nil)
            }
        }
        var inputs = TallyInputs(zones: try features(t.zones))
        inputs.exclusions = try features([rect(0, 0, 1, 1)])       // none near: freed land is the cleared land
        inputs.parcels = try features(t.parcels)
        let pieces = try features(t.buildings).map { ClearedLand(wkb: $0.wkb, envelope: $0.envelope, knownAreaM2: nil) }
        let tallies = try tallyByZone(pieces, inputs, metricCRS: "EPSG:32651")
        let whole = tallies.reduce(0) { $0 + $1.wholeM2 }
        var (zoneGap, parcelGap, zoneAllowance, parcelAllowance) = (-whole, 0.0, 0.0, 0.0)
        for tally in tallies {
            for part in tally.zoneParts { zoneGap += part.m2 }
            for share in tally.parcels { parcelGap += share.m2 }
            for part in tally.freed { parcelGap -= part.m2 }
            zoneAllowance += tally.zoneCutAllowanceM2
            for a in tally.parcelCutAllowance { parcelAllowance += a.m2 }
        }
        #expect(abs(whole - 39_724.281013) < 1e-3, "\(whole)")
        #expect(abs(zoneGap - -0.0876026) < 2e-4 && abs(parcelGap - 0.0042056) < 2e-4, "\(zoneGap) \(parcelGap)")
        let old = 1e-9 * whole + 1e-6
        #expect(abs(zoneGap) > old && abs(parcelGap) > old)
        // Allowed 0.107 and 0.024 m² (0.088 and 0.020 of them predicted, piece by piece).
        #expect(abs(zoneGap) <= zoneAllowance && zoneAllowance < 0.2, "\(zoneAllowance)")
        #expect(abs(parcelGap) <= parcelAllowance && parcelAllowance < 0.2, "\(parcelAllowance)")

        // The checks on these figures: they pass; a lost square metre of West's fails the first.
        var (west, east, outside) = (ZoneFigures(zone: "West"), ZoneFigures(zone: "East"), ZoneFigures(zone: "(outside every zone)"))
        for tally in tallies {
            for part in tally.zoneParts {
                switch part.zone { case 0: west.clearedM2 += part.m2; case 1: east.clearedM2 += part.m2; default: outside.clearedM2 += part.m2 }
            }
        }
        func clearedCheck(lost: Double, allowance: Double) -> Check {
            var w = west
            w.clearedM2 -= lost
            var totals = ZoneFigures(zone: "total")
            totals.add(w); totals.add(east)
            return makeChecks(figures: [w, east], totals: totals, outside: outside, piecesTotal: whole, beforeCount: 0,
                              zoneCutAllowance: allowance).first { $0.name == "cleared land split by zone adds up" }!
        }
        #expect(clearedCheck(lost: 0, allowance: zoneAllowance).ok)
        #expect(!clearedCheck(lost: 0, allowance: 0).ok)          // as the check was
        #expect(!clearedCheck(lost: 1, allowance: zoneAllowance).ok)
    }

    @Test func thinBuildingsPassTheReportsChecks() throws {
        // The same buildings through `report` (all demolished), with land uses on the parcels: every
        // check passes (two failed), and the land uses still add up to the freed land by the allowance only.
        let s = Scenario(), t = Self.thin
        var o = ReportOptions(zones: try s.layer("zones", fields: ["district"], zip(t.zones, [["West"], ["East"]]).map { ($0, $1) }, crs: "EPSG:32651"),
                              before: try s.layer("before", t.buildings.map { ($0, []) }, crs: "EPSG:32651"),
                              after: try s.layer("after", [(rect(350_000, 3_450_000, 350_005, 3_450_005), [])], crs: "EPSG:32651"))
        o.parcels = try s.layer("parcels", fields: ["parcel_id", "land_use"],
                                t.parcels.enumerated().map { ($1, ["P\($0)", $0 % 2 == 0 ? "green" : "residential"]) }, crs: "EPSG:32651")
        o.buildingOutcomes = false
        let r = try runReport(o)
        #expect(r.crs == "EPSG:32651")
        #expect(r.checks.allSatisfy { $0.ok }, "\(r.checks.filter { !$0.ok })")
        // A square metre counted twice in West's land uses fails the land-use check.
        var west = zone(r, "West")
        #expect(west.landUseCutAllowanceM2 > 0 && west.landUseCutAllowanceM2 < 0.2, "\(west.landUseCutAllowanceM2)")
        west.landUse["green", default: 0] += 1
        let figures = r.zones.map { $0.zone == "West" ? west : $0 }
        let uses = makeChecks(figures: figures, totals: r.totals, outside: r.outside, piecesTotal: r.totals.clearedM2 + r.outside.clearedM2,
                              beforeCount: 0, landUse: true).first { $0.name == "freed land by land use adds up, every zone" }!
        #expect(!uses.ok && uses.detail.hasPrefix("West: land uses "), "\(uses.detail)")
    }

    @Test func freedOverClearedByRoundingPassesTheBound() throws {
        // Cleared 365,247.58 m²; freed measured again after the exclusions: 1e-4 m² more is rounding
        // (2.7e-10 of it, under the 1e-9 the other checks allow, + 1e-6 m²), 0.01 m² more is not.
        var z = ZoneFigures(zone: "Z")
        (z.beforeM2, z.clearedM2, z.freedM2) = (2_126_254.1, 365_247.58, 365_247.58 + 1e-4)
        func bound(_ z: ZoneFigures) throws -> Check {
            try #require(makeChecks(figures: [z], totals: z, outside: ZoneFigures(zone: "(outside every zone)"),
                                    piecesTotal: z.clearedM2, beforeCount: 0).first { $0.name == "freed ≤ cleared ≤ before, every zone" })
        }
        #expect(try bound(z).ok)
        z.freedM2 = 365_247.58 + 0.01
        #expect(try !bound(z).ok)
    }

    /// A 2,000 m × 2 m building 270 km west of UTM zone 51's central meridian, demolished, with
    /// `after` as the after survey and `exclusion` as the only exclusion: zone A's figures and the report.
    private func longWallReport(after: [UInt8], exclusion: [UInt8]? = nil) throws -> (a: ZoneFigures, report: Report) {
        let (x0, y0) = Self.longWall
        let s = Scenario()
        var o = ReportOptions(zones: try s.layer("zones", fields: ["district"], [(rect(x0 - 500, y0 - 1000, x0 + 500, y0 + 3000), ["A"])], crs: "EPSG:32651"),
                              before: try s.layer("before", [(rect(x0, y0, x0 + 2, y0 + 2000), [])], crs: "EPSG:32651"),
                              after: try s.layer("after", [(after, [])], crs: "EPSG:32651"))
        if let exclusion { o.exclusions = [try s.layer("exclusions", [(exclusion, [])], crs: "EPSG:32651")] }
        o.buildingOutcomes = false
        let r = try runReport(o)
        return (zone(r, "A"), r)
    }

    /// The long-wall building's south-west corner.
    static let longWall = (x: 230_000.0, y: 3_450_000.0)

    /// The check "freed ≤ cleared ≤ before" on one zone's figures.
    private func boundCheck(_ z: ZoneFigures, _ r: Report) throws -> Check {
        try #require(makeChecks(figures: [z], totals: z, outside: r.outside, piecesTotal: z.clearedM2, beforeCount: 1)
            .first { $0.name == "freed ≤ cleared ≤ before, every zone" })
    }

    /// The long-wall building, an exclusion taking a 1.5 m × 0.1 m notch (0.05 m²) off its east wall:
    /// cut in the plane and measured along geodesics, the freed land measures 3.28 m² more than the
    /// whole building (the wall's lens, split by the cut), and "freed ≤ cleared" failed. The figures, by
    /// shapely (GEOS) and pyproj's Geod, the same cut measured the same way (pyproj 3.7.2, shapely 2.2.0
    /// with GEOS 3.14.1: `python3 bench/freed_notch.py` → "cleared 3996.008656 m2", "east: … freed -
    /// cleared +3.276467 m2", "west: … -3.376392 m2"). The allowance (`freedAllowance`) covers the east
    /// notch's, is near nothing for the west one's, and a square metre more freed still fails.
    @Test func aNotchOffALongWallIsNoLandGained() throws {
        let (x0, y0) = Self.longWall
        for (side, notch, gained) in [("east", rect(x0 + 1.5, y0 + 999.95, x0 + 3, y0 + 1000.05), 3.276467),
                                      ("west", rect(x0 - 1, y0 + 999.95, x0 + 0.5, y0 + 1000.05), -3.376392)] {
            let (a, r) = try longWallReport(after: rect(x0 + 300, y0 + 2500, x0 + 310, y0 + 2510), exclusion: notch)
            #expect(abs(a.clearedM2 - 3996.008656) < 1e-3, "\(side) \(a.clearedM2)")
            #expect(abs(a.freedM2 - a.clearedM2 - gained) < 1e-3, "\(side) \(a.freedM2 - a.clearedM2)")
            #expect(r.checks.allSatisfy { $0.ok }, "\(side) \(r.checks.filter { !$0.ok })")
            // Allowed: the east notch's 3.28 m² and a little (0.1 % of the lenses); the west one's, that.
            let allowed = a.freedCutAllowanceM2
            #expect(side == "east" ? allowed >= gained && allowed < gained + 0.1 : allowed < 0.1, "\(side) \(allowed)")
            var more = a
            more.freedM2 = a.clearedM2 + max(gained, 0) + 1
            let bound = try boundCheck(more, r)
            #expect(!bound.ok, "\(side) \(bound.detail)")
        }
    }

    /// The long-wall building with a new building taking a 0.5 m × 2 m bite (1 m²) off its east wall:
    /// the cleared land measures 2.33 m² more than the footprint it was cut from, and "cleared ≤ before"
    /// failed (`python3 bench/freed_notch.py` → "bite east: … cleared - footprint +2.330570 m2", "bite
    /// west: … -4.328600 m2"). `clearedAllowance` covers it; a square metre beyond it still fails.
    @Test func aBiteOffALongWallIsNoLandGained() throws {
        let (x0, y0) = Self.longWall
        for (side, bite, gained) in [("east", rect(x0 + 1.5, y0 + 999, x0 + 5, y0 + 1001), 2.330570),
                                     ("west", rect(x0 - 3, y0 + 999, x0 + 0.5, y0 + 1001), -4.328600)] {
            let (a, r) = try longWallReport(after: bite)
            #expect(abs(a.beforeM2 - 3996.008656) < 1e-3, "\(side) \(a.beforeM2)")
            #expect(abs(a.clearedM2 - a.beforeM2 - gained) < 1e-3, "\(side) \(a.clearedM2 - a.beforeM2)")
            #expect(r.checks.allSatisfy { $0.ok }, "\(side) \(r.checks.filter { !$0.ok })")
            // Allowed: the lens split on the east wall (3.3 m²: the 2.33 m² gained and the bite's 1 m²
            // taken, the land inside the straight edges, which the allowance cannot know) and a little.
            let allowed = a.clearedCutAllowanceM2
            #expect(side == "east" ? allowed >= gained && allowed < gained + 1 + 0.1 : allowed < 0.1, "\(side) \(allowed)")
            var more = a
            more.clearedM2 = a.beforeM2 + allowed + 1
            more.freedM2 = more.clearedM2
            let bound = try boundCheck(more, r)
            #expect(!bound.ok, "\(side) \(bound.detail)")
        }
    }

    @Test func buildingDigitisedTwiceInTheAfterSurvey() throws {
        // A 20 × 20 building standing in both surveys, drawn twice (identical) in the after survey:
        // both copies continue it, so nothing is new; the land is counted once (400 m² after), and a
        // warning counts the one repeated footprint.
        let r = try Scenario().report(before: [rect(100, 100, 120, 120)], after: [rect(100, 100, 120, 120), rect(100, 100, 120, 120)])
        let west = zone(r, "West")
        #expect(west.unchanged == 1 && west.newStructures == 0 && west.rebuilt == 0)
        #expect(close(west.afterM2, 400) && west.clearedM2 == 0)
        #expect(r.warnings.contains("1 after-survey building repeats the footprint of an earlier one in the same survey (the same outline within 0.1 m): the land is counted once, but every copy is counted as a building"),
                "\(r.warnings)")
    }

    @Test func mergedBuildingsAreNotDemolished() throws {
        // Two adjacent 10 × 10 buildings re-surveyed as one 20 × 10 footprint: nothing cleared or new.
        let r = try Scenario().report(before: [rect(100, 100, 110, 110), rect(110, 100, 120, 110)], after: [rect(100, 100, 120, 110)])
        let west = zone(r, "West")
        #expect(west.clearedM2 == 0 && west.demolished == 0 && west.newStructures == 0 && west.unchanged == 2)
        // And the reverse, a split.
        let s = try Scenario().report(before: [rect(100, 100, 120, 110)], after: [rect(100, 100, 110, 110), rect(110, 100, 120, 110)])
        #expect(zone(s, "West").unchanged == 1 && zone(s, "West").newStructures == 0)
    }

    @Test func surveysThatDifferInNoBuildingAreWarnedAbout() throws {
        // The same layer given as both surveys, and a copy of it: no building can have changed, which is
        // what a mistaken --after gives. One building demolished among two: no such warning.
        let s = Scenario()
        let before = try s.layer("before", [(rect(100, 100, 120, 120), []), (rect(200, 200, 210, 210), [])])
        let copy = try s.layer("copy", [(rect(100, 100, 120, 120), []), (rect(200, 200, 210, 210), [])])
        let same = try runReport(ReportOptions(zones: try s.twoDistricts(), before: before, after: before))
        #expect(same.warnings.contains("--before and --after name the same layer (\(before): layer 'before'): nothing can have changed"), "\(same.warnings)")
        let copied = try runReport(ReportOptions(zones: try s.twoDistricts(), before: before, after: copy))
        #expect(copied.warnings.contains { $0.hasPrefix("no building changed between the surveys") }, "\(copied.warnings)")
        let changed = try s.report(before: [rect(100, 100, 120, 120), rect(200, 200, 210, 210)], after: [rect(100, 100, 120, 120)])
        #expect(zone(changed, "West").demolished == 1)
        #expect(!changed.warnings.contains { $0.contains("no building changed") || $0.contains("same layer") }, "\(changed.warnings)")
    }

    @Test func aDemolishedWallNarrowerThanTheToleranceIsNotClearedTouchedOrNot() throws {
        // Two walls 0.4 × 25 m (10 m² each) in West, both gone; a 5 × 5 m kiosk now touches the second
        // one's north side. With --tolerance 0.5 neither is cleared land (the difference of each is
        // narrower than the tolerance); with the default 0.1 m both are, whole: 2 × 10 = 20 m².
        let walls = [rect(100, 100, 125, 100.4), rect(100, 200, 125, 200.4)]
        let kiosk = rect(110, 200.4, 115, 205.4)
        let wide = try Scenario().report(before: walls, after: [kiosk]) { $0.tolerance = 0.5 }
        #expect(zone(wide, "West").demolished == 2 && zone(wide, "West").clearedM2 == 0, "\(zone(wide, "West"))")
        let usual = try Scenario().report(before: walls, after: [kiosk])
        #expect(zone(usual, "West").demolished == 2 && close(zone(usual, "West").clearedM2, 20), "\(zone(usual, "West"))")
    }

    @Test func manyOverlappingFootprintsAreCountedOnce() throws {
        // 20 concentric squares (sides 10…29 m about (500, 500)), more than `manyOverlaps` on one another:
        // the land is the largest square, 29² = 841 m², whichever order they come in.
        let squares = (0..<20).map { k -> [UInt8] in
            let h = (10 + Double(k)) / 2
            return rect(500 - h, 500 - h, 500 + h, 500 + h)
        }
        #expect(squares.count > manyOverlaps)
        for order in [squares, squares.reversed()] {
            let r = try Scenario().report(before: order, after: [])
            #expect(close(zone(r, "West").beforeM2, 841) && close(zone(r, "West").clearedM2, 841), "\(zone(r, "West"))")
        }
    }

    @Test func aBlockOutlineOverItsBuildingsIsCountedOnce() throws {
        // 15 × 15 buildings of 8 × 8 m on a 12 m pitch (from (100, 100)), then the block's own outline
        // around them, 100…290 on both axes: the block comes last and has 225 earlier pieces on it.
        // Taken away one at a time they would leave it with a hole each (> `manyVertices` vertices
        // soon); the rest go as one union. The land is the block, 190² = 36,100 m², counted once; all
        // of it is cleared, one site of one piece (the buildings fill the block's holes exactly:
        // 451 rings dissolved, more than `manyRings`).
        var before: [[UInt8]] = []
        for i in 0..<15 {
            for j in 0..<15 {
                let (x, y) = (100 + 12 * Double(i), 100 + 12 * Double(j))
                before.append(rect(x, y, x + 8, y + 8))
            }
        }
        before.append(rect(100, 100, 290, 290))
        #expect(before.count - 1 > manyOverlaps && 5 * (before.count - 1) > manyVertices && 2 * (before.count - 1) + 1 > manyRings)
        let r = try Scenario().report(before: before, after: [])
        let west = zone(r, "West")
        #expect(close(west.beforeM2, 36_100) && close(west.clearedM2, 36_100) && close(west.freedM2, 36_100), "\(west)")
        #expect(west.sites == 1 && r.sites.count == 1)
        #expect(close(r.sites[0].m2, 36_100) && r.sites[0].pieces == 1, "\(r.sites)")
    }

    @Test func mixedRingOrientation() throws {
        // A clockwise 20 × 20 footprint: 400 m², not −400.
        let r = try Scenario().report(before: [rect(100, 100, 120, 120, clockwise: true)], after: [])
        #expect(close(zone(r, "West").clearedM2, 400))
    }
}
