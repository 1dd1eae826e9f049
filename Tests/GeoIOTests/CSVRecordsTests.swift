// A CSV's records split here (CSVRecords) against GDAL's own CSV reader, record for record: fids,
// every field value, WKB bytes, problems, and the error when a field is not UTF-8. On random files of
// quoted, half-quoted, empty and missing fields, commas and doubled quotes inside quotes, blank lines,
// CRLF line ends and Chinese text; and on files the reader leaves to GDAL (a byte-order mark, quoted
// text over a line end, a semicolon header, a header-less file, a byte-order mark opening a later
// line), which must read the same too.

import Foundation
import Testing
@testable import GeoIO

/// Both readers' features of one CSV (or the error each throws).
private func bothReads(_ path: String) -> (here: Result<[Feature], GeoIOError>, gdal: Result<[Feature], GeoIOError>) {
    func read(_ bypassing: Bool) -> Result<[Feature], GeoIOError> {
        var features: [Feature] = []
        do throws(GeoIOError) {
            _ = try readLayer(path, batch: 7, bypassingGDAL: bypassing) { features += $0.features; return true }
            return .success(features)
        } catch {
            return .failure(error)
        }
    }
    return (read(true), read(false))
}

private func expectSame(_ path: String, _ what: String) throws {
    let (here, gdal) = bothReads(path)
    switch (here, gdal) {
    case (.failure(let a), .failure(let b)):
        #expect(a.description == b.description, "\(what): errors")
    case (.success(let a), .success(let b)):
        #expect(a.count == b.count, "\(what): feature counts")
        for (x, y) in zip(a, b) {
            #expect(x.index == y.index && x.fid == y.fid, "\(what): feature \(y.index + 1) fid \(x.fid) against \(y.fid)")
            #expect(x.wkb == y.wkb, "\(what): feature \(y.index + 1) WKB")
            #expect(x.problem == y.problem, "\(what): feature \(y.index + 1) problem \(x.problem ?? "-") against \(y.problem ?? "-")")
            #expect(x.fields.values == y.fields.values, "\(what): feature \(y.index + 1) fields \(x.fields.values) against \(y.fields.values)")
        }
    default:
        Issue.record("\(what): one reader failed, the other did not: \(here) against \(gdal)")
    }
}

@Test func csvRecordsAgreeWithGDALOnRandomFiles() throws {
    let scratch = Scratch()
    var state: UInt64 = 2016
    func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
    let words = ["C1", "黄浦区", "north", "", " spaced ", "a,b", "say \"hi\"", "12.5", "floor", "2016-03-01", "x y"]
    func field() -> String {
        let word = words[next(words.count)]
        switch next(6) {
        case 0, 1: return word.contains(",") || word.contains("\"") ? "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : word
        case 2: return "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case 3: return "a\"b\"c"                    // quotes inside a field: GDAL drops them
        case 4: return " \"q\" "                    // spaces around quoted text: kept, quotes dropped
        default: return ""
        }
    }
    func geometry() -> String {
        let (x, y) = (121.4 + Double(next(1000)) / 1e4, 31.2 + Double(next(1000)) / 1e4)
        let ring = "\(x) \(y), \(x + 0.001) \(y), \(x + 0.001) \(y + 0.001), \(x) \(y)"
        switch next(8) {
        case 0: return ""
        case 1: return "\"SRID=4326;POLYGON ((\(ring)))\""
        case 2: return "\"POLYGON((\(ring))\""                          // cut short: unreadable WKT
        case 3: return "POINT(\(x) \(y))"                               // no comma: unquoted
        case 4: return "\"MULTIPOLYGON (((\(ring))),((\(ring))))\""
        default: return "\"POLYGON ((\(ring)))\""
        }
    }
    for file in 0..<40 {
        let lineEnd = file % 3 == 0 ? "\r\n" : "\n"
        var text = "claim_id,district,note,wkt" + lineEnd
        for _ in 0..<(20 + next(30)) {
            switch next(12) {
            case 0: text += lineEnd                                                   // a blank line
            case 1: text += field() + "," + field() + lineEnd                          // a short record
            case 2: text += [field(), field(), field(), geometry(), field()].joined(separator: ",") + lineEnd   // one too many
            default: text += [field(), field(), field(), geometry()].joined(separator: ",") + lineEnd
            }
        }
        if file % 4 == 1 { text.removeLast(lineEnd.count) }                    // no line end after the last
        try expectSame(scratch.file("random\(file).csv", text), "file \(file)")
    }
}

@Test func csvFilesLeftToGDALReadTheSame() throws {
    let scratch = Scratch()
    let polygon = "\"POLYGON ((0 0, 1 0, 1 1, 0 0))\""
    let files = [
        "bom.csv": "\u{FEFF}id,wkt\n1,\(polygon)\n",
        "midbom.csv": "id,wkt\n1,\(polygon)\n\u{FEFF}\n2,\(polygon)\n",     // found by the claims fuzzer
        "multiline.csv": "id,note,wkt\n1,\"two\nlines\",\(polygon)\n2,x,\(polygon)\n",
        "semicolon.csv": "id;wkt\n1;POINT(1 2)\n",
        "headerless.csv": "1,\(polygon)\n2,\(polygon)\n",
        "lonecr.csv": "id,wkt\r1,\(polygon)\r",
        "quotedheader.csv": "\"id\",\"wkt\"\n1,\(polygon)\n",
    ]
    for (name, text) in files { try expectSame(scratch.file(name, text), name) }
    // Not UTF-8 (GBK): the same one-line error from both.
    let gbk = scratch.path + "/gbk.csv"
    try Data("id,name,wkt\n1,".utf8 + [0xBB, 0xC6, 0xC6, 0xD6] + Data(",\(polygon)\n".utf8)).write(to: URL(fileURLWithPath: gbk))
    try expectSame(gbk, "gbk.csv")
}
