import Foundation
import GateboardCore

/// Builds histories for merge tests: a use case created at t0, events `minutes` after it.
struct History {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    var events: [AuditEvent]

    init(_ id: UseCaseID = "UC-0001") {
        events = [AuditEvent(seq: 1, id: "e-create", at: History.t0, actor: "ana", osUser: "ana",
                             action: .create, useCase: id,
                             details: EventDetails(title: "Claims triage", tier: "medium", stage: "implementation"))]
    }

    func adding(_ id: String, _ minutes: Double, _ actor: PersonID, _ action: EventAction,
                _ details: EventDetails = EventDetails()) -> History {
        var h = self
        h.events.append(AuditEvent(seq: events.count + 1, id: id, at: History.t0.addingTimeInterval(minutes * 60),
                                   actor: actor, osUser: actor, action: action, useCase: events[0].useCase,
                                   details: details))
        return h
    }

    func advance(_ id: String, _ minutes: Double, _ actor: PersonID, from: StageID, to: StageID) -> History {
        adding(id, minutes, actor, .advance, EventDetails(from: from, to: to))
    }

    func approve(_ id: String, _ minutes: Double, _ actor: PersonID, stage: StageID? = nil) -> History {
        adding(id, minutes, actor, .approve, EventDetails(stage: stage, role: "risk_reviewer", digest: "d"))
    }
}

extension MergedHistory {
    var ids: [String] { events.map(\.id) }
    var rules: [ConflictRule] { conflicts.map(\.rule) }
}
