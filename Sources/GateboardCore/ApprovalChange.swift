import Foundation

/// What changed in the material since an approval, read from the log: the inbox's renew
/// entries say it ("prompt v6 → v7 · Daniel Osei · 2026-11-19") so that a reviewer sees what
/// they are asked to approve again.
public enum ApprovalChange {
    /// The material keys (artifact names, `tier`) whose value now differs from the approval's
    /// basis; content ids (`#blob`) are left to the void reason, which says them.
    static func changedKeys(_ approval: Approval, now basis: [String: String]) -> [String] {
        Set(approval.basis.keys).union(basis.keys)
            .filter { !ContentBinding.isKey($0) && approval.basis[$0] != basis[$0] }
            .sorted { ($0 == "tier" ? 1 : 0, $0) < ($1 == "tier" ? 1 : 0, $1) }
    }

    /// "prompt v6 → v7 · Daniel Osei · 2026-11-19": each changed key from its value at the
    /// approval to its value now, by whom and when (the last edit after the approval that set
    /// one of them; "2 edits" when more did). Nil when no edit after the approval changed what
    /// it was bound to: a file changed on disk, an expiry, an approval recorded without basis.
    public static func words(since approval: Approval, now basis: [String: String], events: [AuditEvent],
                             policy: Policy) -> String? {
        let keys = changedKeys(approval, now: basis)
        guard !approval.basis.isEmpty, !keys.isEmpty else { return nil }
        let edits = events.filter { e in
            e.action == .edit && e.at >= approval.at && keys.contains { key in
                let set = key == "tier" ? e.details.tier : e.details.artifacts?[key]
                return set.map { ($0.isEmpty ? nil : $0) != approval.basis[key] } ?? false
            }
        }.sorted { $0.seq < $1.seq }
        guard let last = edits.last else { return nil }
        let what = keys.map { key in
            "\(key == "tier" ? "risk tier" : key) " + transition(approval.basis[key], basis[key])
        }
        var parts = [what.joined(separator: ", "), Wording.person(last.actor, policy), Wording.day(last.at)]
        if edits.count > 1 { parts.append("\(edits.count) edits") }
        return parts.joined(separator: " \u{00B7} ")
    }

    /// "v6 → v7" when only the `@version` of one path changed ("prompts/prefill.md@v6" to
    /// "prompts/prefill.md@v7"), else both references whole; "none", "removed" for a missing end.
    public static func transition(_ old: String?, _ new: String?) -> String {
        guard let old, let new else { return "\(old ?? "none") \u{2192} \(new ?? "removed")" }
        let path = ContentBinding.path(of: old)
        if path != old, path == ContentBinding.path(of: new), new != path {
            return "\(old.dropFirst(path.count + 1)) \u{2192} \(new.dropFirst(path.count + 1))"
        }
        return "\(old) \u{2192} \(new)"
    }
}
