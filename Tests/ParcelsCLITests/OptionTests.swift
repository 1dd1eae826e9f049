// Usage errors of the options: numbers that are not finite, an overlay CRS that is not one, a format a
// command does not print, and the lists of allowed values in full. Exit status 1, nothing on stdout,
// the option named on stderr.
import Foundation
import Testing

@Suite struct OptionTests {
    /// Every number option of every command, with what else the command needs to reach its checks
    /// (the checks come before any input is read: the files need not exist).
    static let numberOptions: [(command: [String], option: String)] = [
        (["report"], "--tolerance"), (["report"], "--min-site"), (["report"], "--site-gap"), (["report"], "--tolerance-pct"),
        (["verify"], "--tolerance-pct"), (["overlaps", "nowhere.geojson"], "--min-area"),
    ]
    /// What is typed, and how the message shows it (Swift's spelling of the Double it parses to).
    static let notFinite = [("nan", "nan"), ("NaN", "nan"), ("inf", "inf"), ("-inf", "-inf"), ("infinity", "inf")]

    @Test(arguments: OptionTests.numberOptions.indices)
    func numbersMustBeFinite(_ i: Int) throws {
        let (command, option) = OptionTests.numberOptions[i]
        let f = Folder()
        for (typed, shown) in OptionTests.notFinite {
            let r = try parcels(command + ["\(option)=\(typed)"], in: f.path)
            #expect(r.status == 1, "\(option)=\(typed)")
            #expect(r.stdout == "")
            #expect(r.stderr.hasPrefix("Error: \(option) must be a finite number, not \(shown)\n"), "\(r.stderr)")
        }
    }

    @Test func negativeNumbersStillRefused() throws {
        let f = Folder()
        for option in ["--tolerance", "--min-site", "--site-gap", "--tolerance-pct"] {
            let r = try parcels(["report", "\(option)=-1"], in: f.path)
            #expect(r.status == 1 && r.stdout == "")
            #expect(r.stderr.hasPrefix("Error: tolerances and sizes cannot be negative\n"), "\(option): \(r.stderr)")
        }
        let r = try parcels(["verify", "--tolerance-pct=-1"], in: f.path)
        #expect(r.status == 1 && r.stdout == "")
        #expect(r.stderr.hasPrefix("Error: --tolerance-pct cannot be negative\n"), "\(r.stderr)")
    }

    @Test func finiteNumbersAccepted() throws {
        // 1e3 m² is more than any overlap of the three squares (at most 200 m²): no pairs, status 0.
        let f = Folder()
        let r = try parcels(["overlaps", try f.threeSquares(), "--min-area", "1e3", "--format", "csv"], in: f.path)
        #expect(r.status == 0 && r.stderr == "")
        #expect(r.stdout == "a,b,overlap_m2\n")
    }
}
