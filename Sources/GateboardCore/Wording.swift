import Foundation

/// How the engine names things in its messages: people by display name, roles in words
/// ("risk reviewer"), lists with "and", counts with the right plural.
enum Wording {
    static func person(_ id: PersonID, _ policy: Policy) -> String {
        policy.person(id)?.name ?? id
    }

    /// "risk reviewer" for `risk_reviewer` (the role's display name, first letter lowered).
    static func role(_ id: RoleID, _ policy: Policy) -> String {
        guard let name = policy.role(id)?.name, !name.isEmpty else {
            return id.replacingOccurrences(of: "_", with: " ")
        }
        return lowerFirst(name)
    }

    /// "a risk reviewer", "an operations owner".
    static func aRole(_ id: RoleID, _ policy: Policy) -> String {
        let words = role(id, policy)
        return (words.first.map { "aeiou".contains($0.lowercased()) } == true ? "an " : "a ") + words
    }

    static func stage(_ id: StageID, _ policy: Policy) -> String {
        policy.stage(id)?.name ?? id
    }

    static func lowerFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        // Keep acronyms ("KYC review") as they are.
        if text.count > 1, text.dropFirst().first?.isUppercase == true { return text }
        return first.lowercased() + text.dropFirst()
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    static func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }

    static func day(_ date: Date) -> String { Day(containing: date).description }

    /// Only white space, or empty: the characters of Foundation's `.whitespacesAndNewlines`
    /// here (the Unicode White_Space property, and U+200B ZERO WIDTH SPACE). Foundation's
    /// trimming allocated a copy per call: a tenth of `list` on a large board.
    static func isBlank(_ text: String) -> Bool {
        for u in text.unicodeScalars where !u.properties.isWhitespace && u.value != 0x200B { return false }
        return true
    }

    /// Calendar days from one day to another (negative when `to` is earlier).
    static func calendarDays(from: Day, to: Day) -> Int {
        Int((to.start.timeIntervalSince(from.start) / 86_400).rounded())
    }

    /// "expires 2026-11-30 (in 4 days)", "expires 2026-11-26 (today)": a waiver's last day.
    static func expiry(_ until: Day, daysLeft: Int) -> String {
        "expires \(until) " + (daysLeft <= 0 ? "(today)" : daysLeft == 1 ? "(tomorrow)" : "(in \(days(daysLeft)))")
    }
}
