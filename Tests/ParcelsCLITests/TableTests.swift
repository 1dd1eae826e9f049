// Terminal tables: columns aligned by display width (a CJK character takes two columns), numbers on
// the right, no trailing blanks. Expected strings written out by hand.
import Testing
@testable import ParcelsCLI

@Suite struct TableTests {
    @Test func alignsByDisplayWidth() {
        let t = Table(headers: ["district", "m²"], rows: [["黄浦区", "1,215"], ["Jing'an", "12"]], numeric: [1])
        // 黄浦区 is 6 columns wide, "district" 8: the first column is 8 wide, the second 5.
        #expect(t.terminal() == """
            district     m²
            --------  -----
            黄浦区    1,215
            Jing'an      12

            """)
    }

    @Test func leftAlignedLastColumnHasNoTrailingBlanks() {
        let t = Table(headers: ["n", "name"], rows: [["1", "a"], ["22", "浦东新区"]], numeric: [0])
        #expect(t.terminal() == " n  name\n--  --------\n 1  a\n22  浦东新区\n")
    }

    @Test func thousandsGroupedInTheWholePartOnly() {
        #expect(groupThousands("0") == "0")
        #expect(groupThousands("999.99") == "999.99")
        #expect(groupThousands("1000") == "1,000")
        #expect(groupThousands("-1234567.891") == "-1,234,567.891")
        #expect(groupThousands("-123.4") == "-123.4")
        #expect(groupThousands("52525339") == "52,525,339")
        #expect(groupThousands("100000.5") == "100,000.5")
    }

    @Test func displayWidthCountsWideAndZeroWidthScalars() {
        #expect(displayWidth("abc") == 3)
        #expect(displayWidth("静安区") == 6)
        #expect(displayWidth("e\u{301}") == 1)       // e + combining acute
        #expect(displayWidth("Ａ") == 2)              // fullwidth A
        #expect(displayWidth("x\u{200B}y") == 2)     // zero-width space
    }
}
