import Foundation
import GateboardCore

/// `standup --json`: {since, now, order, summary, changes, blocked, items, mustAct, marked?}.
package struct StandupJSON: Encodable {
    package struct Change: Encodable {
        var id: String
        var event: String
        var action: String
        var kind: String
        var actor: String
        var at: String
        var from: String?
        var to: String?
        var role: String?
        var control: String?
        var person: String?
        var text: String?
        var message: String

        package init(_ c: StandupChange) {
            id = c.id
            event = c.event
            action = c.action.rawValue
            kind = c.kind.rawValue
            actor = c.actor
            at = Timestamp.format(c.at)
            from = c.from
            to = c.to
            role = c.role
            control = c.control
            person = c.person
            text = c.text
            message = c.message
        }
    }
    struct Item: Encodable {
        var id: String
        var title: String
        var stage: String
        var group: String
        var changes: Int
        var blockers: [BlockerJSON]
        var newlyBlocked: Bool
        var mustAct: [String]

        init(_ i: StandupItem) {
            id = i.id
            title = i.title
            stage = i.stage
            group = i.group
            changes = i.changes.count
            blockers = i.blockers.map(BlockerJSON.init)
            newlyBlocked = i.newlyBlocked
            mustAct = i.mustAct
        }
    }
    struct Summary: Encodable {
        var movedForward: Int
        var movedBack: Int
        var newlyBlocked: Int
        var approvalsGiven: Int
        var waiversExpiring: Int
        var unowned: Int
    }
    struct Must: Encodable {
        var person: String
        var ids: [String]
    }
    struct Marked: Encodable {
        var seq: Int
        var id: String
        var at: String
    }

    var since: String
    var now: String
    var order: String
    var summary: Summary
    var changes: [Change]
    var blocked: [Item]
    var items: [Item]
    var mustAct: [Must]
    var marked: Marked?

    package init(_ r: StandupReport, marked m: AuditEvent?) {
        since = Timestamp.format(r.since)
        now = Timestamp.format(r.now)
        order = r.order.rawValue
        let s = r.summary
        summary = Summary(movedForward: s.movedForward, movedBack: s.movedBack, newlyBlocked: s.newlyBlocked,
                          approvalsGiven: s.approvalsGiven, waiversExpiring: s.waiversExpiring, unowned: s.unowned)
        changes = r.changes.map(Change.init)
        blocked = r.blocked.map(Item.init)
        items = r.items.map(Item.init)
        mustAct = r.mustAct.map { Must(person: $0.person, ids: $0.ids) }
        marked = m.map { Marked(seq: $0.seq, id: $0.id, at: Timestamp.format($0.at)) }
    }
}
