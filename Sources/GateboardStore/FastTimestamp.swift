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
    static func canonical(_ b: UnsafeBufferPointer<UInt8>) -> Date? { Timestamp.canonical(b) }

    static func format(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        guard t == t.rounded(.down), abs(t) < 1e11 else { return Timestamp.format(date) }
        let secs = Int(t)
        let days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let rem = secs - days * 86_400
        let (y, m, d) = CivilTime.civil(fromDays: days)
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
}
