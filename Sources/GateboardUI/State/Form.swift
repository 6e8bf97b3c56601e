import GateboardCore

/// A small modal form for one governed action.
public struct Form: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case approve, reject, advance, comment, halt, resume, create
        case returnTo(StageID)
        case evidence(ControlID)
        case attest(ControlID)
        case waive(ControlID)
        case escalate(PersonID)
        case park, retire
        /// `A`: the risk screening walked again (no fields: the walk is the form).
        case screen
        /// `T`: the tier accepted below the screening's proposal.
        case tierOverride
        /// The stand-up's `S`: show changes since a date (no action is recorded).
        case standupSince
        /// `D` then `n`: hand the acting person's decisions in a role to this person (a board
        /// event, `gateboard delegate`; `subject` is nil).
        case delegate(PersonID)
    }

    public struct Field: Equatable, Sendable {
        public enum Kind: Equatable, Sendable {
            case text
            /// `YYYY-MM-DD`.
            case day
            /// One of the options, changed with ←/→.
            case choice([String])
        }
        public var label: String
        public var kind: Kind
        public var required: Bool
        public var input: TextInput
        public var hint: String?
        public var choice: Int = 0

        public init(_ label: String, kind: Kind = .text, required: Bool = false, initial: String = "", hint: String? = nil) {
            self.label = label
            self.kind = kind
            self.required = required
            self.input = TextInput(initial)
            self.hint = hint
        }

        public var value: String {
            if case .choice(let options) = kind { return options.isEmpty ? "" : options[choice] }
            return input.text.trimmingCharacters(in: .whitespaces)
        }
    }

    public var title: String
    /// The use case acted on (nil for a new one).
    public var subject: UseCaseID?
    public var purpose: Purpose
    public var fields: [Field]
    public var focus: Int = 0
    public var error: String?
    /// Lines shown above the fields (what the action will do).
    public var notes: [String] = []
    /// Triage marks: the use cases the one submitted action is performed on, each on its own
    /// (empty: just `subject`).
    public var targets: [UseCaseID] = []
    /// Submitted and waiting for the loop's answer: recorded closes the form, a refusal or a
    /// failure shows its reason in it with the input kept.
    public var submitted = false
    /// The New-use-case form's risk screening (nil when the policy asks none).
    public var walk: ScreeningWalk?

    public init(title: String, subject: UseCaseID?, purpose: Purpose, fields: [Field], notes: [String] = []) {
        self.title = title
        self.subject = subject
        self.purpose = purpose
        self.fields = fields
        self.notes = notes
    }

    /// Typed text that Esc or q would throw away.
    public var hasUnsavedInput: Bool {
        fields.contains { if case .choice = $0.kind { false } else { !$0.input.isEmpty } }
    }

    public func value(_ label: String) -> String { fields.first { $0.label == label }?.value ?? "" }

    /// A form with no fields of its own, only the risk screening's walk (`A`, screen again).
    public var isWalkOnly: Bool { fields.isEmpty && walk != nil }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

extension Set where Element == Character {
    static let whitespaces: Set<Character> = [" ", "\t"]
}
