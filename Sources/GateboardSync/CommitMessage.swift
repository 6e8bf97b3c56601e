import Foundation
import GateboardCore

/// Commit messages that say what happened on the board, from the new audit events:
/// `gateboard: approve UC-0007 (risk_reviewer), advance UC-0003 → release`.
public enum CommitMessage {
    /// Subjects longer than this become a count; the body always lists every action.
    static let subjectLimit = 100

    /// One action in words.
    public static func phrase(_ e: AuditEvent) -> String {
        let d = e.details
        switch e.action {
        case .create: return "new \(e.useCase)"
        case .approve, .reject: return "\(e.action.rawValue) \(e.useCase)" + (d.role.map { " (\($0))" } ?? "")
        case .advance, .return, .change, .retire: return "\(e.action.rawValue) \(e.useCase)" + (d.to.map { " → \($0)" } ?? "")
        case .assign: return "assign \(e.useCase) \(d.role ?? "?")=\(d.person ?? "?")"
        case .unassign: return "unassign \(e.useCase) \(d.role ?? "?")"
        case .evidence, .attest, .waive: return "\(e.action.rawValue) \(e.useCase)" + (d.control.map { " \($0)" } ?? "")
        case .standup: return "stand-up held"
        case .delegate: return "delegate \(d.role ?? "?") to \(d.person ?? "?")"
        case .delegateCancel: return "cancel delegation"
        case .conflict: return "conflict on \(e.useCase)"
        default: return "\(e.action.rawValue) \(e.useCase)"
        }
    }

    /// Subject and body for a commit of `events` (oldest first).
    public static func make(for events: [AuditEvent], otherFiles: [String] = []) -> String {
        guard !events.isEmpty else {
            return "gateboard: update " + (otherFiles.isEmpty ? "board" : otherFiles.joined(separator: ", "))
        }
        let phrases = events.map(phrase)
        var subject = "gateboard: " + phrases.joined(separator: ", ")
        if subject.count > subjectLimit {
            let cases = Set(events.map(\.useCase)).count
            var counts: [String: Int] = [:]
            for e in events { counts[e.action.rawValue, default: 0] += 1 }
            let top = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { $0.value > 1 ? "\($0.key) ×\($0.value)" : $0.key }
            subject = "gateboard: \(events.count) actions on \(cases) use case\(cases == 1 ? "" : "s") (\(top.joined(separator: ", ")))"
        }
        let body = events.map { e in
            "- \(phrase(e)) by \(e.actor) at \(Timestamp.format(e.at))" + (e.id.isEmpty ? "" : " [\(e.id)]")
        }
        return subject + "\n\n" + body.joined(separator: "\n") + "\n"
    }
}
