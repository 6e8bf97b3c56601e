import GateboardCore

/// The risk screening inside the New-use-case form: one step per question, then a summary
/// with the proposed tier and its reasons, before the form is submitted.
public struct ScreeningWalk: Equatable, Sendable {
    public var questions: [ScreeningQuestion]
    /// Question id → answer as recorded (`yes`/`no`, a choice id, multi ids joined by `,`).
    public var answers: [String: String] = [:]
    /// nil: the form's own fields; `0..<questions.count`: that question; `questions.count`:
    /// the summary.
    public var step: Int?
    /// The highlighted option of the current question, and a multi question's picks.
    public var cursor = 0
    public var picked: Set<Int> = []
    /// The summary was confirmed once: Enter on the fields submits straight away.
    public var reviewed = false

    public init(questions: [ScreeningQuestion]) {
        self.questions = questions
    }

    public var isSummary: Bool { step == questions.count }
    public var question: ScreeningQuestion? { step.flatMap { questions.indices.contains($0) ? questions[$0] : nil } }

    /// The options of a question as (id, words): yes/no, or its choices.
    public static func options(_ q: ScreeningQuestion) -> [(id: String, text: String)] {
        q.kind == .yesno ? [("yes", "Yes"), ("no", "No")] : q.choices.map { ($0.id, $0.text) }
    }

    /// Go to a step, the highlight on its recorded answer.
    public mutating func go(to step: Int?) {
        self.step = step
        picked = []
        cursor = 0
        guard let q = question else { return }
        let ids = ScreeningWalk.options(q).map(\.id)
        let recorded = Screening.values(answers[q.id] ?? "")
        if q.kind == .multi {
            picked = Set(recorded.compactMap { ids.firstIndex(of: $0) })
        } else if let first = recorded.first, let i = ids.firstIndex(of: first) {
            cursor = i
        }
    }

    /// Records the current question's answer (the highlight, or a multi question's picks) and
    /// moves on.
    public mutating func answerAndNext() {
        guard let q = question, let step else { return }
        let ids = ScreeningWalk.options(q).map(\.id)
        if q.kind == .multi {
            answers[q.id] = ids.indices.filter(picked.contains).map { ids[$0] }.joined(separator: ",")
        } else if ids.indices.contains(cursor) {
            answers[q.id] = ids[cursor]
        }
        go(to: step + 1)
    }
}
