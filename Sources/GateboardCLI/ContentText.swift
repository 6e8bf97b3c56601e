import Foundation
import GateboardCore

extension UseCaseText {
    /// The artifact lines of `show`: name, reference, and for a local one its recorded id and
    /// state ("blob 3f2a1c9", "blob 3f2a1c9 — CHANGED, now blob 9b0d4e1", "— MISSING");
    /// an external one says so.
    func artifactRows() -> [(String, String)] {
        let w = BoardWords(policy: policy)
        let uc = facts.useCase
        let checks = content.isEmpty ? uc.contentChecks(current: [:]) : content
        return ContentBinding.names(uc.artifacts).map { name in
            let ref = w.e(uc.artifacts[name]!)
            guard let c = checks.first(where: { $0.name == name }) else { return (w.e(name), ref) }
            let recorded = ContentBinding.short(c.recorded)
            switch content.isEmpty ? nil : c.state {
            case nil: return (w.e(name), c.recorded == nil ? "\(ref)  (external — not checked)" : "\(ref)  \(recorded)")
            case .external?: return (w.e(name), "\(ref)  (external — not checked)")
            case .ok?: return (w.e(name), "\(ref)  \(recorded)")
            case .missing?: return (w.e(name), "\(ref)  \(recorded) — MISSING")
            case .drifted?: return (w.e(name), "\(ref)  \(recorded) — CHANGED, now \(ContentBinding.short(c.current))")
            }
        }
    }
}

/// One artifact's content in `show --json` / `check --json`: `local`, `hash` (recorded; null
/// when external), `currentHash` (on disk now; null when external or missing) and `state`
/// (`ok`, `drifted`, `missing`, `external`). Ids are as recorded: a blob id, or `tree:` and a
/// tree id.
package struct ArtifactContentJSON: Encodable, Equatable {
    var ref: String
    var local: Bool
    var hash: String?
    var currentHash: String?
    var state: String

    enum CodingKeys: String, CodingKey { case ref, local, hash, currentHash, state }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ref, forKey: .ref)
        try c.encode(local, forKey: .local)
        try c.encode(hash, forKey: .hash)
        try c.encode(currentHash, forKey: .currentHash)
        try c.encode(state, forKey: .state)
    }

    package init(_ c: ContentCheck) {
        ref = c.ref
        local = c.recorded != nil
        hash = c.recorded
        currentHash = c.current == ContentBinding.missing ? nil : c.current
        state = c.state.rawValue
    }
}

extension ArtifactContentJSON {
    /// An evidence item's content (`EvidenceContent`): as an artifact's, from what was
    /// recorded when it was added and what is on disk now.
    init(_ e: Evidence) {
        ref = e.ref
        local = e.hash != nil
        hash = e.hash
        let state = e.contentState
        currentHash = state == .missing || e.hash == nil ? nil : (e.current.id ?? e.hash)
        self.state = state.rawValue
    }
}

extension UseCaseText {
    /// The evidence lines of `show`: control, reference, and for a local one its recorded id
    /// and mark ("blob 3f2a1c9 — CHANGED since Daniel Osei added it on 2026-11-16, now blob
    /// 9b0d4e1", "— MISSING"); an external one says so.
    func evidenceRows() -> [(String, String)] {
        let w = BoardWords(policy: policy)
        return facts.useCase.evidenceItems.map { item in
            let e = item.evidence, ref = w.e(e.ref), who = w.person(e.by), day = BoardWords.day(e.at)
            let recorded = ContentBinding.short(e.hash)
            switch e.contentState {
            case .external: return (w.e(item.control), "\(ref)  (external — not checked), added by \(who) on \(day)")
            case .ok: return (w.e(item.control), "\(ref)  \(recorded), added by \(who) on \(day)")
            case .missing: return (w.e(item.control), "\(ref)  \(recorded) — MISSING (added by \(who) on \(day))")
            case .drifted:
                return (w.e(item.control), "\(ref)  \(recorded) — CHANGED since \(who) added it on \(day), now \(ContentBinding.short(e.current.id))")
            }
        }
    }
}

extension UseCaseJSON {
    /// The JSON with each artifact's content check (`ContentRead.observe`).
    package func withContent(_ checks: [ContentCheck]) -> UseCaseJSON {
        var out = self
        out.artifactContent = Dictionary(checks.map { ($0.name, ArtifactContentJSON($0)) }, uniquingKeysWith: { a, _ in a })
        return out
    }
}
