import Foundation

/// An incident on a live use case (`UC-0001#I1`): opened with a severity (1 most severe … 4),
/// owned by the use case's operations owner unless reassigned, acknowledged and resolved
/// within the times the policy sets per severity, and — when serious — reported to the
/// authority by a deadline (EU AI Act Art. 73). It is part of the use case state, replayed from
/// `incident_*` events like everything else; resolved incidents stay as the timeline.
public struct Incident: Equatable, Sendable {
    public var number: Int
    public var severity: Int
    public var summary: String
    public var openedBy: PersonID
    public var openedAt: Date
    public var owner: PersonID
    /// When it must be acknowledged / resolved by (set from the policy when opened).
    public var ackDue: Date
    public var resolveDue: Date
    /// A serious incident (Art. 73) and when its report is due.
    public var serious: SeriousKind?
    public var reportDue: Date?
    public var ackedBy: PersonID?
    public var ackedAt: Date?
    public var resolvedBy: PersonID?
    public var resolvedAt: Date?
    public var rootCause: String?
    public var correctiveAction: String?
    /// The live change the corrective action routed the use case through, if any.
    public var change: ChangeKind?
    public var reportedBy: PersonID?
    public var reportedAt: Date?
    public var reportRef: String?
    /// The post-incident review attestation.
    public var reviewedBy: PersonID?
    public var reviewedAt: Date?
    public var reviewNote: String?
    /// Whether opening it halted the use case.
    public var halted: Bool
    public var notes: [IncidentNote]

    public init(number: Int, severity: Int, summary: String, openedBy: PersonID, openedAt: Date, owner: PersonID,
                ackDue: Date, resolveDue: Date, serious: SeriousKind? = nil, reportDue: Date? = nil, halted: Bool = false) {
        self.number = number
        self.severity = severity
        self.summary = summary
        self.openedBy = openedBy
        self.openedAt = openedAt
        self.owner = owner
        self.ackDue = ackDue
        self.resolveDue = resolveDue
        self.serious = serious
        self.reportDue = reportDue
        self.halted = halted
        self.notes = []
    }

    public var isOpen: Bool { resolvedAt == nil }
    public var isAcked: Bool { ackedAt != nil }
    /// `UC-0001#I3`.
    public func id(on useCase: UseCaseID) -> String { IncidentRef.text(useCase, number) }
    /// Past its acknowledge or resolve time, or its report deadline, at `now`.
    public func ackOverdue(at now: Date) -> Bool { ackedAt == nil && resolvedAt == nil && now > ackDue }
    public func resolveOverdue(at now: Date) -> Bool { resolvedAt == nil && now > resolveDue }
    public func reportPending(at now: Date) -> Bool { serious != nil && reportedAt == nil }
}

public struct IncidentNote: Equatable, Sendable {
    public var by: PersonID
    public var at: Date
    public var text: String
    public init(by: PersonID, at: Date, text: String) {
        self.by = by
        self.at = at
        self.text = text
    }
}

/// What makes an incident serious, for its reporting deadline (Art. 73(2)-(4)).
public enum SeriousKind: String, Equatable, Sendable, CaseIterable, Codable {
    /// Any serious incident: 15 days.
    case general
    /// A widespread infringement or a serious disruption of critical infrastructure: 2 days.
    case widespread
    /// A person's death: 10 days.
    case death
}

/// `UC-0001#I3` ⇄ (use case, 3).
public enum IncidentRef {
    public static func text(_ useCase: UseCaseID, _ number: Int) -> String { "\(useCase)#I\(number)" }

    public static func parse(_ s: String) -> (useCase: UseCaseID, number: Int)? {
        guard let hash = s.firstIndex(of: "#") else { return nil }
        let uc = String(s[..<hash])
        let rest = s[s.index(after: hash)...]
        guard rest.first == "I" || rest.first == "i" else { return nil }
        let digits = rest.dropFirst()
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let n = Int(digits), n >= 1, !uc.isEmpty else { return nil }
        return (uc, n)
    }
}

/// The policy's `incidents:` section. Every field has a default, so a policy without the
/// section behaves as before (no halt is ever required).
public struct IncidentRules: Equatable, Sendable, Codable {
    /// Per severity (1…4): hours to acknowledge and hours to resolve.
    public var ackHours: [Int: Int]
    public var resolveHours: [Int: Int]
    /// Days to report a serious incident, per kind (Art. 73 defaults: 15, 2, 10).
    public var reportDays: [SeriousKind: Int]
    /// Severity 1 requires a halt (by the stop-ship authority).
    public var haltOnSeverity1: Bool

    public static let severities = 1...4
    public static let defaultAckHours = [1: 1, 2: 4, 3: 24, 4: 72]
    public static let defaultResolveHours = [1: 24, 2: 72, 3: 336, 4: 720]
    public static let defaultReportDays: [SeriousKind: Int] = [.general: 15, .widespread: 2, .death: 10]

    public init(ackHours: [Int: Int] = IncidentRules.defaultAckHours, resolveHours: [Int: Int] = IncidentRules.defaultResolveHours,
                reportDays: [SeriousKind: Int] = IncidentRules.defaultReportDays, haltOnSeverity1: Bool = false) {
        self.ackHours = ackHours
        self.resolveHours = resolveHours
        self.reportDays = reportDays
        self.haltOnSeverity1 = haltOnSeverity1
    }

    public func ackDue(_ severity: Int, from: Date) -> Date {
        from.addingTimeInterval(Double(ackHours[severity] ?? Self.defaultAckHours[severity] ?? 24) * 3600)
    }
    public func resolveDue(_ severity: Int, from: Date) -> Date {
        from.addingTimeInterval(Double(resolveHours[severity] ?? Self.defaultResolveHours[severity] ?? 720) * 3600)
    }
    public func reportDue(_ kind: SeriousKind, from: Date) -> Date {
        from.addingTimeInterval(Double(reportDays[kind] ?? Self.defaultReportDays[kind] ?? 15) * 86400)
    }
}

extension UseCase {
    public func incident(_ number: Int) -> Incident? {
        incidents.indices.contains(number - 1) ? incidents[number - 1] : nil
    }
    public var openIncidents: [Incident] { incidents.filter(\.isOpen) }
}
