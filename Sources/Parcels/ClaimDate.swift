// A claim's `date` read as a calendar date, so that claims are ordered by when they were made
// (2016/3/9 before 2016/3/10), not by their text ("2016/3/10" < "2016/3/9" as text).
//
// Forms read (a month and day with or without a leading zero):
//   2016-03-09  2016-3-9  2016/03/09  2016/3/9  2016.3.9  2016年3月9日  20160309
// each optionally followed, after `T` or spaces, by a time: 08:30, 08:30:15 or 08:30:15.250, with an
// optional UTC offset (Z, +08, +0800, +08:00). That covers GDAL's Date and DateTime fields, which
// reach here as ISO 8601 text. A time with an offset is compared in UTC; a time without one, and a
// date alone (its midnight), as written. Anything else, or a day that does not exist (2016-02-30),
// is not a date.

/// A calendar date and time, as milliseconds from 1970-01-01 00:00.
struct ClaimDate: Comparable, Sendable {
    let milliseconds: Int64

    static func < (a: ClaimDate, b: ClaimDate) -> Bool { a.milliseconds < b.milliseconds }

    init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// The date in `text` (spaces around it ignored), or nil when it is none of the forms above.
    init?(_ text: String) {
        var s = Scanner(Array(text.utf8))
        s.skipSpaces()
        let yearStart = s.at
        guard let first = s.digits(max: 8) else { return nil }
        let (year, month, day): (Int64, Int64, Int64)
        if s.at - yearStart == 8 {                                   // YYYYMMDD
            (year, month, day) = (first / 10_000, first / 100 % 100, first % 100)
        } else {
            guard s.at - yearStart == 4 else { return nil }
            guard let (afterYear, afterMonth, afterDay) = ClaimDate.separators.first(where: { s.peek($0.0) }) else { return nil }
            s.take(afterYear)
            guard let m = s.digits(max: 2), s.take(afterMonth), let d = s.digits(max: 2) else { return nil }
            if !afterDay.isEmpty { guard s.take(afterDay) else { return nil } }
            (year, month, day) = (first, m, d)
        }
        guard year >= 1, (1...12).contains(month), day >= 1, day <= ClaimDate.days(inMonth: month, of: year) else { return nil }
        var milliseconds = ClaimDate.daysSince1970(year, month, day) * 86_400_000

        // An optional time: after "T" or spaces, then nothing but spaces.
        let beforeTime = s.at
        let t = s.take(ClaimDate.timeMark) || s.take(ClaimDate.timeMarkLower)
        if !t { s.skipSpaces() }
        if t || !s.atEnd {
            guard t || s.at > beforeTime, let time = s.time() else { return nil }
            milliseconds += time
            s.skipSpaces()
            guard s.atEnd else { return nil }
        }
        self.milliseconds = milliseconds
    }

    // Made once: a city's claims file has a date on each of its hundreds of thousands of rows.
    private static let separators: [([UInt8], [UInt8], [UInt8])] = [
        (Array("-".utf8), Array("-".utf8), []), (Array("/".utf8), Array("/".utf8), []),
        (Array(".".utf8), Array(".".utf8), []), (Array("年".utf8), Array("月".utf8), Array("日".utf8)),
    ]
    private static let timeMark = Array("T".utf8), timeMarkLower = Array("t".utf8)

    static func days(inMonth month: Int64, of year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the given day of the proleptic Gregorian calendar (Howard Hinnant's
    /// `days_from_civil`: years counted from March, so that the leap day ends a year).
    static func daysSince1970(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// A cursor over UTF-8 bytes.
private struct Scanner {
    let bytes: [UInt8]
    var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { at == bytes.count }

    mutating func skipSpaces() { while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 { at += 1 } }

    func peek(_ word: [UInt8]) -> Bool {
        word.isEmpty || (bytes.count - at >= word.count && bytes[at..<at + word.count].elementsEqual(word))
    }

    /// Takes `word` when it comes next.
    @discardableResult mutating func take(_ word: [UInt8]) -> Bool {
        guard peek(word) else { return false }
        at += word.count
        return true
    }

    /// One to `max` decimal digits as a number; nil when no digit comes next.
    mutating func digits(max: Int) -> Int64? {
        var value: Int64 = 0, count = 0
        while count < max, at < bytes.count, (0x30...0x39).contains(bytes[at]) {
            value = value * 10 + Int64(bytes[at] - 0x30)
            at += 1; count += 1
        }
        return count > 0 ? value : nil
    }

    /// Exactly `n` digits.
    mutating func digits(exactly n: Int) -> Int64? {
        let start = at
        guard let value = digits(max: n), at - start == n else { return nil }
        return value
    }

    /// HH:MM[:SS[.fff]][offset] as milliseconds since midnight, taken to UTC when an offset is given.
    mutating func time() -> Int64? {
        guard let hour = digits(max: 2), hour < 24, take(Array(":".utf8)),
              let minute = digits(exactly: 2), minute < 60 else { return nil }
        var milliseconds = (hour * 60 + minute) * 60_000
        if take(Array(":".utf8)) {
            guard let second = digits(exactly: 2), second <= 60 else { return nil }   // 60: a leap second
            milliseconds += second * 1000
            if take(Array(".".utf8)) || take(Array(",".utf8)) {
                let start = at
                guard let fraction = digits(max: 3) else { return nil }
                milliseconds += fraction * [100, 10, 1][at - start - 1]
                while at < bytes.count, (0x30...0x39).contains(bytes[at]) { at += 1 }   // finer than a millisecond
            }
        }
        if take(Array("Z".utf8)) || take(Array("z".utf8)) { return milliseconds }
        let sign: Int64 = take(Array("+".utf8)) ? 1 : take(Array("-".utf8)) ? -1 : 0
        if sign != 0 {
            guard let hours = digits(exactly: 2), hours <= 23 else { return nil }
            var minutes: Int64 = 0
            let colon = take(Array(":".utf8))
            if colon || (at < bytes.count && (0x30...0x39).contains(bytes[at])) {
                guard let m = digits(exactly: 2), m < 60 else { return nil }
                minutes = m
            }
            milliseconds -= sign * (hours * 60 + minutes) * 60_000
        }
        return milliseconds
    }
}
