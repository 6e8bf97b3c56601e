import Foundation

/// `signing:` in the policy: which actions must carry an SSH signature by the actor's key.
public enum SigningMode: String, Equatable, Sendable, Codable, CaseIterable {
    /// Nothing is signed (a policy that says nothing).
    case off
    /// Every decision is signed: `SigningMode.decisions` lists them.
    case decisions
    /// Every action is signed.
    case all

    /// The actions that are decisions (issue 16): approve, reject, withdraw, waive, advance,
    /// return, halt, resume, change, retire, assign, unassign, park, unpark, review, and the
    /// stand-up mark. Create, edit, evidence, attest, comment and escalate are not.
    public static let decisionActions: Set<EventAction> = [
        .approve, .reject, .withdraw, .waive, .advance, .return, .halt, .resume, .change, .retire,
        .assign, .unassign, .park, .unpark, .review, .standup, .signing, .delegate, .delegateCancel,
        // Risk screening: accepting a tier below the proposal is a decision.
        .tierOverride,
    ]

    /// Whether an event of this action must be signed in this mode. `conflict` events are made
    /// by a merge, never by a person, and are never signed.
    public func requires(_ action: EventAction) -> Bool {
        switch self {
        case .off: false
        case .decisions: Self.decisionActions.contains(action)
        case .all: action != .conflict
        }
    }
}

/// One of a person's public keys in the policy (`keys:`), optionally limited in time: a
/// signature on an event dated after the end of `validUntil` (UTC), or before `validFrom`,
/// does not count. Rotation and revocation end a key with `validUntil` rather than deleting
/// it, so the decisions it signed keep their meaning.
public struct PersonKey: Equatable, Sendable, Codable {
    public var key: SSHPublicKey
    public var validFrom: Day?
    public var validUntil: Day?

    public init(key: SSHPublicKey, validFrom: Day? = nil, validUntil: Day? = nil) {
        self.key = key
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// Why the key does not count at `date`, or nil when it does.
    public func invalidity(at date: Date) -> String? {
        if let from = validFrom, date < from.start { return "the key is valid only from \(from)" }
        if let until = validUntil, date >= until.end { return "the key was revoked: valid until \(until)" }
        return nil
    }
}

extension SSHPublicKey: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(line: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}

extension Policy {
    /// Who lists this key (by its blob), and the entry: nil when nobody does.
    public func keyOwner(_ key: SSHPublicKey) -> (person: Person, entry: PersonKey)? {
        for p in people {
            if let k = p.keys.first(where: { $0.key.blob == key.blob }) { return (p, k) }
        }
        return nil
    }
}

/// A signature's standing, kept beside a decision in the use case after its log was checked
/// against the policy's keys. Derived from the log and the policy, never from the use case
/// file, so it is no part of the use case's identity: two use cases compare equal whatever
/// their marks.
public struct SignatureMark: Equatable, Sendable {
    /// Whether the decision counts: signed by a key of its actor valid at its time, or made
    /// where signing was not required.
    public var counts: Bool
    /// Why it does not count ("no valid signature: …").
    public var reason: String?

    public init(counts: Bool, reason: String? = nil) {
        self.counts = counts
        self.reason = reason
    }

    public static func == (_: SignatureMark, _: SignatureMark) -> Bool { true }
}

extension SignatureMark {
    /// The use case's approvals and waivers whose signatures do not count (marked from its log
    /// by the store), in `check`'s words: "approval by Omar Haddad not counted: no valid
    /// signature", "waiver of eval-report by Omar Haddad not counted: no valid signature".
    public static func notCounted(_ uc: UseCase, policy: Policy) -> [String] {
        let approvals = uc.approvals.filter { !$0.signature.counts }.map { a in
            ApprovalCount.voidMessage(ApprovalStanding(approval: a, void: true, reason: "not counted: " + (a.signature.reason ?? "no valid signature")),
                                      policy: policy)
        }
        let waivers = uc.waivers.filter { !$0.signature.counts }.map { w in
            "waiver of \(w.control) by \(Wording.person(w.by, policy)) not counted: \(w.signature.reason ?? "no valid signature")"
        }
        return approvals + waivers
    }
}
