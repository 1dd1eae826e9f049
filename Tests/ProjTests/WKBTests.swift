// WKBTests.swift — decoding and encoding 2D ISO WKB against bytes written by shapely 2.2 (GEOS).

import Testing
import Proj

// python3 -c "import shapely; print(shapely.to_wkb(shapely.from_wkt('MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((2 2,3 2,3 3,2 2),(2.5 2.25,2.75 2.5,2.75 2.25,2.5 2.25)))'), byte_order=1, flavor='iso', hex=True))"
let multiPolygonHex = "0106000000020000000103000000010000000400000000000000000000000000000000000000000000000000F03F0000000000000000000000000000F03F000000000000F03F0000000000000000000000000000000001030000000200000004000000000000000000004000000000000000400000000000000840000000000000004000000000000008400000000000000840000000000000004000000000000000400400000000000000000004400000000000000240000000000000064000000000000004400000000000000640000000000000024000000000000004400000000000000240"
let multiPolygon = WKB.Geometry.multiPolygon([
    [[0, 0, 1, 0, 1, 1, 0, 0]],
    [[2, 2, 3, 2, 3, 3, 2, 2], [2.5, 2.25, 2.75, 2.5, 2.75, 2.25, 2.5, 2.25]],
])
// python3 -c "import shapely; print(shapely.to_wkb(shapely.from_wkt('GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(0 0,1 1),MULTIPOINT(3 4,5 6))'), byte_order=0, flavor='iso', hex=True))"
let bigEndianCollectionHex = "00000000070000000300000000013FF00000000000004000000000000000000000000200000002000000000000000000000000000000003FF00000000000003FF0000000000000000000000400000002000000000140080000000000004010000000000000000000000140140000000000004018000000000000"
let collection = WKB.Geometry.geometryCollection([.point([1, 2]), .lineString([0, 0, 1, 1]), .multiPoint([[3, 4], [5, 6]])])
// python3 -c "import shapely; print(shapely.to_wkb(shapely.from_wkt('POINT EMPTY'), byte_order=1, flavor='iso', hex=True))"
let emptyPointHex = "0101000000000000000000F87F000000000000F87F"
// python3 -c "import shapely; print(shapely.to_wkb(shapely.from_wkt('POLYGON Z((0 0 1,1 0 1,1 1 1,0 0 1))'), byte_order=1, flavor='iso', hex=True))"
let polygonZHex = "01EB030000010000000400000000000000000000000000000000000000000000000000F03F000000000000F03F0000000000000000000000000000F03F000000000000F03F000000000000F03F000000000000F03F00000000000000000000000000000000000000000000F03F"
// python3 -c "import shapely; print(shapely.to_wkb(shapely.from_wkt('POINT Z(1 2 3)'), byte_order=1, flavor='extended', hex=True))"
let ewkbPointZHex = "0101000080000000000000F03F00000000000000400000000000000840"
// python3 -c "import struct; print(struct.pack('>BIIIdddddddd',0,3,1,4, 0,0, 1,0, 1,1, 0,0).hex())"  (big-endian triangle)
let bigEndianPolygonHex = "00000000030000000100000004000000000000000000000000000000003ff000000000000000000000000000003ff00000000000003ff000000000000000000000000000000000000000000000"

@Test func decodesShapelyMultiPolygonAndEncodesTheSameBytes() throws {
    let wkb = bytes(hex: multiPolygonHex)
    let geometry = try WKB.decode(wkb)
    #expect(geometry == multiPolygon)
    #expect(WKB.encode(geometry) == wkb)
    #expect(geometry.polygons.count == 2)
    #expect(geometry.polygons[1][1] == [2.5, 2.25, 2.75, 2.5, 2.75, 2.25, 2.5, 2.25])
}

@Test func decodesBigEndianAndWritesLittleEndian() throws {
    let geometry = try WKB.decode(bytes(hex: bigEndianCollectionHex))
    #expect(geometry == collection)
    #expect(geometry.coordinates == [1, 2, 0, 0, 1, 1, 3, 4, 5, 6])
    #expect(WKB.encode(geometry).first == 1)
    #expect(try WKB.decode(WKB.encode(geometry)) == collection)
    #expect(try WKB.decode(bytes(hex: bigEndianPolygonHex)) == .polygon([[0, 0, 1, 0, 1, 1, 0, 0]]))
}

@Test func emptyPointIsNaNNaN() throws {
    let geometry = try WKB.decode(bytes(hex: emptyPointHex))
    #expect(geometry == .point([]))
    #expect(geometry.isEmpty)
    #expect(WKB.encode(geometry) == bytes(hex: emptyPointHex))
}

@Test(arguments: [
    WKB.Geometry.point([1.5, -2.25]),
    .lineString([0, 0, 1e-9, 1e9, -180, 90]),
    .polygon([]),
    .polygon([[0, 0, 10, 0, 10, 10, 0, 0], [1, 1, 2, 1, 2, 2, 1, 1]]),
    .multiPoint([[1, 2], [], [3, 4]]),
    .multiLineString([[0, 0, 1, 1], []]),
    multiPolygon,
    .geometryCollection([collection, .geometryCollection([]), multiPolygon]),
])
func roundTrip(geometry: WKB.Geometry) throws {
    #expect(try WKB.decode(WKB.encode(geometry)) == geometry)
    let replaced = try geometry.replacingCoordinates(geometry.coordinates.map { $0 + 1 })
    #expect(replaced.coordinates == geometry.coordinates.map { $0 + 1 })
    #expect(replaced.typeCode == geometry.typeCode)
}

@Test func everyTruncationThrows() {
    for wkb in [bytes(hex: multiPolygonHex), bytes(hex: bigEndianCollectionHex)] {
        for length in 0 ..< wkb.count {
            #expect(throws: WKBError.self) { try WKB.decode(Array(wkb.prefix(length))) }
        }
    }
}

@Test func malformedInputThrows() {
    // Trailing bytes, bad byte order, unknown type, a huge announced count, a wrong Multi* member.
    #expect(throws: WKBError.self) { try WKB.decode(bytes(hex: emptyPointHex) + [0]) }
    #expect(throws: WKBError.self) { try WKB.decode([2, 1, 0, 0, 0]) }
    #expect(throws: WKBError.self) { try WKB.decode([1, 9, 0, 0, 0]) }
    #expect(throws: WKBError.self) { try WKB.decode([1, 2, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]) }
    let multiPolygonOfPoint: [UInt8] = [1, 6, 0, 0, 0, 1, 0, 0, 0] + bytes(hex: emptyPointHex)
    #expect(throws: WKBError.self) { try WKB.decode(multiPolygonOfPoint) }
    // Collections nested 100 deep (each one member) are refused rather than recursing without bound.
    var nested = bytes(hex: emptyPointHex)
    for _ in 0 ..< 100 { nested = [1, 7, 0, 0, 0, 1, 0, 0, 0] + nested }
    #expect(throws: WKBError.self) { try WKB.decode(nested) }
}

@Test func zAndMGeometriesAreRejectedClearly() {
    let iso = #expect(throws: WKBError.self) { try WKB.decode(bytes(hex: polygonZHex)) }
    #expect(iso?.description.contains("Polygon Z") == true)
    let ewkb = #expect(throws: WKBError.self) { try WKB.decode(bytes(hex: ewkbPointZHex)) }
    #expect(ewkb?.description.contains("EWKB") == true)
}

@Test func replacingCoordinatesChecksTheCount() {
    #expect(throws: WKBError.self) { try multiPolygon.replacingCoordinates([1, 2]) }
}

@Test func polygonViewRewritesCoordinatesInPlace() throws {
    // shapely's MultiPolygon bytes come back unchanged with their own coordinates; shifted ones give
    // what the general encoder writes for the shifted geometry; a one-part MultiPolygon becomes a Polygon.
    let wkb = bytes(hex: multiPolygonHex)
    let view = try #require(PolygonWKB(wkb))
    #expect(view.replacingCoordinates(view.coordinates) == wkb)
    let shifted = view.coordinates.map { $0 + 0.5 }
    #expect(view.replacingCoordinates(shifted) == WKB.encode(.multiPolygon([
        [[0.5, 0.5, 1.5, 0.5, 1.5, 1.5, 0.5, 0.5]],
        [[2.5, 2.5, 3.5, 2.5, 3.5, 3.5, 2.5, 2.5], [3, 2.75, 3.25, 3, 3.25, 2.75, 3, 2.75]],
    ])))
    let single = try #require(PolygonWKB(WKB.encode(.multiPolygon([[[0, 0, 1, 0, 1, 1, 0, 0]]]))))
    #expect(single.replacingCoordinates([0, 0, 2, 0, 2, 2, 0, 0]) == WKB.encode(.polygon([[0, 0, 2, 0, 2, 2, 0, 0]])))
    // The view of the new bytes, its ring directory reused or read again: the same as parsing them.
    let bigEndian = try #require(PolygonWKB(bytes(hex: bigEndianPolygonHex)))
    let cases: [(PolygonWKB, [Double])] = [(view, shifted), (single, [0, 0, 2, 0, 2, 2, 0, 0]),
                                           (bigEndian, [0, 0, 4, 0, 4, 4, 0, 0])]
    for (v, xy) in cases {
        let rewritten = v.replacingCoordinatesView(xy), parsed = try #require(PolygonWKB(v.replacingCoordinates(xy)))
        #expect(rewritten.bytes == parsed.bytes && rewritten.polygonCount == parsed.polygonCount)
        #expect(rewritten.rings.map { [$0.offset, $0.count, $0.polygon, $0.isShell ? 1 : 0] }
                == parsed.rings.map { [$0.offset, $0.count, $0.polygon, $0.isShell ? 1 : 0] })
        #expect(rewritten.coordinates == xy && rewritten.planarArea == parsed.planarArea)
    }
}

@Test func punchedAddsAHoleByCopyingBytes() throws {
    // A 10 × 10 square less a 2 × 2 square inside it: the square's ring, then the small one's.
    let square: [Double] = [0, 0, 10, 0, 10, 10, 0, 10, 0, 0], small: [Double] = [2, 2, 4, 2, 4, 4, 2, 4, 2, 2]
    let punched = try #require(PolygonWKB.punched(WKB.encode(.polygon([square])), by: WKB.encode(.polygon([small]))))
    #expect(punched == WKB.encode(.polygon([square, small])))
    // Twice: the second hole follows the first.
    let other: [Double] = [6, 6, 8, 6, 8, 8, 6, 8, 6, 6]
    #expect(PolygonWKB.punched(punched, by: WKB.encode(.polygon([other]))) == WKB.encode(.polygon([square, small, other])))
    // Not for a MultiPolygon, a hole with a hole of its own, or big-endian bytes.
    #expect(PolygonWKB.punched(WKB.encode(.multiPolygon([[square]])), by: WKB.encode(.polygon([small]))) == nil)
    #expect(PolygonWKB.punched(WKB.encode(.polygon([square])), by: punched) == nil)
    func word(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
    var big: [UInt8] = [0] + word(3) + word(1) + word(5)
    for v in small { big += withUnsafeBytes(of: v.bitPattern.bigEndian) { Array($0) } }
    #expect(try WKB.decode(big) == .polygon([small]))
    #expect(PolygonWKB.punched(WKB.encode(.polygon([square])), by: big) == nil)
}
