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
