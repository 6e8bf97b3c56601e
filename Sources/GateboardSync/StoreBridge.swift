import Foundation
import GateboardCore
import GateboardStore

/// The store's formats, as sync needs them: one audit line ↔ one event, and the use case
/// file's body (whose SHA-256 is an event's `state`). Everything sync writes goes through
/// these, so a merged board is byte-for-byte what the store itself would have written.
enum StoreBridge {
    /// The events of one audit log, oldest first. A torn (unterminated) last line is not an
    /// event: the store sets it aside on its next write, and a merge never builds on it.
    static func decodeLog(_ data: Data, path: String) throws(SyncError) -> [AuditEvent] {
        var events: [AuditEvent] = []
        var lineNumber = 0
        var start = data.startIndex
        while let nl = data[start...].firstIndex(of: 0x0A) {
            lineNumber += 1
            let line = data[start..<nl]
            start = data.index(after: nl)
            if line.isEmpty { continue }
            do {
                events.append(try ProvisionalAuditCodec.decode(Data(line)))
            } catch {
                throw SyncError.board("\(path):\(lineNumber): \(error)")
            }
        }
        return events
    }

    /// One line without its newline.
    static func encodeLine(_ event: AuditEvent) -> Data { ProvisionalAuditCodec.encode(event) }

    static func body(_ useCase: UseCase) -> String { ProvisionalAuditCodec.body(useCase) }
    static func fileText(_ useCase: UseCase) -> String {
        ProvisionalAuditCodec.body(useCase)
            + "audit:\n  seq: \(useCase.audit.seq)\n  head: \(useCase.audit.head)\n  bytes: \(useCase.audit.bytes)\n"
    }

    /// The hash a line is chained by (`prev` of the next event, `head` of the anchor): the
    /// SHA-256 of the line's bytes without its newline.
    static func lineHash(_ line: Data) -> String { SHA256Hex.of(line) }
}

/// PROVISIONAL until the store's audit codec lands: replaced by the store's functions.
enum ProvisionalAuditCodec {
    struct Bad: Error, CustomStringConvertible { var description: String }
    static func encode(_ e: AuditEvent) -> Data {
        var details: [String: Any] = [:]
        let d = e.details
        for (k, v) in [("stage", d.stage), ("from", d.from), ("to", d.to), ("role", d.role), ("person", d.person),
                       ("control", d.control), ("ref", d.ref), ("reason", d.reason), ("comment", d.comment),
                       ("title", d.title), ("tier", d.tier), ("digest", d.digest), ("note", d.note)] {
            if let v { details[k] = v }
        }
        if let u = d.until { details["until"] = u.description }
        if let r = d.review { details["review"] = r.description }
        if let ev = d.events { details["events"] = ev }
        let obj: [String: Any] = ["schema": e.schema, "seq": e.seq, "id": e.id, "at": e.at.timeIntervalSince1970,
                                  "actor": e.actor, "osUser": e.osUser, "action": e.action.rawValue,
                                  "useCase": e.useCase, "details": details, "state": e.state, "prev": e.prev]
        return (try? JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])) ?? Data()
    }
    static func decode(_ data: Data) throws -> AuditEvent {
        guard let o = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let action = (o["action"] as? String).flatMap(EventAction.init(rawValue:)) else { throw Bad(description: "bad line") }
        let d = o["details"] as? [String: Any] ?? [:]
        func s(_ k: String) -> String? { d[k] as? String }
        let details = EventDetails(title: s("title"), tier: s("tier"), stage: s("stage"), from: s("from"), to: s("to"),
                                   role: s("role"), person: s("person"), control: s("control"), ref: s("ref"),
                                   note: s("note"), comment: s("comment"), reason: s("reason"),
                                   until: s("until").flatMap(Day.init), review: s("review").flatMap(Day.init),
                                   digest: s("digest"), events: d["events"] as? [String])
        return AuditEvent(schema: o["schema"] as? Int ?? 1, seq: o["seq"] as? Int ?? 0, id: o["id"] as? String ?? "",
                          at: Date(timeIntervalSince1970: o["at"] as? Double ?? 0), actor: o["actor"] as? String ?? "",
                          osUser: o["osUser"] as? String ?? "", action: action, useCase: o["useCase"] as? String ?? "",
                          details: details, state: o["state"] as? String ?? "", prev: o["prev"] as? String ?? "")
    }
    static func body(_ uc: UseCase) -> String {
        "schema: 1\nid: \(uc.id)\nstage: \(uc.stage)\napprovals: \(uc.approvals.map(\.person))\nwaivers: \(uc.waivers.map(\.control))\n"
            + "halted: \(uc.halted?.reason ?? "")\nowners: \(uc.owners.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })\n"
    }
}
