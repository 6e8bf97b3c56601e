import Foundation

/// A calendar day in UTC (`2026-12-31`), used for waiver expiries and park review dates.
/// A day-valued deadline lasts to the end of that day: `until: 2026-12-31` is still valid
/// at 23:59:59Z on the 31st and expired from 00:00:00Z on 1 January.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil when malformed or not a real date.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= CivilTime.daysInMonth(y, m)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The UTC day that contains `date`.
    public init(containing date: Date) {
        let (days, _) = CivilTime.split(date)
        let (y, m, d) = CivilTime.civil(fromDays: days)
        self.init(year: y, month: m, day: d)
    }

    public var description: String {
        CivilTime.pad(year, 4) + "-" + CivilTime.pad(month, 2) + "-" + CivilTime.pad(day, 2)
    }

    /// 00:00:00Z at the start of this day.
    public var start: Date {
        Date(timeIntervalSince1970: Double(CivilTime.days(year: year, month: month, day: day)) * 86_400)
    }

    /// 00:00:00Z on the following day: the first instant this day is over.
    public var end: Date { start.addingTimeInterval(86_400) }

    /// Saturates at ±10,000 years, so no count of days can overflow or trap.
    public func adding(days: Int) -> Day {
        let n = Swift.min(Swift.max(days, -Day.maxOffsetDays), Day.maxOffsetDays)
        let (y, m, d) = CivilTime.civil(fromDays: CivilTime.days(year: year, month: month, day: day) + n)
        return Day(year: y, month: m, day: d)
    }

    static let maxOffsetDays = 3_652_425

    public static func < (a: Day, b: Day) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a date (YYYY-MM-DD): \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

}

/// Timestamps in files and output: ISO 8601, UTC, whole seconds (`2026-11-26T15:04:05Z`).
public enum Timestamp {
    /// Written by hand into 20 bytes (years 0 to 9999): Foundation's formatters and string
    /// concatenation cost tens of microseconds a call, which dominated writing and verifying
    /// large boards.
    public static func format(_ date: Date) -> String {
        let (days, secs) = CivilTime.split(date)
        let (y, m, d) = CivilTime.civil(fromDays: days)
        guard (0...9999).contains(y) else {
            return CivilTime.pad(y, 4) + "-" + CivilTime.pad(m, 2) + "-" + CivilTime.pad(d, 2) + "T"
                + CivilTime.pad(secs / 3600, 2) + ":" + CivilTime.pad(secs / 60 % 60, 2) + ":" + CivilTime.pad(secs % 60, 2) + "Z"
        }
        return String(unsafeUninitializedCapacity: 20) { out in
            func put(_ v: Int, _ at: Int, _ n: Int) {
                var v = v
                for i in stride(from: at + n - 1, through: at, by: -1) { out[i] = UInt8(0x30 + v % 10); v /= 10 }
            }
            put(y, 0, 4); out[4] = 0x2D; put(m, 5, 2); out[7] = 0x2D; put(d, 8, 2); out[10] = 0x54
            put(secs / 3600, 11, 2); out[13] = 0x3A; put(secs / 60 % 60, 14, 2); out[16] = 0x3A; put(secs % 60, 17, 2); out[19] = 0x5A
            return 20
        }
    }

    /// Accepts `YYYY-MM-DDTHH:MM:SSZ`, with optional fractional seconds (`.5`, `.250`) or a
    /// `±HH:MM` offset in place of `Z`, and a bare `YYYY-MM-DD` (midnight UTC). Every field is
    /// checked: an impossible time (`2026-02-30T00:00:00Z`, `T24:00:00Z`, a leap second
    /// `:60`, an offset of `+24:00`) is refused, never rolled over into another instant.
    /// One parser, by hand: no Foundation formatter (which normalised impossible times).
    public static func parse(_ text: String) -> Date? {
        // A bare day is exactly 10 bytes; trying `Day` on every timestamp (it splits the text)
        // was most of this function's time in `signal --file` (perf, issue 18).
        if text.utf8.count == 10, let day = Day(text) { return day.start }
        var text = text
        return text.withUTF8 { extended($0) }
    }

    /// `YYYY-MM-DDTHH:MM:SS`, then optional `.` and one or more digits, then `Z` or `±HH:MM`.
    static func extended(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count >= 20 else { return nil }
        func digits(_ from: Int, _ n: Int) -> Int? {
            guard from + n <= b.count else { return nil }
            var v = 0
            for i in from..<(from + n) {
                let c = b[i]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        guard b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
              let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2),
              let hh = digits(11, 2), let mm = digits(14, 2), let ss = digits(17, 2),
              (1...12).contains(m), d >= 1, d <= CivilTime.daysInMonth(y, m), hh < 24, mm < 60, ss < 60
        else { return nil }
        var i = 19
        var fraction = 0.0
        if b[i] == 0x2E {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { fraction += Double(b[i] - 0x30) * scale; scale /= 10; i += 1 }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        switch b[i] {
        case 0x5A:
            i += 1
        case 0x2B, 0x2D:
            guard i + 6 == b.count, b[i + 3] == 0x3A, let oh = digits(i + 1, 2), let om = digits(i + 4, 2), oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == 0x2B ? 1 : -1)
            i += 6
        default:
            return nil
        }
        guard i == b.count else { return nil }
        let seconds = CivilTime.days(year: y, month: m, day: d) * 86_400 + hh * 3600 + mm * 60 + ss - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Exactly `YYYY-MM-DDTHH:MM:SSZ` (the form `format` writes) with valid fields, parsed by
    /// hand, else nil. Foundation's formatter costs tens of microseconds a call and pulls in
    /// ICU's data (4 MB of a small command's memory).
    public static func canonical(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        b.count == 20 ? extended(b) : nil
    }

    /// Whole days from `from` to `to`, rounded down; never negative.
    public static func wholeDays(from: Date, to: Date) -> Int {
        CivilTime.clampedInt((to.timeIntervalSince(from) / 86_400).rounded(.down), limit: 1e12).map { max(0, $0) } ?? 0
    }
}

/// Proleptic Gregorian UTC arithmetic without Foundation's Calendar (Howard Hinnant's
/// days-from-civil): a gate evaluation asks for days and timestamps many times, and
/// Calendar's ICU path and String(format:) dominated evaluating a large board.
public enum CivilTime {
    /// Whole days since 1970-01-01 and seconds into that day (floor, so before 1970 works too).
    static func split(_ date: Date) -> (days: Int, seconds: Int) {
        // Clamped to ±10^15 s (some 30 million years): Int(_:) of a larger Double traps.
        let t = clampedInt(date.timeIntervalSince1970.rounded(.down), limit: 1e15) ?? 0
        let days = t >= 0 ? t / 86_400 : -((-t + 86_399) / 86_400)
        return (days, t - days * 86_400)
    }

    /// `v` as an Int, clamped to ±`limit`; nil for NaN. Never traps, however large `v` is.
    static func clampedInt(_ v: Double, limit: Double) -> Int? {
        guard !v.isNaN else { return nil }
        return Int(Swift.min(Swift.max(v, -limit), limit))
    }

    public static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
