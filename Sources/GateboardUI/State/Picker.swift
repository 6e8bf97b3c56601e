import Foundation
import GateboardCore

/// A modal list to pick one item from (a role, a person, a stage, a control).
public struct Picker: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case assignRole
        case assignPerson(RoleID)
        case returnStage
        case evidenceControl
        case waiveControl
        case editField
        case escalateTo
        /// `v` / `y`: which reference to open or copy.
        case openReference, copyReference
        /// `D` then `n`: whom to hand your decisions to (a board action: `subject` is empty).
        case delegateTo
    }
    public struct Option: Equatable, Sendable {
        public var value: String
        public var label: String
        public var detail: String
        public init(value: String, label: String, detail: String = "") {
            self.value = value
            self.label = label
            self.detail = detail
        }
    }
    public var title: String
    public var subject: UseCaseID
    public var purpose: Purpose
    public var options: [Option]
    /// Into `shown`.
    public var index: Int = 0
    /// Type-ahead: typed text narrows the options to those whose label, id or detail holds
    /// every word of it; Backspace widens.
    public var query = ""
    /// Triage marks carried to the form or action that follows (empty: just `subject`).
    public var targets: [UseCaseID] = []

    public init(title: String, subject: UseCaseID, purpose: Purpose, options: [Option]) {
        self.title = title
        self.subject = subject
        self.purpose = purpose
        self.options = options
    }

    /// The options the typed text matches, in their order.
    public var shown: [Option] {
        let words = query.lowercased().split(separator: " ")
        guard !words.isEmpty else { return options }
        return options.filter { o in
            let text = (o.label + " " + o.value + " " + o.detail).lowercased()
            return words.allSatisfy { text.contains($0) }
        }
    }

    /// The highlighted option, if any is shown.
    public var chosen: Option? { shown.indices.contains(index) ? shown[index] : nil }

    /// Types `c` (nil: Backspace) and keeps the highlight on the same option when it stays.
    mutating func type(_ c: Character?) {
        let keep = chosen?.value
        if let c { query.append(c) } else if !query.isEmpty { query.removeLast() }
        index = keep.flatMap { k in shown.firstIndex { $0.value == k } } ?? 0
    }
}

/// What covers the screen, if anything.
public enum Modal: Equatable, Sendable {
    case help
    case form(Form)
    case picker(Picker)
    /// `>` on a blocked use case: what stands in the way.
    case blockers(title: String, lines: [String])
    /// `q` with unsaved input in a form: y quits, anything else goes back to the form.
    case confirmQuit(Form)
    /// `m` in the stand-up: y records it held, anything else does nothing. Shows the last mark.
    case confirmMark(previous: Date?)
    /// `D`: the delegations given and received that have not ended.
    case delegations(DelegationsList)
    /// `c` in the delegations list: y cancels this delegation, anything else goes back.
    case confirmCancelDelegation(Delegation)
}
