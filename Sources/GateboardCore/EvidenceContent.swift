import Foundation

/// Evidence bound to what was added: a local evidence reference (`evidence … --ref PATH`)
/// records the file's content id (`ContentBinding`) with it, in `Evidence.hash`. On read,
/// `observingEvidence` sets what the file holds now (`Evidence.current`), and each item is
/// `ok`, `drifted` (changed since it was added), `missing` or `external`. With the policy's
/// `evidenceMustResolve: true`, drifted or missing evidence no longer satisfies its control.

/// An observation carried beside recorded data: never written, ignored by `==` (as
/// `SignatureMark`), so a use case as observed equals it as recorded.
public struct ObservedContent: Equatable, Sendable {
    /// The content id on disk now, `ContentBinding.missing`, or nil when not looked at.
    public var id: String?
    public init(_ id: String? = nil) { self.id = id }
    public static func == (_: ObservedContent, _: ObservedContent) -> Bool { true }
}

extension Evidence {
    /// `external` when no content was recorded; `ok` when the disk has not been looked at.
    public var contentState: ContentCheck.State {
        guard let hash else { return .external }
        guard let now = current.id else { return .ok }
        if now == ContentBinding.missing { return .missing }
        return now == hash ? .ok : .drifted
    }

    /// Whether it still stands for what was added: external, unobserved, or the same content.
    public var resolves: Bool { contentState == .ok || contentState == .external }

    /// "evals/UC-0002/report.html changed since Daniel Osei added it on 2026-11-16 (blob a → b)",
    /// "… is missing (added by Daniel Osei on 2026-11-16)"; nil when it resolves.
    public func problem(_ policy: Policy) -> String? {
        let path = ContentBinding.path(of: ref)
        let who = Wording.person(by, policy), day = Wording.day(at)
        switch contentState {
        case .ok, .external: return nil
        case .missing: return "\(path) is missing (added by \(who) on \(day))"
        case .drifted:
            return "\(path) changed since \(who) added it on \(day) (\(ContentBinding.transition(hash, current.id)))"
        }
    }

    /// The short mark the gate pane and the inbox put after it: "changed since Daniel Osei
    /// added it on 2026-11-16", "missing"; nil when it resolves.
    public func mark(_ policy: Policy) -> String? {
        switch contentState {
        case .ok, .external: return nil
        case .missing: return "missing"
        case .drifted: return "changed since \(Wording.person(by, policy)) added it on \(Wording.day(at))"
        }
    }
}

/// One evidence item of a use case with its control, for listings.
public struct EvidenceItem: Equatable, Sendable {
    public var control: ControlID
    public var evidence: Evidence
    public init(control: ControlID, evidence: Evidence) {
        self.control = control
        self.evidence = evidence
    }
}

extension UseCase {
    /// Every evidence item, by control id then as added.
    public var evidenceItems: [EvidenceItem] {
        controls.keys.sorted().flatMap { c in controls[c]!.evidence.map { EvidenceItem(control: c, evidence: $0) } }
    }

    /// Whether any evidence recorded a content id (only those are looked at on disk).
    public var hasEvidenceContent: Bool {
        controls.values.contains { $0.evidence.contains { $0.hash != nil } }
    }

    /// The use case with each local evidence item's current content set by `current`
    /// (reference, recorded id → the id on disk now, or `ContentBinding.missing`).
    public func observingEvidence(_ current: (String, String) -> String) -> UseCase {
        var uc = self
        for (c, state) in controls {
            var s = state
            for i in s.evidence.indices {
                guard let hash = s.evidence[i].hash else { continue }
                s.evidence[i].current = ObservedContent(current(s.evidence[i].ref, hash))
            }
            uc.controls[c] = s
        }
        return uc
    }
}
