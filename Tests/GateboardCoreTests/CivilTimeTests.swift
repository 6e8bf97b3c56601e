import Foundation
import Testing
@testable import GateboardCore

/// The hand-rolled UTC arithmetic agrees with Foundation's Gregorian calendar.
@Suite struct CivilTimeTests {
    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    @Test func daysAndTimestampsMatchTheCalendar() {
        var state: UInt64 = 7
        var samples: [Double] = [0, -1, 86_399, 86_400, -86_400, -86_401, 951_782_400 /* 2000-02-29 */, 4_107_542_399, -2_208_988_800, 1_782_000_000.75]
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            samples.append(Double(Int64(bitPattern: state >> 1) % 8_000_000_000) - 2_000_000_000)
        }
        for t in samples {
            let date = Date(timeIntervalSince1970: t)
            let c = Self.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let day = Day(containing: date)
            #expect(day == Day(year: c.year!, month: c.month!, day: c.day!), "\(t)")
            #expect(day.start == Self.calendar.date(from: DateComponents(year: c.year!, month: c.month!, day: c.day!))!, "\(t)")
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
            if c.year! >= 1000 { #expect(Timestamp.format(date) == expected, "\(t)") }
            #expect(day.description == String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!))
        }
    }
}
