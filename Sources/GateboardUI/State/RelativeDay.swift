import Foundation
import GateboardCore

/// The dates a form's date field takes: `YYYY-MM-DD`, or relative to today as taskwarrior
/// accepts them — `+14d`, `+2w`, `today`, `tomorrow`, a weekday (`fri`, `friday`: the next
/// one after today). `past` (the stand-up's `S`): `-14d`, `-1w`, `yesterday`, and a weekday
/// is the last one before today.
public enum RelativeDay {
    public static let hint = "YYYY-MM-DD, +14d, +2w or fri"
    public static let pastHint = "YYYY-MM-DD, -14d, -1w, yesterday or fri (the last one)"

    public static func parse(_ text: String, today: Day, past: Bool = false) -> Day? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let day = Day(t) { return day }
        switch t {
        case "today": return today
        case "tomorrow": return today.adding(days: 1)
        case "yesterday": return today.adding(days: -1)
        default: break
        }
        if let sign = t.first, sign == "+" || sign == "-", let unit = t.last, let n = Int(t.dropFirst().dropLast()), n >= 0, n <= 3650 {
            let signed = sign == "-" ? -n : n
            switch unit {
            case "d": return today.adding(days: signed)
            case "w": return today.adding(days: 7 * signed)
            default: return nil
            }
        }
        let names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        let full = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
        guard let target = names.firstIndex(of: t) ?? full.firstIndex(of: t) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let weekday = calendar.component(.weekday, from: today.start) - 1     // 0 = Sunday
        if past {
            let back = (weekday - target + 7) % 7
            return today.adding(days: -(back == 0 ? 7 : back))
        }
        let ahead = (target - weekday + 7) % 7
        return today.adding(days: ahead == 0 ? 7 : ahead)
    }
}
