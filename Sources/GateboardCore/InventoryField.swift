import Foundation

/// Inventory fields (`fields:` in the policy): what the AI register records about each use
/// case beyond its title, problem and metric — intended purpose, data categories, affected
/// people, autonomy level, vendor model, deployment context. Each is typed; values are set by
/// `edit --field name=value` (an audited `edit` event) and exported by `inventory`.
public struct InventoryField: Equatable, Sendable, Codable {
    public enum Kind: String, Equatable, Sendable, CaseIterable, Codable {
        /// Free text (line breaks allowed, escaped on output).
        case text
        /// One of `choices` (by id).
        case choice
        /// Several plain-text items (`a,b` or the option repeated).
        case list
        /// A day, strictly `YYYY-MM-DD`.
        case date
    }

    public var id: String
    public var label: String
    public var kind: Kind
    public var description: String?
    /// For `choice`: the allowed ids, in the policy's order.
    public var choices: [String]

    public init(id: String, label: String, kind: Kind, description: String? = nil, choices: [String] = []) {
        self.id = id
        self.label = label
        self.kind = kind
        self.description = description
        self.choices = choices
    }
}

/// A field's value as recorded: text (text, choice and date fields) or a list of items. An
/// empty text or an empty list clears the field. Replay needs no policy: the type was judged
/// when the value was decided.
public enum FieldValue: Equatable, Sendable, Codable {
    case text(String)
    case list([String])

    public var isEmpty: Bool {
        switch self {
        case let .text(t): Wording.isBlank(t)
        case let .list(items): items.isEmpty
        }
    }

    /// The items of a list; a text value as its one item.
    public var items: [String] {
        switch self {
        case let .text(t): [t]
        case let .list(items): items
        }
    }

    /// One line of words: a list's items joined by ", ".
    public var display: String {
        switch self {
        case let .text(t): t
        case let .list(items): items.joined(separator: ", ")
        }
    }

    /// Whether a filter value matches: equal text, or (for a list) one of its items.
    public func matches(_ wanted: String) -> Bool {
        switch self {
        case let .text(t): t == wanted
        case let .list(items): items.contains(wanted)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let items = try? c.decode([String].self) { self = .list(items) } else { self = .text(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .text(t): try c.encode(t)
        case let .list(items): try c.encode(items)
        }
    }
}

/// One `--field name=value` as typed, before the policy gives it a type.
public struct FieldAssignment: Equatable, Sendable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// `name=value` (the value may be empty: it clears the field); nil without `=` or a name.
    public init?(parsing text: String) {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let name = text[..<eq].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        self.init(name: name, value: String(text[text.index(after: eq)...]))
    }
}

extension FieldLimits {
    /// Items in one list field.
    public static let listItems = 100
    /// One list item or choice (plain text, like a reference).
    public static let listItem = 200
}

extension Policy {
    public func field(_ id: String) -> InventoryField? { fields.first { $0.id == id } }

    /// The gate's requirements for this use case: its tier's, plus the controls its template
    /// adds to the gate of its current stage. nil when the stage has no gate.
    public func requirements(for uc: UseCase) -> GateRequirements? {
        guard var req = gate(leaving: uc.stage)?.requirements(for: uc.tier) else { return nil }
        for c in template(uc.template)?.controls[uc.stage] ?? [] where !req.controls.contains(c) { req.controls.append(c) }
        return req
    }
}

/// Typing `--field` input against the policy's declared fields.
public enum FieldInput {
    /// The typed values of a set of assignments, by field id: unknown field, a value of the
    /// wrong type, an unknown choice, a malformed date, a value or list over its limit, or
    /// forbidden characters in a list item or choice — each refused naming the field.
    /// A list field takes `a,b` and the assignment repeated; every other field one value.
    /// An empty value clears the field (`.text("")` or `.list([])`).
    public static func values(_ assignments: [FieldAssignment], policy: Policy) throws(Refusal) -> [String: FieldValue] {
        var raw: [String: [String]] = [:]
        var order: [String] = []
        for a in assignments {
            guard let field = policy.field(a.name) else {
                let known = policy.fields.map(\.id)
                throw Refusal(.invalidInput, "unknown field \(TerminalSafe.escape(a.name)): "
                    + (known.isEmpty ? "the policy declares no fields" : "the policy's fields are " + known.joined(separator: ", ")))
            }
            if raw[field.id] == nil { order.append(field.id) }
            raw[field.id, default: []].append(a.value)
        }
        var out: [String: FieldValue] = [:]
        for id in order { out[id] = try value(raw[id]!, for: policy.field(id)!) }
        return out
    }

    /// One field's value from what was typed for it (one or more assignments).
    public static func value(_ typed: [String], for field: InventoryField) throws(Refusal) -> FieldValue {
        let name = "field \(field.id)"
        if field.kind == .list {
            var items: [String] = []
            for t in typed {
                for part in t.split(separator: ",", omittingEmptySubsequences: false) {
                    let item = part.trimmingCharacters(in: .whitespaces)
                    guard !item.isEmpty else { continue }
                    try FieldLimits.limit(item, "item of \(name)", max: FieldLimits.listItem)
                    try PlainText.require(item, field: "an item of \(name)")
                    if !items.contains(item) { items.append(item) }
                }
            }
            guard items.count <= FieldLimits.listItems else {
                throw Refusal(.invalidInput, "\(name) has \(items.count) items; the limit is \(FieldLimits.listItems) — nothing was recorded")
            }
            return .list(items)
        }
        guard typed.count == 1 else {
            throw Refusal(.invalidInput, "\(name) takes one value (it is a \(field.kind.rawValue) field), given \(typed.count)")
        }
        let text = field.kind == .text ? typed[0] : typed[0].trimmingCharacters(in: .whitespaces)
        if Wording.isBlank(text) { return .text("") }
        switch field.kind {
        case .text:
            try FieldLimits.limit(text, name)
        case .choice:
            try FieldLimits.limit(text, name, max: FieldLimits.listItem)
            guard field.choices.contains(text) else {
                throw Refusal(.invalidInput, "\(name) must be one of \(field.choices.joined(separator: ", ")); "
                    + "found \"\(TerminalSafe.escape(text))\"")
            }
        case .date:
            guard text.utf8.count == 10, Day(text) != nil else {
                throw Refusal(.invalidInput, "\(name) is a date: expected YYYY-MM-DD, found \"\(TerminalSafe.escape(String(text.prefix(40))))\"")
            }
        case .list:
            break
        }
        return .text(text)
    }
}

/// A template (`templates:` in the policy) by type of use case: document extraction, a
/// customer-facing assistant, internal summarisation. `new --template NAME` records it on the
/// use case and presets its fields (what is given explicitly wins) and default owners; its
/// artifacts are listed "to fill" until set, and its controls join the gates they name.
public struct UseCaseTemplate: Equatable, Sendable, Codable {
    public var id: String
    public var name: String
    public var description: String?
    /// Preset inventory fields by id.
    public var fields: [String: FieldValue]
    /// Artifacts the use case should record (`spec`, `prompt`, …): shown "to fill" until set.
    public var artifacts: [String]
    /// Extra controls, by the stage whose gate (leaving it) requires them.
    public var controls: [StageID: [ControlID]]
    /// Default owners by role.
    public var owners: [RoleID: PersonID]

    public init(id: String, name: String, description: String? = nil, fields: [String: FieldValue] = [:],
                artifacts: [String] = [], controls: [StageID: [ControlID]] = [:], owners: [RoleID: PersonID] = [:]) {
        self.id = id
        self.name = name
        self.description = description
        self.fields = fields
        self.artifacts = artifacts
        self.controls = controls
        self.owners = owners
    }
}

extension Policy {
    public func template(_ id: String?) -> UseCaseTemplate? {
        guard let id else { return nil }
        return templates.first { $0.id == id }
    }
}

extension UseCase {
    /// The template's artifacts this use case has not recorded yet.
    public func artifactsToFill(policy: Policy) -> [String] {
        (policy.template(template)?.artifacts ?? []).filter { artifacts[$0] == nil }
    }
}

extension ActionDecider.Context {
    /// `edit --field` (and `new --template`): the typed changes as one `edit` event carrying
    /// `fields` (an empty value clears) and, when a template is applied, `template`. A template
    /// presets its fields where the use case has none and nothing explicit was given.
    func setFields(_ assignments: [FieldAssignment], template: String?) throws(Refusal) -> (EventAction, EventDetails) {
        try contributor("edit")
        var wanted = try FieldInput.values(assignments, policy: policy)
        var d = EventDetails()
        if let template {
            guard let t = policy.template(template) else {
                let names = policy.templates.map(\.id)
                throw Refusal(.invalidInput, "unknown template \(TerminalSafe.escape(template)): "
                    + (names.isEmpty ? "the policy declares no templates" : "the policy's templates are " + names.joined(separator: ", ")))
            }
            for (id, v) in t.fields where wanted[id] == nil && uc.fields[id] == nil && policy.field(id) != nil { wanted[id] = v }
            if uc.template != template { d.template = template }
        }
        var changed: [String: FieldValue] = [:]
        for (id, v) in wanted {
            if v.isEmpty {
                if uc.fields[id] != nil { changed[id] = v }
            } else if uc.fields[id] != v {
                changed[id] = v
            }
        }
        if !changed.isEmpty { d.fields = changed }
        guard d != EventDetails() else {
            throw Refusal(.nothingToDo, "nothing to change: \(uc.id) already has these values")
        }
        return (.edit, d)
    }
}

extension UseCase {
    /// The fields as the detail shows them: each declared field in the policy's order with its
    /// label and value (nil: not set), then any recorded field the policy no longer declares.
    public func inventoryRows(policy: Policy) -> [(id: String, label: String, value: FieldValue?)] {
        var rows = policy.fields.map { (id: $0.id, label: $0.label, value: fields[$0.id]) }
        for id in fields.keys.sorted() where policy.field(id) == nil { rows.append((id: id, label: id + " (undeclared)", value: fields[id])) }
        return rows
    }
}

extension UseCaseTemplate {
    /// What `new --template` records after the create, each its own event: the template and its
    /// fields (`fields` typed explicitly win), then its default owners by role.
    public func followUps(fields: [FieldAssignment] = []) -> [Action] {
        [.setFields(assignments: fields, template: id)] + owners.keys.sorted().map { .assign(role: $0, person: owners[$0]!) }
    }
}
