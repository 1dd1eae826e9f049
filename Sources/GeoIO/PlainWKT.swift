// The WKT most claims files hold, read without GDAL: a 2D POLYGON or MULTIPOLYGON whose numbers are
// plain decimals. GDAL's reader (`OGR_G_CreateFromWkt`, then `OGR_G_ExportToIsoWkb`) took about
// 17,000 instructions a claim polygon, half of reading a claims row; this takes a few hundred and
// gives the same bytes. Anything else (Z or M, EMPTY, exponents, a geometry of another type, text
// after the geometry, digits that make more than 2^53…) is left to GDAL: nil.

/// ISO WKB (little-endian) of `text` when it is a plain 2D POLYGON or MULTIPOLYGON (any letter case,
/// any spacing) whose numbers are decimals whose digits, read as a whole number, are at most 2^53
/// (15 significant digits always are; 16 often) with at most 22 decimal places, each read to the
/// nearest double as `strtod` reads it; nil otherwise.
func plainPolygonWKB(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    var reader = PlainWKTReader(text)
    return reader.read()
}

private struct PlainWKTReader {
    let text: UnsafeBufferPointer<UInt8>
    var at = 0
    var out: [UInt8] = []

    init(_ text: UnsafeBufferPointer<UInt8>) { self.text = text }

    mutating func read() -> [UInt8]? {
        skipSpaces()
        let multi: Bool
        if word("MULTIPOLYGON") { multi = true } else if word("POLYGON") { multi = false } else { return nil }
        skipSpaces()
        out.reserveCapacity(text.count / 2)
        out.append(1)
        appendWord(multi ? 6 : 3)
        let read = multi ? counted { r in r.out.append(1); r.appendWord(3); return r.counted { $0.ring() } }
                         : counted { $0.ring() }
        guard read else { return nil }
        skipSpaces()
        return at == text.count ? out : nil
    }

    /// A ring's points, "(" x y ("," x y)* ")".
    private mutating func ring() -> Bool {
        counted { r in
            r.skipSpaces()
            guard let x = r.number(), r.at < r.text.count, r.isSpace(r.text[r.at]) else { return false }
            r.skipSpaces()
            guard let y = r.number() else { return false }
            r.appendDouble(x)
            r.appendDouble(y)
            return true
        }
    }

    /// "(" item ("," item)* ")", written as the items' count (a 32-bit word) and then the items.
    private mutating func counted(_ item: (inout PlainWKTReader) -> Bool) -> Bool {
        let countAt = out.count
        appendWord(0)
        guard take(UInt8(ascii: "(")) else { return false }
        var count: UInt32 = 0
        repeat {
            guard item(&self) else { return false }
            count += 1
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: ")")) else { return false }
        setWord(count, at: countAt)
        return true
    }

    /// A decimal -?digits(.digits)?, as the nearest double: the digits as an integer below 2^53 and
    /// a division by an exact power of ten, one correctly rounded operation on exact operands
    /// (Clinger's fast path), which is `strtod`'s answer. Nil beyond that path.
    private mutating func number() -> Double? {
        var negative = false
        if at < text.count, text[at] == UInt8(ascii: "-") { negative = true; at += 1 }
        var mantissa: UInt64 = 0, digits = 0, places = 0, significant = 0
        var seenPoint = false
        while at < text.count {
            let c = text[at]
            if c >= 0x30, c <= 0x39 {
                if significant > 0 || c != 0x30 { significant += 1 }
                guard significant <= 16 else { return nil }          // no overflow: below 10^16
                mantissa = mantissa * 10 + UInt64(c - 0x30)
                digits += 1
                if seenPoint { places += 1 }
            } else if c == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            at += 1
        }
        guard digits > 0, places <= 22, !(seenPoint && places == 0), mantissa <= 1 << 53 else { return nil }
        let value = Double(mantissa) / exactPowersOfTen[places]
        return negative ? -value : value
    }

    private mutating func word(_ w: StaticString) -> Bool {
        let n = w.utf8CodeUnitCount
        guard text.count - at >= n else { return false }
        for k in 0..<n where text[at + k] | 0x20 != w.utf8Start[k] | 0x20 { return false }
        // Not the start of a longer word ("POLYGONZ", "POLYGONM").
        if at + n < text.count, text[at + n] | 0x20 >= UInt8(ascii: "a"), text[at + n] | 0x20 <= UInt8(ascii: "z") { return false }
        at += n
        return true
    }

    private mutating func take(_ c: UInt8) -> Bool {
        skipSpaces()
        guard at < text.count, text[at] == c else { return false }
        at += 1
        return true
    }

    private mutating func skipSpaces() { while at < text.count, isSpace(text[at]) { at += 1 } }
    /// The white space GDAL's WKT tokenizer passes over (`OGRWktReadToken`): space and tab only (a
    /// line break inside the text is GDAL's to refuse).
    private func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    private mutating func appendWord(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
    private mutating func setWord(_ v: UInt32, at i: Int) {
        withUnsafeBytes(of: v.littleEndian) { for k in 0..<4 { out[i + k] = $0[k] } }
    }
    private mutating func appendDouble(_ d: Double) { withUnsafeBytes(of: d.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
}

/// 10^0 … 10^22, each exactly a double.
private let exactPowersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }
