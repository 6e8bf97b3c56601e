import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Everything that needs a decision, worst first, with the reasons in words.",
        discussion: """
            Severity = the sum over reasons of (weight + one point per two days past the reason's \
            threshold, at most 30). Weights: halted 40; stalled 30; review_overdue 30; \
            no_business_owner 25; risk_not_engaged 25; waiver_expired 20; approver_away 20; approval_waiting 15; \
            no_ops_owner 15; park_overdue 12; stalling 10; metric_not_operational 10; \
            waiver_expiring 8. Ties: more days in stage first, then id.
            """)

    @OptionGroup var boardOption: BoardOption
    @OptionGroup var format: FormatOptions
    @OptionGroup var group: GroupByOption

    func run() throws {
        try Guarded.run(json: format.json) {
            let open = try OpenBoard(boardOption)
            // Only the start of the logs that risk engagement looks at (issue 8), not every log whole.
            let events = try TriageEvents.read(open.store, useCases: open.board.useCases, policy: open.policy)
            let entries = Triage.rank(open.board.useCases, policy: open.policy, events: events, now: open.now,
                                      latest: open.store.latestSamples(for: open.board.useCases, policy: open.policy))
            if group.by == .template {
                if let out = TemplateGrouping.triage(entries, open: open, json: format.json, markdown: format.markdown) { print(out) }
            } else if format.json {
                JSONOutput.print(entries.map(TriageEntryJSON.init))
            } else if format.markdown {
                print(Self.markdown(entries, open: open))
            } else {
                print(Self.text(entries, open: open))
            }
        }
    }

    static func text(_ entries: [TriageEntry], open: OpenBoard) -> String {
        let w = BoardWords(policy: open.policy)
        guard !entries.isEmpty else { return "nothing needs a decision: no stalled, unowned or overdue use cases" }
        var t = TextTable(["SEVERITY", "ID", "STAGE", "TIER", "IN STAGE", "TITLE"], rightAligned: [0, 4])
        var lines: [String] = []
        for e in entries {
            t.add(["\(e.severity)", w.e(e.id), w.e(e.stage), w.e(e.tier), "\(e.daysInStage)d", w.e(e.title)])
        }
        // Table rows, each followed by its reasons.
        let rendered = t.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.append(rendered[0])
        for (i, e) in entries.enumerated() {
            lines.append(rendered[i + 1])
            for r in e.reasons { lines.append("          - \(r.code.rawValue): \(w.e(r.message))") }
        }
        return lines.joined(separator: "\n")
    }

    static func markdown(_ entries: [TriageEntry], open: OpenBoard) -> String {
        var out = ["# Triage — \(Markdown.escape(open.policy.name)), \(Day(containing: open.now))", ""]
        guard !entries.isEmpty else { return (out + ["Nothing needs a decision."]).joined(separator: "\n") }
        for (i, e) in entries.enumerated() {
            out.append("## \(i + 1). \(Markdown.escape(e.id)) — \(Markdown.escape(e.title))")
            out.append("")
            out.append("\(Markdown.escape(BoardWords(policy: open.policy).stage(e.stage))), \(e.daysInStage) days in stage, "
                       + "tier \(Markdown.escape(e.tier)), severity **\(e.severity)**")
            out.append("")
            for r in e.reasons { out.append("- `\(r.code.rawValue)` \(Markdown.escape(r.message))") }
            out.append("")
        }
        return out.joined(separator: "\n")
    }
}

struct TriageEntryJSON: Encodable {
    struct Reason: Encodable {
        var code: String
        var message: String
        var daysPast: Int
        var score: Int
    }
    var id: String
    var title: String
    var stage: String
    var tier: String
    var daysInStage: Int
    var severity: Int
    var reasons: [Reason]

    init(_ e: TriageEntry) {
        id = e.id
        title = e.title
        stage = e.stage
        tier = e.tier
        daysInStage = e.daysInStage
        severity = e.severity
        reasons = e.reasons.map { Reason(code: $0.code.rawValue, message: $0.message, daysPast: $0.daysPast, score: $0.score) }
    }
}
