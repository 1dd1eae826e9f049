// Change detection where several after-buildings stand on one before-building: whether each
// continues it is settled by bounds on the overlaps when it can be, and the answers must be those
// of the exact overlaps (an intersection per after-building), which is the reference here.
import Foundation
import Geos
import Proj
import Testing
@testable import Parcels

@Suite struct SurveyChangeTests {
    /// A deterministic generator (SplitMix64), so a failure can be replayed.
    struct Random {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * next() }
    }

    /// A rectangle with every corner moved by up to `noise` metres per axis (a re-survey).
    func noisy(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ noise: Double, _ r: inout Random) -> [UInt8] {
        let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)].map { ($0.0 + r.uniform(-noise, noise), $0.1 + r.uniform(-noise, noise)) }
        return polygon([corners.flatMap { [$0.0, $0.1] } + [corners[0].0, corners[0].1]])
    }

    @Test func overlapsSettledByBoundsAgreeWithExactOverlaps() throws {
        // 400 buildings 8–16 × 8–14 m, 40 m apart, each re-surveyed as: two or three parts (a split,
        // ±5 cm noise); two parts, one of them cut back 1–2 m (partly demolished); a copy with a 3 × 3
        // shed over one wall by up to 0.3 m; two parts split near a third or a half of the width
        // (the continuation tests near their thresholds); two copies of the whole (each overlap
        // bounded only by the whole, so the bounds settle nothing); a copy extended by 3 m with a
        // shed inside the building.
        var r = Random(state: 20_161_001)
        var before: [[UInt8]] = [], after: [[UInt8]] = []
        for k in 0..<400 {
            let x0 = 100 + 40 * Double(k % 20), y0 = 100 + 40 * Double(k / 20)
            let x1 = x0 + r.uniform(8, 16), y1 = y0 + r.uniform(8, 14)
            before.append(rect(x0, y0, x1, y1))
            let cut = x0 + (x1 - x0) * r.uniform(0.3, 0.7)
            switch k % 7 {
            case 0:
                after += [noisy(x0, y0, cut, y1, 0.05, &r), noisy(cut, y0, x1, y1, 0.05, &r)]
            case 1:
                let cut2 = cut + (x1 - cut) * r.uniform(0.3, 0.7)
                after += [noisy(x0, y0, cut, y1, 0.05, &r), noisy(cut, y0, cut2, y1, 0.05, &r), noisy(cut2, y0, x1, y1, 0.05, &r)]
            case 2:
                after += [noisy(x0, y0, cut, y1, 0.05, &r), noisy(cut, y0, x1, y1 - r.uniform(1, 2), 0.05, &r)]
            case 3:
                let y = y0 + r.uniform(0, y1 - y0 - 3), over = r.uniform(0, 0.3)
                after += [noisy(x0, y0, x1, y1, 0.05, &r), noisy(x1 - over, y, x1 - over + 3, y + 3, 0.05, &r)]
            case 4:
                let near = x0 + (x1 - x0) * [0.333, 0.5, 0.25][k % 3] + r.uniform(-0.05, 0.05)
                after += [noisy(x0, y0, near, y1, 0.05, &r), noisy(near, y0, x1, y1, 0.05, &r)]
            case 5:
                after += [noisy(x0, y0, x1, y1, 0.05, &r), noisy(x0, y0, x1, y1, 0.05, &r)]
            default:
                after += [noisy(x0, y0, x1 + 3, y1, 0.05, &r), noisy(x0 + 2, y0 + 2, x0 + 5, y0 + 5, 0.05, &r)]
            }
        }
        let s = Scenario()
        let layers = try readAndPrepare([(try s.layer("before", before.map { ($0, []) }), false, nil),
                                         (try s.layer("after", after.map { ($0, []) }), false, nil)],
                                        metricCRS: equalAreaCRS, assumeCRS: nil)
        func change(bounds: Bool) throws -> SurveyChange {
            try detectChange(before: layers[0].features, after: layers[1].features, parameters: ChangeParameters(),
                             metricCRS: equalAreaCRS, overlapBounds: bounds)
        }
        let bounded = try change(bounds: true), exact = try change(bounds: false)
        #expect(bounded.after == exact.after && bounded.rebuiltPlanar == exact.rebuiltPlanar)
        var settledByBounds = 0
        for (b, e) in zip(bounded.before, exact.before) {
            #expect(b.buildingClass == e.buildingClass && b.clearedPlanar == e.clearedPlanar && b.cleared == e.cleared)
            let continuing = { (c: BeforeChange) in Set(c.overlaps.filter(\.continues).map(\.after)) }
            #expect(continuing(b) == continuing(e))
            if b.overlaps.map(\.area) != e.overlaps.map(\.area) {
                // Only an unchanged building's overlaps may be left as bounds: upper ones, never below.
                #expect(b.buildingClass == .unchanged)
                settledByBounds += 1
            }
        }
        // The mix exercises every outcome, and the bounds settle most splits.
        let classes = exact.before.map(\.buildingClass)
        #expect(classes.filter { $0 == .unchanged }.count > 150 && classes.filter { $0 == .partlyDemolished }.count > 40)
        #expect(exact.after.filter { $0 == .newStructure }.count > 40)
        #expect(settledByBounds > 100, "\(settledByBounds) settled by bounds")
    }

    @Test func slicesLeftByPartialDemolitionsAreThoseOfTheOpening() throws {
        // 300 buildings 8–16 × 8–14 m turned by 0–90°, each partly demolished: the kept part is the
        // building cut at 30–70 % of its length, re-surveyed with every corner moved by up to 5 cm
        // per axis. Cleared land is the building less the kept part snapped onto it, as change
        // detection makes it; the reference is GEOS's opening of it (mitred buffers by ∓5 cm, clipped
        // back). What `removeSlivers` keeps must be that within 0.003 m² (the opening also keeps what
        // its discs reach of a spike at the cut, of the order of the corner's offset squared), and it
        // must settle most of them on the coordinates (wall spikes), which is its purpose.
        let context = GeosContext()
        var r = Random(state: 20_161_130)
        var onCoordinates = 0, opened = 0
        for _ in 0..<300 {
            let length = r.uniform(8, 16), width = r.uniform(8, 14), cut = length * r.uniform(0.3, 0.7)
            let angle = r.uniform(0, Double.pi / 2), c = cos(angle), s = sin(angle)
            func place(_ points: [(Double, Double)]) -> [UInt8] {
                var xy: [Double] = []
                for (x, y) in points + [points[0]] {
                    let east: Double = 500 + x * c - y * s, north: Double = 700 + x * s + y * c
                    xy += [east, north]
                }
                return polygon([xy])
            }
            let before = try Geometry(wkb: place([(0, 0), (length, 0), (length, width), (0, width)]), context: context)
            let kept = [(0, 0), (cut, 0), (cut, width), (0, width)].map { ($0.0 + r.uniform(-0.05, 0.05), $0.1 + r.uniform(-0.05, 0.05)) }
            let after = try Geometry(wkb: place(kept), context: context)
            let cleared = try before.difference(snapped(after, onto: before, tolerance: 0.1, shortestEdge: 8))
            guard let land = try cleared.polygonalPart() else { continue }
            let reference = try land.mitredBuffer(-0.05).mitredBuffer(0.05).intersection(land).polygonalPart()
            let result = try removeSlivers(cleared, tolerance: 0.1)
            let a = try #require(result), b = try #require(reference)
            let apart = try a.difference(b).area() + b.difference(a).area()
            #expect(apart <= 0.003, "\(apart) m² apart: \(land.wkt)")
            #expect(try abs(a.area() - (length - cut) * width) < 0.05 * (width + 2))
            if let view = PolygonWKB(land.wkb), view.polygonCount == 1, !openingKeepsShape(view, tolerance: 0.1) {
                opened += 1
                if trimmedWallSpikes(view, polygon: 0, tolerance: 0.1) != nil { onCoordinates += 1 }
            }
        }
        #expect(opened > 50 && onCoordinates >= opened * 9 / 10, "\(onCoordinates) of \(opened) with spikes settled on the coordinates")
    }

    @Test func aShedOverAWallIsNewWithoutAnIntersection() throws {
        // B 10 × 10 at (100, 100), re-surveyed 0.5 m longer to the east (105 m², so not a vertex-for-
        // vertex copy), and a 3 × 3 shed over its east wall by 0.05 m (0.15 m² on B). Nothing of B is
        // left uncovered. Bounds: the copy's overlap with B is at most 100 and at least 100 − 9 = 91,
        // IoU ≥ 91 / (105 + 100 − 91) = 0.80: it continues B. The shed's is at least 0 and at most 9:
        // IoU ≤ 9 / 100 < ½, and although 9 ≥ ½ · 9, it shares only 3 of its 12 m of outline with B
        // (< ½): it continues nothing. B is unchanged, the shed a new structure.
        let s = Scenario()
        let layers = try readAndPrepare([(try s.layer("before", [(rect(100, 100, 110, 110), [])]), false, nil),
                                         (try s.layer("after", [(rect(100, 100, 110.5, 110), []), (rect(109.95, 103, 112.95, 106), [])]), false, nil)],
                                        metricCRS: equalAreaCRS, assumeCRS: nil)
        for bounds in [true, false] {
            let c = try detectChange(before: layers[0].features, after: layers[1].features, parameters: ChangeParameters(),
                                     metricCRS: equalAreaCRS, overlapBounds: bounds)
            #expect(c.before[0].buildingClass == .unchanged && c.after == [.kept, .newStructure])
            // The bounds leave the overlaps' upper bounds (100, 9); the exact path measures 100 and 0.15.
            let areas = c.before[0].overlaps.map(\.area)
            #expect(bounds ? areas.count == 2 && abs(areas[0] - 100) < 1e-3 && abs(areas[1] - 9) < 1e-3
                           : areas.count == 2 && abs(areas[0] - 100) < 1e-3 && abs(areas[1] - 0.15) < 1e-3, "\(areas)")
        }
    }

    @Test func anOverlapTheBoundsCannotSettleIsMeasured() throws {
        // B 10 × 10 at (100, 100) re-surveyed in two parts, Y (100–107, 70 m²) and X (107–110, 30 m²),
        // with a 4.05 × 5 = 20.25 m² shed Z over its east wall by 0.05 m. Nothing uncovered; covered
        // 100. Y: at least 100 − 30 − 20.25 = 49.75 ≥ ½ · 70, and it runs along 3 of B's walls:
        // continues. X: at least 100 − 70 − 20.25 = 9.75 < ½ · 30 (nothing then), at most 30 (it
        // would continue): the bounds cannot tell, so X's overlap is measured (30: X continues B).
        // Z: at most 20.25 (IoU < ½, one wall of 3 shared of its 18.1 m): new. B unchanged.
        let s = Scenario()
        let layers = try readAndPrepare([(try s.layer("before", [(rect(100, 100, 110, 110), [])]), false, nil),
                                         (try s.layer("after", [(rect(100, 100, 107, 110), []), (rect(107, 100, 110, 110), []),
                                                                (rect(109.95, 100, 114, 105), [])]), false, nil)],
                                        metricCRS: equalAreaCRS, assumeCRS: nil)
        for bounds in [true, false] {
            let c = try detectChange(before: layers[0].features, after: layers[1].features, parameters: ChangeParameters(),
                                     metricCRS: equalAreaCRS, overlapBounds: bounds)
            #expect(c.before[0].buildingClass == .unchanged && c.after == [.kept, .kept, .newStructure], "bounds: \(bounds)")
        }
    }

    @Test func everyCopyOfARepeatedAfterBuildingContinuesIt() throws {
        // B 10 × 10 at (100, 100); the after survey has it three times (vertex for vertex: the cheap
        // path), with a 5 cm shift on the third, in a shuffled order around a new 4 × 4 hut. Every
        // copy continues B (kept); the hut is new. B's twin is the lowest copy, the others follow.
        let s = Scenario()
        let copy = rect(100, 100, 110, 110)
        let layers = try readAndPrepare([(try s.layer("before", [(copy, [])]), false, nil),
                                         (try s.layer("after", [(rect(100.05, 100, 110.05, 110), []), (rect(300, 300, 304, 304), []),
                                                                (copy, []), (copy, [])]), false, nil)],
                                        metricCRS: equalAreaCRS, assumeCRS: nil)
        let c = try detectChange(before: layers[0].features, after: layers[1].features, parameters: ChangeParameters(),
                                 metricCRS: equalAreaCRS)
        #expect(c.before[0].buildingClass == .unchanged && c.before[0].twin == 0 && c.before[0].moreTwins == [2, 3])
        #expect(c.after == [.kept, .newStructure, .kept, .kept])
    }

    @Test func shedsStandingOnADemolishedFootprint() throws {
        // B 20 × 20 at (100, 100), demolished, with a 5 × 5 shed strictly inside it (its outline
        // becomes a hole of the cleared land, no overlay) or against its west wall (the overlay):
        // cleared 400 − 25 = 375 m² either way, a valid polygon, the shed rebuilt on 25 m².
        let s = Scenario()
        for shed in [rect(105, 105, 110, 110), rect(100, 105, 105, 110)] {
            let layers = try readAndPrepare([(try s.layer("before", [(rect(100, 100, 120, 120), [])]), false, nil),
                                             (try s.layer("after", [(shed, [])]), false, nil)],
                                            metricCRS: equalAreaCRS, assumeCRS: nil)
            let c = try detectChange(before: layers[0].features, after: layers[1].features, parameters: ChangeParameters(),
                                     metricCRS: equalAreaCRS)
            #expect(c.before[0].buildingClass == .demolished && abs(c.before[0].clearedPlanar - 375) < 1e-6)
            let cleared = try Geometry(wkb: try #require(c.before[0].cleared).array, context: GeosContext())
            #expect(try cleared.isValid() && abs(try cleared.area() - 375) < 1e-6)
            #expect(c.after == [.rebuilt] && abs(c.rebuiltPlanar[0] - 25) < 1e-6)
        }
    }
}
