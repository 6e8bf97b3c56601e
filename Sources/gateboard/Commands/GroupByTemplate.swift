import ArgumentParser
import Foundation
import GateboardCLI
import GateboardCore

/// `--by template` of `report` and `triage`.
enum GroupBy: String, ExpressibleByArgument, CaseIterable {
    case template
}

struct GroupByOption: ParsableArguments {
    @Option(help: ArgumentHelp("Group by the template each use case was started from (`template`).", valueName: "template"))
    var by: GroupBy?
}

/// The grouped outputs: one section per template (`TemplateGroup`).
enum TemplateGrouping {
    struct TriageGroupJSON: Encodable {
        var template: String?
        var name: String
        var entries: [TriageEntryJSON]
    }

    struct ReportRowJSON: Encodable {
        var template: String?
        var name: String
        var useCases: Int
        var byStage: [String: Int]
        var retired: Int
        var stalled: Int
        var halted: Int
        var fieldsMissing: Int
    }

    static func triage(_ entries: [TriageEntry], open: OpenBoard, json: Bool, markdown: Bool) -> String? {
        let groups = TemplateGroup.group(open.board.useCases, policy: open.policy)
        let sections = groups.map { g in (g, entries.filter { g.useCases.contains($0.id) }) }
        if json {
            JSONOutput.print(sections.map { TriageGroupJSON(template: $0.0.template, name: $0.0.name, entries: $0.1.map(TriageEntryJSON.init)) })
            return nil
        }
        return sections.map { g, e in
            let head = markdown ? "# \(Markdown.escape(g.name))" : "== \(TerminalSafe.escape(g.name)) (\(e.count)) =="
            let body = markdown ? TriageCommand.markdown(e, open: open) : TriageCommand.text(e, open: open)
            return head + "\n" + body
        }.joined(separator: "\n\n")
    }

    static func report(open: OpenBoard, json: Bool, markdown: Bool) -> String? {
        let rows = TemplateSummary.compute(open.board.useCases, policy: open.policy, now: open.now)
        if json {
            JSONOutput.print(rows.map {
                ReportRowJSON(template: $0.group.template, name: $0.group.name, useCases: $0.group.useCases.count, byStage: $0.byStage,
                              retired: $0.retired, stalled: $0.stalled, halted: $0.halted, fieldsMissing: $0.fieldsMissing)
            })
            return nil
        }
        let stages = open.policy.activeStages
        let head = ["TEMPLATE", "USE CASES"] + stages.map { $0.id.uppercased() } + ["RETIRED", "STALLED", "HALTED", "FIELDS MISSING"]
        let cells = rows.map { r in
            [TerminalSafe.escape(r.group.name), "\(r.group.useCases.count)"] + stages.map { "\(r.byStage[$0.id] ?? 0)" }
                + ["\(r.retired)", "\(r.stalled)", "\(r.halted)", "\(r.fieldsMissing)"]
        }
        if markdown {
            let md = cells.map { "| " + $0.map(Markdown.escape).joined(separator: " | ") + " |" }
            return (["# Portfolio by template — \(Markdown.escape(open.policy.name))", "", "| " + head.joined(separator: " | ") + " |",
                     "|" + String(repeating: " --- |", count: head.count)] + md).joined(separator: "\n")
        }
        var t = TextTable(head, rightAligned: Set(1..<head.count))
        for c in cells { t.add(c) }
        return "Portfolio by template\n\n" + t.render()
    }
}
