// WKBBytesTests.swift — geometries packed into one buffer read back as the bytes they were, and
// viewed (PolygonWKB) as the arrays they came from.

import Testing
import Proj

@Test func packedGeometriesKeepTheirBytes() throws {
    // The shapely multipolygon of WKBTests, a big-endian triangle, an empty piece and a square.
    let pieces: [[UInt8]] = [bytes(hex: multiPolygonHex), bytes(hex: bigEndianPolygonHex), [],
                             polygonWKB([[0, 0, 2, 0, 2, 2, 0, 2, 0, 0]])]
    let packed = WKBBytes.packed(pieces.count) { WKBBytes(pieces[$0]) }
    #expect(packed.map(\.count) == pieces.map(\.count))
    #expect(packed.map(\.array) == pieces)
    #expect(packed.map { Array($0) } == pieces)
    for (view, piece) in zip(packed, pieces) {
        #expect(view.withUnsafeBytes { Array($0) } == piece)
        #expect(view == WKBBytes(piece))
        #expect(view.hashValue == WKBBytes(piece).hashValue)
    }
    #expect(packed[0] != packed[3] && packed[2] != packed[3])
    // The views read the same rings as the arrays do: the square's area 4, the triangle's ½.
    #expect(PolygonWKB(packed[3])?.planarArea == 4)
    #expect(PolygonWKB(packed[1])?.planarArea == 0.5)
    #expect(PolygonWKB(packed[0])?.coordinates == PolygonWKB(pieces[0])?.coordinates)
    #expect(PolygonWKB(packed[2]) == nil)
    // Cut out of the buffer's middle, a polygon is copied when asked for alone.
    let middle = WKBBytes(pieces[0] + pieces[3], range: pieces[0].count..<(pieces[0].count + pieces[3].count))
    #expect(middle.array == pieces[3] && middle.first == 1 && middle[middle.count - 1] == 0)
}

/// Two million of these sit in features and outcomes: a buffer reference and two 32-bit numbers.
@Test func wkbBytesStaySmall() {
    #expect(MemoryLayout<WKBBytes>.size == 16)
}
