/// The longest text an action may record in each field, counted in characters (Unicode code
/// points, so a limit also bounds the bytes: at most four per character). Checked before the
/// policy judges anything, so an over-long field is refused whoever asks and writes nothing.
/// The store also refuses an action whose resulting use case file or audit line would pass
/// its size limit (many fields each within their limit can still add up).
public enum FieldLimits {
    /// A use case's title.
    public static let title = 200
    /// An artifact's name (`--artifact NAME=…`).
    public static let artifactName = 100
    /// A reference: an artifact's (`--artifact name=REF`) or an evidence item's (`--ref`).
    public static let reference = 2_000
    /// Every other text: problem, metric, notes, comments, reasons, change summaries.
    public static let text = 10_000

    /// Refuses (`invalid_input`) the first field of `action` over its limit, naming it.
    public static func check(_ action: Action) throws(Refusal) {
        switch action {
        case let .create(title, _, problem, metric, _):
            try limit(title, "title", title: true)
            try limit(problem, "problem")
            try limit(metric, "metric")
        case let .edit(title, problem, metric, _, artifacts):
            try limit(title, "title", title: true)
            try limit(problem, "problem")
            try limit(metric, "metric")
            for (name, ref) in artifacts.sorted(by: { $0.key < $1.key }) {
                try limit(name, "artifact name", max: artifactName)
                try limit(ref, "reference of artifact \(TerminalSafe.escape(String(name.prefix(artifactName))))", max: reference)
            }
        case .assign, .unassign:
            break
        case let .setFields(assignments, _):
            // Values are limited by their field's type (`FieldInput`); names here.
            for a in assignments { try limit(a.name, "field name", max: artifactName) }
        case let .evidence(_, ref, note, _):
            try limit(ref, "evidence reference", max: reference)
            try limit(note, "note")
        case let .attest(_, note):
            try limit(note, "note")
        case let .approve(comment), let .withdraw(comment), let .advance(comment), let .review(comment):
            try limit(comment, "comment")
        case let .reject(comment), let .returnTo(_, comment), let .comment(comment):
            try limit(comment, "comment")
        case let .waive(_, reason, _), let .halt(reason), let .resume(reason), let .park(reason, _),
             let .retire(reason), let .escalate(_, reason):
            try limit(reason, "reason")
        case let .unpark(reason):
            try limit(reason, "reason")
        case let .tierOverride(reason):
            try limit(reason, "reason")
        case .screen:
            break
        case let .change(_, summary):
            try limit(summary, "summary")
        case let .incident(a):
            for (value, field) in a.texts { try limit(value, field, max: field == "report reference" ? reference : nil) }
        }
    }

    static func limit(_ value: String?, _ field: String, title: Bool = false, max: Int? = nil) throws(Refusal) {
        guard let value else { return }
        let max = max ?? (title ? Self.title : Self.text)
        let total = value.unicodeScalars.count
        guard total > max else { return }
        throw Refusal(.invalidInput, "the \(field) is \(grouped(total)) characters long; "
            + "the limit is \(grouped(max)) characters — nothing was recorded")
    }

    /// 130000 → "130,000".
    public static func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
