import Foundation
import GateboardCore

/// The canonical timestamp form (`2026-11-26T15:04:05Z`, whole seconds, UTC) parsed and
/// formatted by hand: Foundation's formatters cost tens of microseconds a call, which
/// dominated loading and verifying large boards. Anything else falls back to `Timestamp`.
enum FastTimestamp {
    static func parse(_ text: String) -> Date? {
        var text = text
        if let d = text.withUTF8({ canonical($0) }) { return d }
        return Timestamp.parse(text)
    }

    /// Exactly `YYYY-MM-DDTHH:MM:SSZ` with valid fields, else nil.
    static func canonical(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A else { return nil }
        func num(_ from: Int, _ n: Int) -> Int? {
            var v = 0
            for i in from..<(from + n) {
                let c = b[i]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        guard let y = num(0, 4), let m = num(5, 2), let d = num(8, 2), let hh = num(11, 2), let mm = num(14, 2), let ss = num(17, 2),
              (1...12).contains(m), d >= 1, d <= daysInMonth(y, m), hh < 24, mm < 60, ss < 60 else { return nil }
        let days = daysFromCivil(y, m, d)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hh * 3600 + mm * 60 + ss))
    }

    static func format(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        guard t == t.rounded(.down), abs(t) < 1e11 else { return Timestamp.format(date) }
        let secs = Int(t)
        let days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let rem = secs - days * 86_400
        let (y, m, d) = civilFromDays(days)
        guard (0...9999).contains(y) else { return Timestamp.format(date) }
        var out = [UInt8](repeating: 0, count: 20)
        func put(_ v: Int, _ at: Int, _ n: Int) {
            var v = v
            for i in stride(from: at + n - 1, through: at, by: -1) { out[i] = UInt8(0x30 + v % 10); v /= 10 }
        }
        put(y, 0, 4); out[4] = 0x2D; put(m, 5, 2); out[7] = 0x2D; put(d, 8, 2); out[10] = 0x54
        put(rem / 3600, 11, 2); out[13] = 0x3A; put(rem / 60 % 60, 14, 2); out[16] = 0x3A; put(rem % 60, 17, 2); out[19] = 0x5A
        return String(decoding: out, as: UTF8.self)
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days-from-civil: days since 1970-01-01.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
