import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// Incidents in the files: the use case YAML, the audit line, the binary cache and the
/// policy's `incidents:` section; and files without incidents written exactly as before.
@Suite struct IncidentStoreTests {
    static let t = Date(timeIntervalSince1970: 1_795_000_000)

    func sample(_ text: String) -> UseCase {
        let t = Self.t
        var uc = UseCase(id: "UC-0007", title: "t", tier: "high", stage: "production", stageEnteredAt: t, createdAt: t, createdBy: "alex")
        uc.halted = Halt(by: "kim", at: t, reason: text, incident: 1)
        var i = Incident(number: 1, severity: 2, summary: text, openedBy: "kim", openedAt: t, owner: "sam",
                         ackDue: t.addingTimeInterval(3600), resolveDue: t.addingTimeInterval(7200), serious: .death,
                         reportDue: t.addingTimeInterval(864000), halted: true)
        i.ackedBy = "sam"; i.ackedAt = t; i.resolvedBy = "sam"; i.resolvedAt = t; i.rootCause = text; i.correctiveAction = text
        i.change = .data; i.reportedBy = "kim"; i.reportedAt = t; i.reportRef = text; i.reviewedBy = "rio"; i.reviewedAt = t
        i.reviewNote = text
        i.notes = [IncidentNote(by: "sam", at: t, text: text), IncidentNote(by: "kim", at: t, text: "second")]
        uc.incidents = [i, Incident(number: 2, severity: 4, summary: "minor", openedBy: "alex", openedAt: t, owner: "kim",
                                    ackDue: t, resolveDue: t)]
        uc.monitors = ["precision": MonitorStatus(level: .breach, since: t, value: 0.123456789, breaches: 3, pending: .haltRequest, pendingSince: t),
                       "latency-p95": MonitorStatus(level: .silent, since: t, value: nil),
                       "big": MonitorStatus(level: .warn, since: t, value: -1.5e-7)]
        uc.audit = AuditAnchor(seq: 3, head: String(repeating: "ab", count: 32), bytes: 1234)
        return uc
    }

    @Test func monitorDetailsSurviveTheAuditLine() throws {
        for v in [0.81, 1200, -3.25, 1e-7, 123456789012345678.0, 0] {
            var d = EventDetails()
            d.monitor = "precision"; d.level = .breach; d.value = v; d.sampleAt = Self.t; d.trigger = .haltRequest
            let e = AuditEvent(seq: 2, id: "e1", at: Self.t, actor: "kim", osUser: "kim", action: .monitor, useCase: "UC-0007",
                               details: d, state: "s", prev: "p")
            #expect(try AuditEventCodec.decode(AuditEventCodec.encode(e)) == e, "\(v)")
        }
    }

    @Test func policyMonitors() throws {
        let sample = PolicyHardeningTests.sample(without: ["monitors", "incidents"]) + "\n"
        let good = sample + "monitors:\n  - {name: precision, tiers: [high], direction: below, warn: 0.9, breach: 0.85, staleAfterDays: 7, onBreach: retrain}\n"
            + "  - {name: precision, useCases: [UC-0001], direction: below, warn: 0.95, breach: 0.9, staleAfterDays: 2, onBreach: incident, severity: 1}\n"
        let p = try PolicyParser.parse(text: good, display: "gateboard.yaml").get()
        #expect(p.monitors.count == 2)
        let uc1 = UseCase(id: "UC-0001", title: "t", tier: "high", stage: "production", stageEnteredAt: Self.t, createdAt: Self.t, createdBy: "alex")
        #expect(p.monitors(for: uc1).map(\.staleAfterDays) == [2])   // its own rule replaces the tier's
        var uc2 = uc1; uc2.id = "UC-0002"
        #expect(p.monitors(for: uc2).map(\.staleAfterDays) == [7])
        uc2.tier = "low"
        #expect(p.monitors(for: uc2).isEmpty)
        let base = "{name: m, tiers: [high], direction: above, warn: 1, breach: 2, staleAfterDays: 7, onBreach: review}"
        for (bad, needle) in [(base.replacingOccurrences(of: "above", with: "sideways"), "expected above or below"),
                              (base.replacingOccurrences(of: "breach: 2", with: "breach: 0.5"), "at or above warn"),
                              (base.replacingOccurrences(of: "warn: 1", with: "warn: .nan"), "m.warn: expected a number"),
                              (base.replacingOccurrences(of: "staleAfterDays: 7", with: "staleAfterDays: 0"), "staleAfterDays"),
                              (base.replacingOccurrences(of: "review", with: "halt"), "expected incident, review, retrain or halt-request"),
                              (base.replacingOccurrences(of: "tiers: [high]", with: "tiers: [gold]"), "gold"),
                              (base.replacingOccurrences(of: "tiers: [high], ", with: ""), "say which use cases carry it"),
                              (base.replacingOccurrences(of: "name: m", with: "name: \"bad name\""), "monitors.name"),
                              (base + "\n  - " + base, "declared twice")] {
            let text = sample + "monitors:\n  - " + bad + "\n"
            guard case .failure(let e) = PolicyParser.parse(text: text, display: "gateboard.yaml") else {
                Issue.record("accepted \(bad)"); continue
            }
            #expect(e.diagnostics.contains { $0.description.contains(needle) && $0.line != nil }, "\(bad): \(e.diagnostics)")
        }
    }

    @Test(arguments: EmitterRoundTripTests.hostile)
    func incidentsSurviveTheFileAndTheCache(_ text: String) throws {
        let uc = sample(text)
        let yaml = UseCaseEmitter.text(uc)
        let parsed = try UseCaseParser.parse(text: yaml, display: "UC-0007.yaml", expectedID: "UC-0007", policy: nil).get()
        #expect(parsed == uc)
        #expect(UseCaseEmitter.text(parsed) == yaml)
        var w = BinaryWriter()
        UseCaseBinary.write(uc, &w)
        let back = try w.bytes.withUnsafeBytes { raw throws(BinaryFormatError) -> UseCase in
            var r = BinaryReader(raw)
            return try UseCaseBinary.read(&r)
        }
        #expect(back == uc)
    }

    @Test func aUseCaseWithoutIncidentsIsWrittenAsBefore() {
        var uc = sample("x")
        uc.incidents = []
        uc.monitors = [:]
        uc.halted = Halt(by: "kim", at: Self.t, reason: "manual")
        let yaml = UseCaseEmitter.body(uc)
        #expect(!yaml.contains("incident") && !yaml.contains("monitor"))
        #expect(yaml.hasSuffix("halted:\n  by: kim\n  at: 2026-11-18T11:06:40Z\n  reason: manual\n"))
    }

    @Test func incidentNumbersOutOfOrderAreRefused() {
        let yaml = UseCaseEmitter.text(sample("x")).replacingOccurrences(of: "  - number: 2\n", with: "  - number: 5\n")
        guard case .failure(let e) = UseCaseParser.parse(text: yaml, display: "UC-0007.yaml", expectedID: "UC-0007", policy: nil) else {
            Issue.record("accepted"); return
        }
        #expect(e.diagnostics.map(\.description).contains { $0.contains("incidents.number: expected 2") })
    }

    @Test func incidentDetailsSurviveTheAuditLine() throws {
        var d = EventDetails(summary: "s \u{1B}[31m")
        d.incident = 3; d.severity = 1; d.serious = .widespread; d.ackDue = Self.t; d.resolveDue = Self.t; d.reportDue = Self.t
        d.halt = true; d.rootCause = "r"; d.correctiveAction = "a"; d.person = "kim"
        let e = AuditEvent(seq: 2, id: "e1", at: Self.t, actor: "kim", osUser: "kim", action: .incidentOpen, useCase: "UC-0007",
                           details: d, state: "s", prev: "p")
        let line = AuditEventCodec.encode(e)
        #expect(try AuditEventCodec.decode(line) == e)
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.contains(#""action":"incident_open""#))
        #expect(text.contains(#""halt":true"#))
        #expect(text.contains(#""severity":1"#))
    }

    @Test func badIncidentDetailsAreRefused() {
        let base = #"{"action":"incident_ack","actor":"kim","at":"2026-11-18T11:06:40Z","details":{DETAILS},"id":"e","osUser":"kim","prev":"p","schema":1,"seq":2,"state":"s","useCase":"UC-0007"}"#
        for (details, message) in [(#""incident":"1""#, "details.incident"), (#""incident":0"#, "details.incident"),
                                   (#""serious":"bad""#, "details.serious"), (#""halt":"yes""#, "details.halt"),
                                   (#""ackDue":"tomorrow""#, "details.ackDue")] {
            let line = Array(base.replacingOccurrences(of: "DETAILS", with: details).utf8)
            #expect(throws: AuditEventCodec.DecodeError.self) { try AuditEventCodec.decode(line) }
            do { _ = try AuditEventCodec.decode(line) } catch { #expect(error.message.contains(message), "\(error.message)") }
        }
    }

    @Test func policyIncidentSection() throws {
        let sample = PolicyHardeningTests.sample(without: ["monitors", "incidents"]) + "\n"
        let good = sample + "incidents:\n  haltOnSeverity1: true\n  ackHours: {1: 2}\n  resolveHours: {1: 12}\n  reportDays: {death: 7}\n"
        let p = try PolicyParser.parse(text: good, display: "gateboard.yaml").get()
        #expect(p.incidents.haltOnSeverity1)
        #expect(p.incidents.ackHours[1] == 2 && p.incidents.ackHours[2] == 4)
        #expect(p.incidents.reportDays[.death] == 7 && p.incidents.reportDays[.general] == 15)
        let withoutSection = try PolicyParser.parse(text: sample, display: "gateboard.yaml").get()
        #expect(withoutSection.incidents == IncidentRules())
        for (bad, needle) in [("ackHours: {5: 2}", "not a severity"), ("ackHours: {1: 0}", "incidents.ackHours.1"),
                              ("reportDays: {war: 3}", "not general, widespread or death"), ("reportDays: {general: 400}", "incidents.reportDays.general"),
                              ("ackHours: {2: 100}", "resolveHours ≥ ackHours"), ("haltOnSeverity1: maybe", "haltOnSeverity1"),
                              ("escalateAfter: 3", "escalateAfter")] {
            let text = sample + "incidents:\n  " + bad + "\n"
            guard case .failure(let e) = PolicyParser.parse(text: text, display: "gateboard.yaml") else {
                Issue.record("accepted \(bad)"); continue
            }
            #expect(e.diagnostics.contains { $0.description.contains(needle) && $0.line != nil }, "\(bad): \(e.diagnostics)")
        }
    }
}
