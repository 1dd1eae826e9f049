// Zone layers that overlap or leave gaps are reported with their places; surveys that miss the zones
// entirely are an error.
import Testing
import Proj
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

    @Test func zonesOfManyPartsAreCheckedPartByPart() throws {
        // Zones made of parts (as a district dissolved from its parcels is), overlaid part by part:
        // A: ten 100 m squares at x = 0, 200, …; B: ten at x = 50, 250, …, each overlapping one of A's
        // by 50 × 100 = 5,000 m² (50,000 m² in all). C (two bars) and D (two bars) touch each other
        // and enclose a 100 × 100 m gap; E, alone, has a 50 × 50 m hole.
        func squares(_ x0: Double, _ y0: Double) -> [UInt8] {
            WKB.encode(.multiPolygon((0..<10).map { k in
                let x = x0 + 200 * Double(k)
                return [[x, y0, x + 100, y0, x + 100, y0 + 100, x, y0 + 100, x, y0]]
            }))
        }
        func bars(_ r: [(Double, Double, Double, Double)]) -> [UInt8] {
            WKB.encode(.multiPolygon(r.map { (x0, y0, x1, y1) in [[x0, y0, x1, y0, x1, y1, x0, y1, x0, y0]] }))
        }
        let s = Scenario()
        let zones = try s.layer("zones", fields: ["district"], [
            (squares(0, 0), ["A"]), (squares(50, 0), ["B"]),
            (bars([(0, 1000, 300, 1100), (0, 1100, 100, 1300)]), ["C"]),
            (bars([(100, 1200, 300, 1300), (200, 1100, 300, 1200)]), ["D"]),
            (polygon([[3000, 0, 3200, 0, 3200, 200, 3000, 200, 3000, 0], [3050, 50, 3100, 50, 3100, 100, 3050, 100, 3050, 50]]), ["E"]),
        ])
        let o = ReportOptions(zones: zones, before: try s.layer("before", [(rect(10, 10, 20, 20), [])]),
                              after: try s.layer("after", [(rect(30, 30, 35, 35), [])]))
        let r = try runReport(o)
        let overlaps = r.warnings.filter { $0.contains("overlap by") }
        #expect(overlaps.count == 1 && overlaps.first?.contains("zones 'A' and 'B' overlap by 50000.0 m² near lon 121.") == true, "\(r.warnings)")
        let gaps = r.warnings.filter { $0.hasPrefix("gap of") }.compactMap { $0.split(separator: " near ").first.map(String.init) }
        #expect(gaps.sorted() == ["gap of 10000.0 m² between zones", "gap of 2500.0 m² between zones"], "\(r.warnings)")
    }

    @Test func aGapHoldingAZoneIsTheHoleLessTheZone() throws {
        // Ring: 0…1000 square with a 200 × 200 hole at 400…600; Inner: 410…590, inside the hole, meeting
        // no zone. The land of no zone is the hole less Inner: 40,000 − 180² = 7,600 m², a 10 m band
        // around Inner; the place given lies in that band, not at the hole's centre (which is Inner's).
        // West and East: 10 m apart (2000…3000 and 3010…4000), a strip open at both ends: not an
        // enclosed gap, so not reported (docs/methodology.md).
        let s = Scenario()
        let zones = try s.layer("zones", fields: ["district"], [
            (polygon([[0, 0, 1000, 0, 1000, 1000, 0, 1000, 0, 0], [400, 400, 400, 600, 600, 600, 600, 400, 400, 400]]), ["Ring"]),
            (rect(410, 410, 590, 590), ["Inner"]),
            (rect(2000, 0, 3000, 1000), ["West"]), (rect(3010, 0, 4000, 1000), ["East"]),
        ])
        let r = try runReport(ReportOptions(zones: zones, before: try s.layer("before", [(rect(100, 100, 120, 120), [])]),
                                            after: try s.layer("after", [(rect(300, 300, 305, 305), [])])))
        let gaps = r.warnings.filter { $0.hasPrefix("gap of") }
        #expect(gaps.count == 1 && gaps.first?.hasPrefix("gap of 7600.0 m² between zones near lon ") == true, "\(r.warnings)")
        // The place, taken back to the fixture's metres: in the hole, outside Inner.
        let numbers = (gaps.first ?? "").split(whereSeparator: { !"0123456789.".contains($0) }).compactMap { Double($0) }
        #expect(numbers.count == 3, "\(gaps)")
        guard numbers.count == 3 else { return }
        let toFixture = try Transformer(from: "EPSG:4326", to: equalAreaCRS)
        var xy = [numbers[1], numbers[2]]
        try toFixture.forward(&xy)
        let inHole = (400...600).contains(xy[0]) && (400...600).contains(xy[1])
        let inInner = (409...591).contains(xy[0]) && (409...591).contains(xy[1])    // 5 decimals of a degree: ±0.6 m
        #expect(inHole && !inInner, "\(xy)")
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

/// Mistakes in what the layers are called: said, never silently absorbed.
@Suite struct NamingMistakeTests {
    @Test func zonesWithoutANameAreCountedTogetherAndSaidSo() throws {
        // Two zones with no name (null, and blank) and one really named "(unnamed)": all three are one
        // zone '(unnamed)', and a warning says two features had no name and met a zone named so.
        let s = Scenario()
        let zones = try s.layer("zones", fields: ["district"], [
            (rect(0, 0, 1000, 1000), ["(unnamed)"]), (rect(1000, 0, 2000, 1000), [""]), (rect(2000, 0, 3000, 1000), [" "]),
        ])
        let r = try runReport(ReportOptions(zones: zones, before: try s.layer("before", [(rect(100, 100, 120, 120), [])]),
                                            after: try s.layer("after", [(rect(2300, 300, 2305, 305), [])])))
        #expect(r.zones.map(\.zone) == ["(unnamed)"])
        #expect(r.warnings.contains { $0.hasSuffix("layer 'zones': 2 zone features have no name in field 'district'; counted together as the zone '(unnamed)', with the zone already named so") },
                "\(r.warnings)")
    }

    @Test func aParcelIdFieldThatIsNotThereIsAnErrorWhenNamed() throws {
        // The parcels layer has parcel_id and land_use (see Scenario.report). --id-field nosuch: exit 1
        // naming the fields, as `area` does; the default id field missing: parcels named by feature id,
        // with a warning, and so for a missing land-use field.
        let s = Scenario()
        let parcel = [(rect(0, 0, 100, 100), ["P1", "residential"])]
        let error = #expect(throws: InputError.self) {
            try s.report(before: [rect(10, 10, 30, 30)], after: [], parcels: parcel) { $0.idField = "nosuch" }
        }
        #expect(error?.reason == "no field 'nosuch' (fields: parcel_id, land_use); name the parcel id field with --id-field")
        let defaults = try s.report(before: [rect(10, 10, 30, 30)], after: [], parcels: parcel) { $0.landUseField = "use" }
        #expect(defaults.warnings.contains { $0.hasSuffix("layer 'parcels': no field 'use' (fields: parcel_id, land_use); every parcel's land use is unknown") },
                "\(defaults.warnings)")
        let plain = try s.layer("plain", fields: ["name"], [(rect(0, 0, 100, 100), ["P1"])])
        let unnamed = try s.report(before: [rect(10, 10, 30, 30)], after: []) { $0.parcels = plain }
        #expect(unnamed.warnings.contains { $0.hasSuffix("layer 'plain': no field 'parcel_id' (fields: name); parcels are named by their feature id (name the id field with --id-field)") },
                "\(unnamed.warnings)")
    }
}
