// The claims' plain WKT read without GDAL (PlainWKT.swift) must give GDAL's bytes exactly, and leave
// to GDAL everything it does not read itself.

import Testing
@testable import GeoIO

private func plain(_ text: String) -> [UInt8]? {
    Array(text.utf8).withUnsafeBufferPointer { plainPolygonWKB($0) }
}

private func viaGDAL(_ text: String) throws -> [UInt8]? {
    var dropped = false
    return try text.withCString { try gdalWKT($0, length: text.utf8.count, droppedZM: &dropped).0 }
}

@Test func plainWKTGivesGDALsBytes() throws {
    // 20,000 polygons and multipolygons (holes too) with numbers written every way a file writes
    // them: integers, 1 to 12 decimal places, negatives, zeros, leading zeros, and spacing and letter
    // case varied. Every one the plain reader takes must be GDAL's WKB byte for byte.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) % n }
    func number() -> String {
        let sign = next(4) == 0 ? "-" : ""
        let whole = [0, next(10), next(1000), next(1_000_000), 121 + next(2)][next(5)]
        let places = next(13)
        let fraction = (0..<places).map { _ in String(next(10)) }.joined()
        return sign + String(whole) + (places == 0 ? "" : "." + fraction)
    }
    func space() -> String { ["", " ", "  ", "\t"][next(4)] }
    func ring() -> String {
        let points = (0..<(4 + next(5))).map { _ in number() + [" ", "  ", "\t"][next(3)] + number() }
        return "(" + space() + points.joined(separator: "," + space()) + space() + ")"
    }
    func polygon() -> String { "(" + (0..<(1 + next(2))).map { _ in ring() }.joined(separator: "," + space()) + ")" }
    var read = 0
    for _ in 0..<20_000 {
        let multi = next(3) == 0
        let keyword = [multi ? "MULTIPOLYGON" : "POLYGON", multi ? "multipolygon" : "polygon", multi ? "MultiPolygon" : "Polygon"][next(3)]
        let body = multi ? "(" + (0..<(1 + next(3))).map { _ in polygon() }.joined(separator: ",") + ")" : polygon()
        let text = space() + keyword + space() + body + space()
        guard let mine = plain(text) else { continue }
        read += 1
        let gdal = try viaGDAL(text)
        #expect(mine == gdal, "\(text)")
        if mine != gdal { break }
    }
    // Up to 6 whole digits and 12 places: a polygon of 8 to 50 numbers has more than 16 significant
    // digits in one of them about half the time, and GDAL reads it.
    #expect(read > 5_000)
}

@Test func plainWKTLeavesTheRestToGDAL() {
    #expect(plain("POLYGON Z ((0 0 1,1 0 1,1 1 1,0 0 1))") == nil)
    #expect(plain("POLYGON ((0 0 1,1 0 1,1 1 1,0 0 1))") == nil)       // three numbers a point
    #expect(plain("POLYGON EMPTY") == nil)
    #expect(plain("POLYGON ((1e3 0,1 0,1 1,1e3 0))") == nil)
    #expect(plain("POLYGON ((+1 0,1 0,1 1,+1 0))") == nil)
    #expect(plain("POLYGON ((0 0,1 0,1 1,0 0)) trailing") == nil)
    #expect(plain("POINT (1 2)") == nil)
    #expect(plain("POLYGONM ((0 0 1,1 0 1,1 1 1,0 0 1))") == nil)
    #expect(plain("POLYGON ((1234567890.1234567 0,1 0,1 1,0 0))") == nil)     // 17 significant digits
    #expect(plain("POLYGON ((9007199.254740993 0,1 0,1 1,0 0))") == nil)      // 2^53 + 1 as digits
    #expect(plain("POLYGON ((1. 0,1 0,1 1,1. 0))") == nil)
    #expect(plain("POLYGON ((0 0,1 0,1 1,0 0)") == nil)                    // unbalanced
    #expect(plain("POLYGON ((0 0,\n1 0,1 1,0 0))") == nil)                 // GDAL's tokens part at spaces and tabs only
}

@Test func plainWKTReadsSixteenDigitsBelowTwoToThe53() throws {
    // A projected coordinate written to the nanometre: 16 digits, below 2^53 as a whole number.
    let text = "POLYGON ((355155.1672151965 3453263.701361234, 355148.0714564242 3453263.745170092, 355148.1863195011 3453282.325368936, 355155.1672151965 3453263.701361234))"
    let wkb = try #require(plain(text))
    #expect(wkb == (try viaGDAL(text)))
    #expect(polygonRings(wkb).rings[0][0].0 == 355155.1672151965)
}

@Test func plainWKTReadsTheNearestDouble() throws {
    // Swift's literals are the nearest doubles to these decimals, as strtod reads them.
    let wkb = try #require(plain("POLYGON ((121.569290566 31.078144541, 0.1 -0.2, -0.0 0.3, 121.569290566 31.078144541))"))
    let (type, rings) = polygonRings(wkb)
    #expect(type == 3 && rings.count == 1)
    #expect(rings[0].map(\.0) == [121.569290566, 0.1, -0.0, 121.569290566])
    #expect(rings[0].map(\.1) == [31.078144541, -0.2, 0.3, 31.078144541])
    #expect(rings[0][2].0.sign == .minus)      // "-0.0" is negative zero, as strtod gives it
}
