// `findOverlaps` on hand-made layers in the equal-area CRS of Fixtures.swift: every expected overlap
// is the area of a rectangle or triangle worked out in the comment beside it.
import Testing
@testable import Parcels

/// Overlaps of `features` (WKB, id), named by the `parcel_id` field.
private func overlaps(_ features: [([UInt8], String)], minArea: Double = 0.01) throws -> (OverlapResult, PolygonLayer, String) {
    let s = Scenario()
    let (layer, metric) = try s.load(s.layer("parcels", fields: ["parcel_id"], features.map { ($0.0, [$0.1]) }))
    return (try findOverlaps(layer, idField: "parcel_id", minArea: minArea, metricCRS: metric), layer, metric)
}

private func byPair(_ r: OverlapResult) -> [String: Double] {
    Dictionary(uniqueKeysWithValues: r.pairs.map { ("\($0.a)-\($0.b)", $0.overlapM2) })
}

/// A = 0…20 × 0…20, B = 10…30 × 0…20, C = 5…25 × 10…30 (each 400 m²).
///   A∩B = 10…20 × 0…20  = 200      A∩C = 5…20 × 10…20 = 150      B∩C = 10…25 × 10…20 = 150
///   A∩B∩C = 10…20 × 10…20 = 100, inside all three pairwise overlaps, so the land counted more than
///   once is 200 + 150 + 150 − 2 × 100 = 300 m² (inclusion–exclusion: 500 − 3 × 100 + 100), not 500.
private let threeSquares = [(rect(0, 0, 20, 20), "A"), (rect(10, 0, 30, 20), "B"), (rect(5, 10, 25, 30), "C")]

@Suite struct OverlapsTests {
    @Test func threeSquaresPairwiseAndThreeWay() throws {
        let (r, _, _) = try overlaps(threeSquares)
        #expect(r.pairs.map { "\($0.a)-\($0.b)" } == ["A-B", "A-C", "B-C"])         // in file order
        let pairs = byPair(r)
        #expect(close(pairs["A-B"] ?? 0, 200))
        #expect(close(pairs["A-C"] ?? 0, 150))
        #expect(close(pairs["B-C"] ?? 0, 150))
        #expect(close(r.pairsM2, 500))
        #expect(close(r.totalOverlapM2, 300))
        #expect(r.totalOverlapM2 < r.pairsM2)
        #expect(r.invalid.isEmpty && r.warnings.isEmpty)
    }

    @Test func sameResultWhateverTheFileOrder() throws {
        let (r, _, _) = try overlaps(threeSquares.reversed())
        #expect(r.pairs.map { "\($0.a)-\($0.b)" } == ["C-B", "C-A", "B-A"])
        #expect(close(r.pairsM2, 500) && close(r.totalOverlapM2, 300))
    }

    @Test func minAreaFiltersPairs() throws {
        // Only A–B (200) is more than 160; none is more than 200.01.
        let (r160, _, _) = try overlaps(threeSquares, minArea: 160)
        #expect(r160.pairs.map { "\($0.a)-\($0.b)" } == ["A-B"])
        #expect(close(r160.totalOverlapM2, 200) && close(r160.pairsM2, 200))
        let (r200, _, _) = try overlaps(threeSquares, minArea: 200.01)
        #expect(r200.pairs.isEmpty && r200.totalOverlapM2 == 0 && r200.pairsM2 == 0)
        // A sliver of 0.005 m × 20 m = 0.1 m² is found by default (0.01 m²) and dropped at 0.5.
        let sliver = [(rect(0, 0, 20, 20), "P"), (rect(19.995, 0, 40, 20), "Q")]
        let (fine, _, _) = try overlaps(sliver)
        #expect(fine.pairs.count == 1 && abs(fine.pairs[0].overlapM2 - 0.1) < 0.001)
        #expect(try overlaps(sliver, minArea: 0.5).0.pairs.isEmpty)
    }

    @Test func touchingPolygonsDoNotOverlap() throws {
        // A shared edge (x = 20), a shared corner (20, 20), and a square in the notch of an L that
        // touches it along two edges: no land in common, no pair.
        let lShape = polygon([[100, 0, 140, 0, 140, 20, 120, 20, 120, 40, 100, 40, 100, 0]])
        let (r, _, _) = try overlaps([
            (rect(0, 0, 20, 20), "left"), (rect(20, 0, 40, 20), "right"), (rect(40, 20, 60, 40), "corner"),
            (lShape, "L"), (rect(120, 20, 140, 40), "notch"),
        ])
        #expect(r.pairs.isEmpty)
        #expect(r.totalOverlapM2 == 0)
    }

    @Test func invalidGeometriesAreListedAndStillMeasured() throws {
        // Bow-tie 200,0 → 220,20 → 220,0 → 200,20: two triangles meeting at (210, 10), each ½ · 20 · 10 =
        // 100 m². The strip 200…220 × 0…10 covers the lower half of each triangle: 2 × ½ · 10 · 10 = 100 m².
        let bowTie = polygon([[200, 0, 220, 20, 220, 0, 200, 20, 200, 0]])
        let (r, layer, metric) = try overlaps([(bowTie, "bow"), (rect(200, 0, 220, 10), "strip"), (rect(0, 0, 20, 20), "far")])
        #expect(r.invalid.count == 1)
        #expect(r.invalid.first?.id == "bow")
        #expect(r.invalid.first?.reason.hasPrefix("Self-intersection") == true, "\(r.invalid)")
        #expect(r.pairs.map { "\($0.a)-\($0.b)" } == ["bow-strip"])
        #expect(close(r.pairs.first?.overlapM2 ?? 0, 100))
        #expect(r.warnings.count == 1 && r.warnings[0].contains("feature 1: repaired (Self-intersection"))
        // Repaired, not dropped: its area is the two triangles.
        let areas = try measureAreas(layer, by: nil, idField: "parcel_id", metricCRS: metric)
        #expect(areas.groups.map(\.key) == ["bow", "strip", "far"])
        #expect(close(areas.groups[0].areaM2, 200))
    }

    @Test func skippedFeaturesAreListedToo() throws {
        // A ring of two points cannot be repaired into a polygon: listed as the pairs would name it (by
        // its parcel_id), with the reason. The fixture GeoPackage numbers its rows' fids from 1.
        let (r, _, _) = try overlaps([(polygon([[0, 0, 10, 0, 0, 0]]), "flat"), (rect(0, 0, 20, 20), "A"), (rect(10, 0, 30, 20), "B")])
        #expect(r.invalid.map(\.id) == ["flat"])
        let skipped = try #require(r.invalid.first)
        #expect(skipped.feature == 1 && skipped.fid == 1 && skipped.idFromField && !skipped.repaired)
        #expect(skipped.label == "feature 1")
        #expect(r.invalid.first?.reason == "ring of 2 distinct points dropped (a ring needs 3)")
        #expect(r.pairs.count == 1 && close(r.pairs[0].overlapM2, 200))
    }
}

/// Two features sharing an id: the pair is named "P1 P1", and a warning says which id is shared
/// and by how many features (2, counted by hand), so that a reader does not take it for one feature.
@Test func idsSharedBySeveralFeaturesAreSaid() throws {
    // P1 = 0…20 × 0…20 and P1 again = 10…30 × 0…20 overlap by 10…20 × 0…20 = 200 m²; Q apart.
    let (r, _, _) = try overlaps([(rect(0, 0, 20, 20), "P1"), (rect(10, 0, 30, 20), "P1"), (rect(50, 0, 60, 10), "Q")])
    #expect(r.pairs.map { "\($0.a)-\($0.b)" } == ["P1-P1"])
    #expect(close(r.pairsM2, 200))
    #expect(r.sharedIds.count == 1)
    #expect(r.sharedIds.first?.hasSuffix("2 features share the parcel_id 'P1'; the pairs name each of them by it") == true)
    #expect(r.warnings == r.sharedIds)
    let (apart, _, _) = try overlaps(threeSquares)
    #expect(apart.sharedIds.isEmpty)
}
