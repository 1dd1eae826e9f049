// The worked example of docs/methodology.md, figure for figure. Keep the two in step.
import Testing
@testable import Parcels

@Suite struct WorkedExampleTests {
    @Test func methodologyWorkedExample() throws {
        let s = Scenario()
        let zones = try s.twoDistricts()
        let before = try s.layer("before", fields: ["building_id", "floors"], [
            (rect(100, 100, 150, 120), ["B1", "2"]),     // 50 × 20 = 1000 m², demolished
            (rect(200, 100, 240, 112), ["B2", "3"]),     // 40 × 12 = 480 m², eastern half demolished
            (rect(300, 100, 310, 110), ["B3", "1"]),     // 10 × 10 = 100 m², re-surveyed 5 cm east
            (rect(990, 500, 1014, 510), ["B4", "1"]),    // 24 × 10 across x = 1000: 100 West + 140 East
        ])
        let after = try s.layer("after", fields: ["building_id"], [
            (rect(200, 100, 220, 112), ["B2"]),          // what stands of B2: 20 × 12 = 240 m²
            (rect(300.05, 100, 310.05, 110), ["B3"]),    // B3 re-surveyed: a 5 cm sliver, not cleared land
            (rect(105, 105, 110, 110), ["N1"]),          // 5 × 5 = 25 m² shed on B1's land: a rebuild
            (rect(500, 500, 506, 506), ["N2"]),          // 6 × 6 = 36 m² hut on open land: new
        ])
        let road = try s.layer("roads", [(rect(122.5, 0, 127.5, 1000), [])])   // 5 m wide, crosses B1
        var o = ReportOptions(zones: zones, before: before, after: after)
        o.exclusions = [road]
        let r = try runReport(o)
        let west = zone(r, "West"), east = zone(r, "East")

        // Cleared: B1 1000 − 25 (shed) = 975; B2 480 − 240 = 240; B4's western 10 × 10 = 100.
        #expect(close(west.clearedM2, 975 + 240 + 100))
        #expect(close(east.clearedM2, 140))                      // B4's eastern 14 × 10
        // Freed: the road takes 5 × 20 = 100 of B1's cleared land.
        #expect(close(west.freedM2, 875 + 240 + 100))
        #expect(close(east.freedM2, 140))
        // Sites ≥ 200 m² (pieces within 2 m joined): B1 west of the road 22.5 × 20 − 25 = 425, B1 east of
        // it 22.5 × 20 = 450, B2's cleared half 240. B4's pieces (100, 140) are too small.
        #expect(west.sites == 3 && close(west.siteAreaM2, 1115) && close(west.largestSiteM2, 450))
        #expect(east.sites == 0)
        // Buildings: B4 counts in East, where most of it lies.
        #expect(west.demolished == 1 && west.partlyDemolished == 1 && west.unchanged == 1)
        #expect(east.demolished == 1)
        #expect(west.newStructures == 2 && west.rebuilt == 1)
        // Before and after land.
        #expect(close(west.beforeM2, 1000 + 480 + 100 + 100) && close(east.beforeM2, 140))
        #expect(close(west.afterM2, 240 + 100.0 + 25 + 36))
        #expect(close(r.totals.clearedM2, 1455) && close(r.totals.freedM2, 1355))
        #expect(r.checks.allSatisfy { $0.ok })
    }
}
