import Foundation
import GateboardCore

/// Incidents in the binary use case cache (cache format 6).
extension UseCaseBinary {
    static func writeIncidents(_ incidents: [Incident], _ w: inout BinaryWriter) {
        w.list(incidents) { w, i in
            w.int(i.number); w.int(i.severity); w.string(i.summary); w.string(i.openedBy); w.date(i.openedAt)
            w.string(i.owner); w.date(i.ackDue); w.date(i.resolveDue)
            w.optional(i.serious) { $0.string($1.rawValue) }; w.optional(i.reportDue) { $0.date($1) }
            w.u8(i.halted ? 1 : 0)
            for p in [i.ackedBy, i.resolvedBy, i.reportedBy, i.reviewedBy] { w.optional(p) { $0.string($1) } }
            for d in [i.ackedAt, i.resolvedAt, i.reportedAt, i.reviewedAt] { w.optional(d) { $0.date($1) } }
            for s in [i.rootCause, i.correctiveAction, i.change?.rawValue, i.reportRef, i.reviewNote] { w.optional(s) { $0.string($1) } }
            w.list(i.notes) { w, n in w.string(n.by); w.date(n.at); w.string(n.text) }
        }
    }

    static func readIncidents(_ r: inout BinaryReader) throws(BinaryFormatError) -> [Incident] {
        try r.list { (r: inout BinaryReader) throws(BinaryFormatError) in
            func text(_ r: inout BinaryReader) throws(BinaryFormatError) -> String? {
                try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() }
            }
            func time(_ r: inout BinaryReader) throws(BinaryFormatError) -> Date? {
                try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.date() }
            }
            var i = Incident(number: try r.int(), severity: try r.int(), summary: try r.string(), openedBy: try r.string(),
                             openedAt: try r.date(), owner: try r.string(), ackDue: try r.date(), resolveDue: try r.date())
            i.serious = try text(&r).flatMap(SeriousKind.init(rawValue:))
            i.reportDue = try time(&r)
            i.halted = try r.u8() == 1
            i.ackedBy = try text(&r); i.resolvedBy = try text(&r); i.reportedBy = try text(&r); i.reviewedBy = try text(&r)
            i.ackedAt = try time(&r); i.resolvedAt = try time(&r); i.reportedAt = try time(&r); i.reviewedAt = try time(&r)
            i.rootCause = try text(&r); i.correctiveAction = try text(&r); i.change = try text(&r).flatMap(ChangeKind.init(rawValue:))
            i.reportRef = try text(&r); i.reviewNote = try text(&r)
            i.notes = try r.list { (r: inout BinaryReader) throws(BinaryFormatError) in
                IncidentNote(by: try r.string(), at: try r.date(), text: try r.string())
            }
            return i
        }
    }
}
