// Terminal tables: columns aligned by display width (a CJK character takes two columns), numbers on
// the right, no trailing blanks. Expected strings written out by hand.
import Testing
@testable import ParcelsCLI

@Suite struct TableTests {
    @Test func hugeAreasArePrintedNotNulled() {
        // A claimed_area_m2 of 1e308 is finite and was printed null: × 1000 to round to the millimetre
        // overflowed. Below 1e15 the rounding stays: 12.3456 → 12.346; infinity is still null.
        #expect(JSON.m2(1e308).rendered() == "1e+308")
        #expect(JSON.m2(-2e306).rendered() == "-2e+306")
        #expect(JSON.m2(12.3456).rendered() == "12.346")
        #expect(JSON.m2(.infinity).rendered() == "null")
    }

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

    @Test func newlinesAndTabsInACellShownAsSpaces() {
        // A zone named "Line1\nLine2" keeps its row on one line in the terminal and in markdown (a
        // newline, a tab, CRLF: one space each). CSV keeps the text, quoted.
        let t = Table(headers: ["zone", "m²"], rows: [["Line1\nLine2", "1.0"], ["a\tb|c\r\nd", "2.0"]], numeric: [1])
        #expect(t.terminal() == """
            zone          m²
            -----------  ---
            Line1 Line2  1.0
            a b|c d      2.0

            """)
        #expect(t.markdown() == """
            | zone | m² |
            |---|---:|
            | Line1 Line2 | 1.0 |
            | a b\\|c d | 2.0 |

            """)
        #expect(t.csv() == "zone,m²\n\"Line1\nLine2\",1.0\n\"a\tb|c\r\nd\",2.0\n")
    }

    @Test func csvTextCellsThatLookLikeFormulasGetAnApostrophe() {
        // OWASP CSV injection: a text cell starting =, +, -, @, tab or CR gets a leading '; numeric
        // columns (here the second) are left alone, so -5.0 stays a number.
        let t = Table(headers: ["zone", "change"],
                      rows: [["=HYPERLINK(\"x\")", "-5.0"], ["+1", "+2.0"], ["-x", "3.0"], ["@SUM(A1)", "4.0"], ["\tz", "5.0"], ["a-b", "6.0"]],
                      numeric: [1])
        #expect(t.csv() == "zone,change\n\"'=HYPERLINK(\"\"x\"\")\",-5.0\n'+1,+2.0\n'-x,3.0\n'@SUM(A1),4.0\n'\tz,5.0\na-b,6.0\n")
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
