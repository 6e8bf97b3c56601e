import Foundation
import GateboardCore
import Yams

/// `usecases/<ID>.yaml` → `UseCase`, every problem located; references are checked against
/// the policy when one is given.
enum UseCaseParser {
    static let idPattern = "^[A-Z][A-Z0-9]*-[0-9]{4,}$"

    /// `^[A-Z][A-Z0-9]*-[0-9]{4,}$`, at most 40 bytes: never a path separator or `..`.
    static func isValidID(_ id: String) -> Bool {
        let b = Array(id.utf8)
        guard b.count <= 40, let dash = b.lastIndex(of: 0x2D), dash >= 1, b.count - dash - 1 >= 4,
              b[0] >= 0x41 && b[0] <= 0x5A else { return false }
        for c in b[1..<dash] where !((c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)) { return false }
        for c in b[(dash + 1)...] where !(c >= 0x30 && c <= 0x39) { return false }
        return true
    }

    static let topKeys = ["schema", "id", "title", "problem", "metric", "tier", "stage", "stageEnteredAt",
                          "submittedBy", "createdAt", "createdBy", "owners", "artifacts", "template", "fields", "controls", "approvals",
                          "rejections", "waivers", "halted", "parked", "escalations", "lastReviewAt", "incidents", "monitors",
                          "screening", "tierOverride", "audit"]

    static func parse(text: String, display: String, expectedID: String?, policy: Policy?) -> Result<UseCase, BoardInvalid> {
        let root: Node
        switch YAMLDocument.parse(text, display: display) {
        case .failure(let d): return .failure(d)
        case .success(let n): root = n
        }
        let r = NodeReader(display: display, source: text)
        guard let f = r.mapping(root, "use case", known: topKeys,
                                required: ["schema", "id", "title", "tier", "stage", "stageEnteredAt", "createdAt", "createdBy", "audit"]) else {
            return .failure(BoardInvalid(r.diagnostics))
        }
        if let s = f["schema"], let schema = r.int(s, "schema", min: 1), schema > UseCase.currentSchema {
            return .failure(BoardInvalid([Diagnostic(
                path: display, line: s.mark?.line, column: s.mark?.column,
                message: "schema \(schema) is newer than this gateboard understands (\(UseCase.currentSchema)); upgrade gateboard — the file is left as it is")]))
        }
        let check = PolicyRefs(policy: policy, reader: r)
        var uc = basics(f, r, check, expectedID: expectedID)
        holdings(f, r, check, into: &uc)
        decisions(f, r, check, into: &uc)
        interruptions(f, r, check, into: &uc)
        anchor(f, r, into: &uc)
        if !r.diagnostics.isEmpty { return .failure(BoardInvalid(r.sortedDiagnostics)) }
        return .success(uc)
    }

    /// The scalar fields: the id (checked against the file name), texts, tier, stage, dates
    /// and who created and submitted it.
    private static func basics(_ f: Fields, _ r: NodeReader, _ check: PolicyRefs, expectedID: String?) -> UseCase {
        var id = ""
        if let n = f["id"], let v = r.string(n, "id", allowEmpty: false) {
            id = v
            if !isValidID(v) {
                r.problem(n, "id: \"\(TerminalSafe.escape(v))\" is not a use case id (like UC-0007)")
            } else if let expectedID, expectedID != v {
                r.problem(n, "id \(v) does not match the file name \(expectedID).yaml")
            }
        }
        func textField(_ key: String) -> String { f[key].flatMap { r.string($0, key) } ?? "" }
        func date(_ key: String) -> Date { f[key].flatMap { r.date($0, key) } ?? Date(timeIntervalSince1970: 0) }
        func person(_ key: String) -> PersonID {
            guard let n = f[key], let p = r.string(n, key, allowEmpty: false) else { return "" }
            check.person(p, n, key)
            return p
        }
        let tier = f["tier"].flatMap { n in r.string(n, "tier", allowEmpty: false).map { check.tier($0, n, "tier"); return $0 } } ?? ""
        let stage = f["stage"].flatMap { n in r.string(n, "stage", allowEmpty: false).map { check.stage($0, n, "stage"); return $0 } } ?? ""
        var uc = UseCase(id: id, title: textField("title"), problem: textField("problem"), metric: textField("metric"), tier: tier,
                         stage: stage, stageEnteredAt: date("stageEnteredAt"), createdAt: date("createdAt"),
                         createdBy: person("createdBy"))
        uc.schema = f["schema"].flatMap { r.int($0, "schema", min: 1) } ?? UseCase.currentSchema
        if f["submittedBy"].map(NodeReader.isNull) == false { uc.submittedBy = person("submittedBy") }
        return uc
    }

    /// Owners, artifacts, and the controls with their evidence and attestations.
    private static func holdings(_ f: Fields, _ r: NodeReader, _ check: PolicyRefs, into uc: inout UseCase) {
        if let n = f["owners"] {
            for (role, keyNode, value) in r.keyed(n, "owners") ?? [] {
                check.role(role, keyNode, "owners")
                if let p = r.string(value, "owners.\(role)", allowEmpty: false) {
                    check.person(p, value, "owners.\(role)")
                    uc.owners[role] = p
                }
            }
        }
        if let n = f["artifacts"] {
            for (name, _, value) in r.keyed(n, "artifacts") ?? [] {
                if let ref = r.string(value, "artifacts.\(name)", allowEmpty: false) { uc.artifacts[name] = ref }
            }
        }
        inventory(f, r, into: &uc)
        if let n = f["controls"] {
            for (control, keyNode, value) in r.keyed(n, "controls") ?? [] {
                check.control(control, keyNode, "controls")
                uc.controls[control] = controlState(r, check, value, control)
            }
        }
    }

    /// Approvals, rejections and waivers.
    private static func decisions(_ f: Fields, _ r: NodeReader, _ check: PolicyRefs, into uc: inout UseCase) {
        if let n = f["approvals"] {
            uc.approvals = records(r, n, "approval", ["person", "role", "at", "for", "delegation", "comment", "digest", "basis"], ["person", "role", "at", "digest"]) { a in
                var basis: [String: String] = [:]
                if let b = a["basis"] {
                    for (k, _, v) in r.keyed(b, "basis") ?? [] { if let s = r.string(v, "basis.\(k)") { basis[k] = s } }
                }
                var approval = Approval(person: check.personField(a, "person"), role: check.roleField(a, "role"), at: r.date(a["at"]!, "at") ?? .distantPast,
                                        comment: r.optionalString(a["comment"], "comment"), digest: r.string(a["digest"]!, "digest") ?? "", basis: basis)
                approval.onBehalfOf = a["for"].map { _ in check.personField(a, "for") }
                approval.delegation = r.optionalString(a["delegation"], "delegation")
                return approval
            }
        }
        if let n = f["rejections"] {
            uc.rejections = records(r, n, "rejection", ["person", "role", "at", "for", "delegation", "comment", "digest"], ["person", "role", "at", "comment", "digest"]) { a in
                var rejection = Rejection(person: check.personField(a, "person"), role: check.roleField(a, "role"), at: r.date(a["at"]!, "at") ?? .distantPast,
                                          comment: r.string(a["comment"]!, "comment") ?? "", digest: r.string(a["digest"]!, "digest") ?? "")
                rejection.onBehalfOf = a["for"].map { _ in check.personField(a, "for") }
                rejection.delegation = r.optionalString(a["delegation"], "delegation")
                return rejection
            }
        }
        if let n = f["waivers"] {
            uc.waivers = records(r, n, "waiver", ["control", "by", "reason", "at", "until"], ["control", "by", "reason", "at", "until"]) { a in
                let control = r.string(a["control"]!, "control", allowEmpty: false) ?? ""
                check.control(control, a["control"]!, "waiver")
                return Waiver(control: control, by: check.personField(a, "by"), reason: r.string(a["reason"]!, "reason") ?? "",
                              at: r.date(a["at"]!, "at") ?? .distantPast, until: r.day(a["until"]!, "until") ?? Day(year: 1970, month: 1, day: 1))
            }
        }
    }

    /// A halt, a park, escalations and the last review.
    private static func interruptions(_ f: Fields, _ r: NodeReader, _ check: PolicyRefs, into uc: inout UseCase) {
        if let n = f["halted"], !NodeReader.isNull(n),
           let a = r.mapping(n, "halted", known: ["by", "at", "reason", "incident"], required: ["by", "at", "reason"]),
           ["by", "at", "reason"].allSatisfy({ a[$0] != nil }) {
            uc.halted = Halt(by: check.personField(a, "by"), at: r.date(a["at"]!, "at") ?? .distantPast, reason: r.string(a["reason"]!, "reason") ?? "",
                             incident: a["incident"].flatMap { r.int($0, "halted.incident", min: 1) })
        }
        if let n = f["parked"], !NodeReader.isNull(n),
           let a = r.mapping(n, "parked", known: ["by", "at", "reason", "review"], required: ["by", "at", "reason", "review"]), a.pairs.count == 4 {
            uc.parked = Park(by: check.personField(a, "by"), at: r.date(a["at"]!, "at") ?? .distantPast, reason: r.string(a["reason"]!, "reason") ?? "",
                             review: r.day(a["review"]!, "review") ?? Day(year: 1970, month: 1, day: 1))
        }
        if let n = f["escalations"] {
            uc.escalations = records(r, n, "escalation", ["to", "by", "at", "reason"], ["to", "by", "at", "reason"]) { a in
                Escalation(to: check.personField(a, "to"), by: check.personField(a, "by"), at: r.date(a["at"]!, "at") ?? .distantPast,
                           reason: r.string(a["reason"]!, "reason") ?? "")
            }
        }
        if let n = f["lastReviewAt"], !NodeReader.isNull(n) { uc.lastReviewAt = r.date(n, "lastReviewAt") }
        if let n = f["incidents"] { uc.incidents = incidents(r, check, n) }
        if let n = f["monitors"] { uc.monitors = monitors(r, n) }
        screening(f, r, check, into: &uc)
    }

    /// The audit anchor: the log line whose recorded state this file is.
    private static func anchor(_ f: Fields, _ r: NodeReader, into uc: inout UseCase) {
        if let n = f["audit"], let a = r.mapping(n, "audit", known: ["seq", "head", "bytes"], required: ["seq", "head", "bytes"]) {
            uc.audit = AuditAnchor(seq: a["seq"].flatMap { r.int($0, "audit.seq", min: 0) } ?? 0,
                                   head: a["head"].flatMap { r.string($0, "audit.head") } ?? "",
                                   bytes: a["bytes"].flatMap { r.int($0, "audit.bytes", min: 0) } ?? 0)
            if !uc.audit.head.isEmpty, uc.audit.head.range(of: "^[0-9a-f]{64}$", options: .regularExpression) == nil {
                r.problem(a["head"], "audit.head: expected a SHA-256 in hex")
            }
        }
    }

    static func controlState(_ r: NodeReader, _ check: PolicyRefs, _ node: Node, _ control: String) -> ControlState {
        var state = ControlState()
        guard let f = r.mapping(node, "controls.\(control)", known: ["evidence", "attestations"]) else { return state }
        if let n = f["evidence"] {
            state.evidence = records(r, n, "evidence", ["ref", "note", "by", "at", "hash"], ["ref", "by", "at"]) { a in
                Evidence(ref: r.string(a["ref"]!, "ref") ?? "", note: r.optionalString(a["note"], "note"),
                         by: check.personField(a, "by"), at: r.date(a["at"]!, "at") ?? .distantPast,
                         hash: contentID(r, a["hash"]))
            }
        }
        if let n = f["attestations"] {
            state.attestations = records(r, n, "attestation", ["by", "at", "note", "for", "delegation"], ["by", "at"]) { a in
                Attestation(by: check.personField(a, "by"), at: r.date(a["at"]!, "at") ?? .distantPast, note: r.optionalString(a["note"], "note"),
                            onBehalfOf: a["for"].map { _ in check.personField(a, "for") }, delegation: r.optionalString(a["delegation"], "delegation"))
            }
        }
        return state
    }

    /// An evidence item's recorded content id: a git blob id, or `tree:` and a tree id.
    static func contentID(_ r: NodeReader, _ node: Node?) -> String? {
        guard let node, let text = r.string(node, "hash") else { return nil }
        guard ContentBinding.isObjectID(text) else {
            r.problem(node, "hash: expected a git object id (40 hex digits, or tree: and them), found \"\(TerminalSafe.escape(text))\"")
            return nil
        }
        return text
    }

    /// A list of records with fixed keys; a record missing a required key is reported and skipped.
    static func records<T>(_ r: NodeReader, _ node: Node, _ what: String, _ known: [String], _ required: [String],
                           _ make: (Fields) -> T) -> [T] {
        guard let items = r.list(node, what) else { return [] }
        return items.compactMap { item in
            guard let f = r.mapping(item, what, known: known, required: required),
                  required.allSatisfy({ f[$0] != nil }) else { return nil }
            return make(f)
        }
    }
}

/// Checks a use case's references against the policy (when there is one).
struct PolicyRefs {
    var policy: Policy?
    var reader: NodeReader

    private func check(_ id: String, _ node: Node, _ context: String, _ kind: String, _ known: [String]?) {
        guard let known, !id.isEmpty, !known.contains(id) else { return }
        var m = "\(context): unknown \(kind) '\(TerminalSafe.escape(id))'"
        if let near = Suggestion.nearest(id, in: known) { m += " (did you mean '\(near)'?)" }
        reader.problem(node, m)
    }
    func person(_ id: String, _ node: Node, _ context: String) { check(id, node, context, "person", policy?.people.map(\.id)) }
    func role(_ id: String, _ node: Node, _ context: String) { check(id, node, context, "role", policy?.roles.map(\.id)) }
    func tier(_ id: String, _ node: Node, _ context: String) { check(id, node, context, "tier", policy?.tiers.map(\.id)) }
    func stage(_ id: String, _ node: Node, _ context: String) { check(id, node, context, "stage", policy?.stages.map(\.id)) }
    func control(_ id: String, _ node: Node, _ context: String) { check(id, node, context, "control", policy?.controls.map(\.id)) }

    func personField(_ f: Fields, _ key: String) -> PersonID {
        guard let n = f[key], let p = reader.string(n, key, allowEmpty: false) else { return "" }
        person(p, n, key)
        return p
    }
    func roleField(_ f: Fields, _ key: String) -> RoleID {
        guard let n = f[key], let p = reader.string(n, key, allowEmpty: false) else { return "" }
        role(p, n, key)
        return p
    }
}
