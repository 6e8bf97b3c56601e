import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

/// `gateboard inventory`: the AI register (ISO/IEC 42001, EU AI Act registration) — one row per
/// use case with its tier, stage, owners by role, problem, metric, template, every inventory
/// field the policy declares (`fields:`) and material artifacts.
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Export the AI register: one row per use case, with tier, stage, owners, problem, metric, template, every inventory field and artifacts.",
        discussion: """
            CSV by default (RFC 4180; a cell that starts with = + - @ is prefixed with ' so that no \
            spreadsheet runs it as a formula; control characters are escaped). Retired use cases are included, with status retired. \
            Each field the policy declares is a column (a list's items joined by "; ").
            """)

    @OptionGroup var boardOption: BoardOption
    @Flag(help: "CSV (the default).") var csv = false
    @Flag(help: "JSON: an array of {id, title, status, stage, tier, problem, metric, template, fields, owners, artifacts, createdAt, createdBy}; fields has every declared field (null when not set).")
    var json = false
    @Flag(help: "A Markdown table.") var markdown = false

    func validate() throws {
        if [csv, json, markdown].filter({ $0 }).count > 1 { throw ValidationError("choose one of --csv, --json and --markdown") }
    }

    func run() throws {
        try Guarded.run(json: json) {
            let open = try OpenBoard(boardOption)
            let rows = open.board.useCases.sorted { $0.id < $1.id }.map { InventoryRow($0, policy: open.policy) }
            if json {
                JSONOutput.print(rows)
            } else if markdown {
                print(Self.markdown(rows, policy: open.policy))
            } else {
                print(Self.csv(rows, policy: open.policy), terminator: "")
            }
        }
    }

    static func header(_ policy: Policy) -> [String] {
        ["id", "title", "status", "stage", "tier", "problem", "metric", "template"] + policy.fields.map(\.id) + policy.roles.map(\.id)
            + ["artifacts", "created_at", "created_by"]
    }

    static func cells(_ r: InventoryRow, policy: Policy) -> [String] {
        [r.id, r.title, r.status, r.stage, r.tier, r.problem, r.metric, r.template ?? ""]
            + policy.fields.map { (r.fields[$0.id] ?? nil)?.items.joined(separator: "; ") ?? "" }
            + policy.roles.map { r.owners[$0.id] ?? "" }
            + [r.artifacts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), r.createdAt, r.createdBy]
    }

    static func csv(_ rows: [InventoryRow], policy: Policy) -> String {
        ([header(policy)] + rows.map { cells($0, policy: policy) })
            .map { $0.map(csvCell).joined(separator: ",") + "\r\n" }.joined()
    }

    /// RFC 4180 quoting, and formula injection defused: a leading = + - @ (or tab, CR) gets a '.
    /// Control characters are escaped as everywhere on a terminal (`TerminalSafe`).
    static func csvCell(_ text: String) -> String {
        var t = TerminalSafe.escape(text)
        if let first = t.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { t = "'" + t }
        guard t.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return t }
        return "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func markdown(_ rows: [InventoryRow], policy: Policy) -> String {
        let md = { (s: String) in Markdown.escape(s).replacingOccurrences(of: "\n", with: " ") }
        let head = header(policy)
        var out = ["# AI register — \(md(policy.name))", "",
                   "| " + head.joined(separator: " | ") + " |", "|" + String(repeating: " --- |", count: head.count)]
        for r in rows { out.append("| " + cells(r, policy: policy).map(md).joined(separator: " | ") + " |") }
        return out.joined(separator: "\n")
    }
}

struct InventoryRow: Encodable {
    var id: String
    var title: String
    /// active, halted, parked or retired.
    var status: String
    var stage: String
    var tier: String
    var problem: String
    var metric: String
    var template: String?
    /// Every declared field, null when not set; a recorded field the policy no longer declares too.
    var fields: [String: FieldValue?]
    var owners: [String: String]
    var artifacts: [String: String]
    var createdAt: String
    var createdBy: String

    init(_ uc: UseCase, policy: Policy) {
        id = uc.id
        title = uc.title
        let terminal = policy.stage(uc.stage)?.terminal ?? false
        status = terminal ? "retired" : uc.halted != nil ? "halted" : uc.parked != nil ? "parked" : "active"
        stage = uc.stage
        tier = uc.tier
        problem = uc.problem
        metric = uc.metric
        template = uc.template
        var fields: [String: FieldValue?] = [:]
        for f in policy.fields { fields[f.id] = .some(uc.fields[f.id]) }
        for (k, v) in uc.fields { fields[k] = .some(v) }
        self.fields = fields
        owners = uc.owners
        artifacts = uc.artifacts
        createdAt = Timestamp.format(uc.createdAt)
        createdBy = uc.createdBy
    }
}
