// Zone layers that overlap or leave gaps are reported with their places; surveys that miss the zones
// entirely are an error.
import Testing
@testable import Parcels

@Suite struct ZoneWarningTests {
    @Test func overlappingZonesAndGapsAreWarnedWithTheirPlaces() throws {
        let s = Scenario()
        // A: 0…1000; B: 900…2000 overlaps A by 100 × 1000 = 100,000 m². C: a ring around a 100 × 100 hole.
        let zones = try s.layer("zones", fields: ["district"], [
            (rect(0, 0, 1000, 1000), ["A"]), (rect(900, 0, 2000, 1000), ["B"]),
            (polygon([[0, 1000, 2000, 1000, 2000, 2000, 0, 2000, 0, 1000], [500, 1400, 600, 1400, 600, 1500, 500, 1500, 500, 1400]]), ["C"]),
        ])
        let o = ReportOptions(zones: zones, before: try s.layer("before", [(rect(100, 100, 120, 120), [])]),
                              after: try s.layer("after", [(rect(300, 300, 305, 305), [])]))
        let r = try runReport(o)
        let overlap = r.warnings.first { $0.contains("'A' and 'B' overlap") }
        #expect(overlap?.contains("100000.0 m²") == true)
        #expect(overlap?.contains("near lon 121.") == true)
        #expect(r.warnings.contains { $0.hasPrefix("gap of 10000.0 m² between zones") })
    }

    @Test func beforeSurveyOutsideTheZonesIsAnError() throws {
        let s = Scenario()
        let zones = try s.twoDistricts()
        // 50 km east of every zone.
        let o = ReportOptions(zones: zones, before: try s.layer("before", [(rect(50_000, 100, 50_020, 120), [])]),
                              after: try s.layer("after", [(rect(300, 300, 305, 305), [])]))
        do {
            _ = try runReport(o)
            Issue.record("expected an error")
        } catch let e as InputError {
            #expect(e.description.contains("before.gpkg") && e.description.contains("does not overlap the zones"))
        }
    }
}

@Suite struct FormatFixedTests {
    // Expected strings are what printf("%.Nf") prints (checked with Python's "%.1f" % x, which uses the
    // same exact-binary rounding), except that a negative zero loses its sign: 2.25 is a tie and rounds
    // to even, 258.65 is stored as 258.649999…
    @Test(arguments: [(1234.5678, 1, "1234.6"), (0.05, 1, "0.1"), (-0.04, 1, "0.0"), (-2.25, 1, "-2.2"), (258.65, 1, "258.6"),
                      (100.0, 0, "100"), (0.001, 3, "0.001"), (7.0, 2, "7.00"), (-1e-9, 3, "0.000")])
    func matchesPrintf(x: Double, digits: Int, expected: String) {
        #expect(formatFixed(x, digits: digits) == expected)
    }
}
