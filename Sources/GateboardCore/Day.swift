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
              (1...12).contains(m), d >= 1, d <= Day.daysInMonth(year: y, month: m)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The UTC day that contains `date`.
    public init(containing date: Date) {
        let c = Day.utcCalendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: c.year!, month: c.month!, day: c.day!)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// 00:00:00Z at the start of this day.
    public var start: Date {
        Day.utcCalendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// 00:00:00Z on the following day: the first instant this day is over.
    public var end: Date { start.addingTimeInterval(86_400) }

    public func adding(days: Int) -> Day {
        Day(containing: start.addingTimeInterval(Double(days) * 86_400))
    }

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

    static let utcCalendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Timestamps in files and output: ISO 8601, UTC, whole seconds (`2026-11-26T15:04:05Z`).
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        let c = Day.utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ",
                      c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// Accepts `YYYY-MM-DDTHH:MM:SSZ`, with optional fractional seconds or a `±HH:MM` offset,
    /// and a bare `YYYY-MM-DD` (midnight UTC).
    public static func parse(_ text: String) -> Date? {
        if let day = Day(text) { return day.start }
        // A four-digit year, as `format` writes (Foundation's parser also takes 5 to 50+
        // digit years, which then do not survive a round trip).
        let head = Array(text.utf8.prefix(5))
        guard head.count == 5, head[..<4].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), head[4] == 0x2D else { return nil }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text)
    }

    /// Whole days from `from` to `to`, rounded down; never negative.
    public static func wholeDays(from: Date, to: Date) -> Int {
        max(0, Int((to.timeIntervalSince(from) / 86_400).rounded(.down)))
    }
}
