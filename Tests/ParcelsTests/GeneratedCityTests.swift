// parcels against a generated city whose truth is known: CityGen records what it demolished (cleared
// land per district, exact arithmetic on the footprints it placed, measured on the ellipsoid), how it
// changed every building, and the flag it planted in every claim. Every unchanged building carries
// independent ±5 cm re-survey noise on every vertex. The before survey is written in UTM 51N and the
// rest in longitude/latitude, so reprojection is on the path too.
import Foundation
import Testing
import CityGen
@testable import Parcels

@Suite(.serialized) struct GeneratedCityTests {
    /// One city for the suite: seed 20161, 4,000 buildings.
    static let city: (dir: String, truth: Truth) = {
        let dir = NSTemporaryDirectory() + "parcels-city-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let city = try! CityGen.generate(seed: 20161, buildings: 4000)
        try! city.write(to: dir, formats: [.gpkg], beforeCRS: "EPSG:32651")
        return (dir, city.truth)
    }()

    func options() -> ReportOptions {
        let gpkg = Self.city.dir + "/city.gpkg"
        var o = ReportOptions(zones: gpkg + ":districts", before: gpkg + ":before", after: gpkg + ":after")
        o.parcels = gpkg + ":parcels"
        o.exclusions = [gpkg + ":exclusions"]
        o.claims = Self.city.dir + "/claims.csv"
        return o
    }

    @Test func clearedLandPerDistrictWithinHalfAPercent() throws {
        let r = try runReport(options())
        let truth = Self.city.truth
        var worst = 0.0
        for z in r.zones {
            let t = try #require(truth.district(z.zone))
            let rel = abs(z.clearedM2 - t.clearedM2) / t.clearedM2
            worst = max(worst, rel)
            #expect(rel < 0.005, "\(z.zone): cleared \(z.clearedM2) m², truth \(t.clearedM2) m²")
            #expect(abs(z.freedM2 - t.freedM2) / t.freedM2 < 0.005, "\(z.zone): freed \(z.freedM2), truth \(t.freedM2)")
            #expect(z.demolished == t.demolished && z.partlyDemolished == t.partlyDemolished, "\(z.zone)")
            #expect(z.newStructures == t.newStructures && z.rebuilt == t.rebuilt, "\(z.zone)")
        }
        #expect(r.zones.count == truth.districts.count)
        #expect(abs(r.totals.clearedM2 - truth.totals.clearedM2) / truth.totals.clearedM2 < 0.005)
        #expect(r.checks.allSatisfy { $0.ok })
        // The footprints CityGen digitised twice (a copy of a before-survey building) are the ones the
        // report finds repeated, and the after survey repeats none.
        let n = truth.duplicateFootprints.count
        #expect(n > 0 && r.warnings.contains("\(n) before-survey building\(n == 1 ? "" : "s") repeat\(n == 1 ? "s" : "") the footprint of an earlier one in the same survey (the same outline within 0.1 m): the land is counted once, but every copy is counted as a building"),
                "\(r.warnings)")
        #expect(!r.warnings.contains { $0.contains("after-survey building") })
        print("generated city: worst relative error of cleared land per district \(worst)")
    }

    @Test func redrawnResurveyRecognisedWithoutOverlay() throws {
        // The same city with every unchanged building drawn by "another surveyor" (another start
        // corner, either way round, one more vertex on a wall): the same before buildings must be
        // found re-surveyed, without an overlay, as in the city drawn vertex for vertex, and the
        // report must still agree with the truth, which is the same for both.
        func surveys(redraw: Bool) throws -> (change: SurveyChange, report: Report, truth: Truth) {
            let dir = NSTemporaryDirectory() + "parcels-city-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let city = try CityGen.generate(seed: 20162, buildings: 2000, redraw: redraw)
            try city.write(to: dir, formats: [.gpkg], beforeCRS: nil)
            let gpkg = dir + "/city.gpkg"
            let layers = try readAndPrepare([(gpkg + ":before", false, nil), (gpkg + ":after", false, nil)],
                                            metricCRS: "EPSG:32651", assumeCRS: nil)
            let change = try detectChange(before: layers[0].features, after: layers[1].features,
                                          parameters: ChangeParameters(), metricCRS: "EPSG:32651")
            var o = ReportOptions(zones: gpkg + ":districts", before: gpkg + ":before", after: gpkg + ":after")
            o.exclusions = [gpkg + ":exclusions"]
            return (change, try runReport(o), city.truth)
        }
        let plain = try surveys(redraw: false), redrawn = try surveys(redraw: true)
        let plainTwins = plain.change.before.map { $0.twin != nil }, redrawnTwins = redrawn.change.before.map { $0.twin != nil }
        #expect(plainTwins.count == redrawnTwins.count && zip(plainTwins, redrawnTwins).filter { $0 != $1 }.count == 0)
        #expect(redrawnTwins.filter { $0 }.count == plain.truth.totals.unchanged)     // copies included
        #expect(redrawn.truth.totals.clearedM2 == plain.truth.totals.clearedM2)
        for z in redrawn.report.zones {
            let t = try #require(redrawn.truth.district(z.zone))
            #expect(abs(z.clearedM2 - t.clearedM2) / t.clearedM2 < 0.005, "\(z.zone): cleared \(z.clearedM2) m², truth \(t.clearedM2) m²")
            #expect(z.demolished == t.demolished && z.partlyDemolished == t.partlyDemolished, "\(z.zone)")
            #expect(z.newStructures == t.newStructures && z.rebuilt == t.rebuilt, "\(z.zone)")
        }
    }

    @Test func everyClaimFlagAgreesWithTheTruth() throws {
        let o = options()
        var v = VerifyOptions(claims: o.claims!, before: o.before, after: o.after, zones: o.zones)
        v.tolerancePct = 5
        let (verification, _, _) = try runVerify(v)
        let truth = Dictionary(uniqueKeysWithValues: Self.city.truth.claims.map { ($0.claimID, Set($0.flags)) })
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        for c in verification.claims {
            let expected = try #require(truth[c.claimId])
            let got = Set(c.flags.map(\.rawValue))
            truePositives += got.intersection(expected).count
            falsePositives += got.subtracting(expected).count
            falseNegatives += expected.subtracting(got).count
            #expect(got == expected, "\(c.claimId): flags \(got.sorted()), truth \(expected.sorted())")
        }
        #expect(verification.claims.count == truth.count && verification.rejected.isEmpty)
        let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives))
        let recall = Double(truePositives) / Double(max(1, truePositives + falseNegatives))
        #expect(precision == 1.0 && recall == 1.0)
        #expect(truePositives > 100)                         // the city plants well over a hundred flags
        print("generated city: \(verification.claims.count) claims, \(truePositives) flags, precision \(precision), recall \(recall)")
    }
}
