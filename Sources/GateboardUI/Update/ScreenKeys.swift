import GateboardCore

/// `A` and `T` (issue 19): the risk screening asked again of the highlighted use case, as
/// `gateboard screen` records it, and a tier below the screening's proposal accepted, as
/// `gateboard tier-override` records it. Both go through the engine like every action key.
extension AppState {
    /// The same walk as the New-use-case form's, started on the first question with the
    /// answers recorded so far highlighted; the form has no other field.
    func screenForm(_ uc: UseCase) -> Form {
        var f = Form(title: "Screen \(subjectLine(uc))" + (actorName.map { " \(glyphs.bullet) as \(TerminalSafe.escape($0))" } ?? ""),
                     subject: uc.id, purpose: .screen, fields: [], notes: ["\(uc.id) \(TerminalSafe.escape(uc.title))"])
        var w = ScreeningWalk(questions: policy.screening.questions)
        w.answers = uc.screening
        w.go(to: 0)
        f.walk = w
        return f
    }

    /// Why `A` cannot succeed, nil when it can: the engine asked with complete answers that
    /// differ from those recorded (the first choice of each question, or failing that the
    /// first question answered otherwise), so only who may screen and the policy decide.
    func screenUnavailable(_ uc: UseCase) -> String? {
        let questions = policy.screening.questions
        guard !questions.isEmpty else { return "the policy declares no screening questions (screening: in gateboard.yaml)" }
        var probe: ScreeningAnswers = [:]
        for q in questions { probe[q.id] = ScreeningWalk.options(q).first?.id ?? "" }
        if probe == uc.screening, let q = questions.first(where: { ScreeningWalk.options($0).count > 1 }) {
            probe[q.id] = ScreeningWalk.options(q)[1].id
        }
        return refusal(.screen(answers: probe), on: uc.id)
    }

    func tierOverrideForm(_ uc: UseCase) -> Form {
        let s = policy.tierShortfall(uc)
        let role = policy.screening.overrideRole
        return Form(title: "Accept tier \(uc.tier) of \(subjectLine(uc, role: role))", subject: uc.id, purpose: .tierOverride,
                    fields: [.init("Reason", required: true, hint: "why the lower tier is right; it stays visible")],
                    notes: ["\(uc.id) \(TerminalSafe.escape(uc.title))",
                            "The screening proposes \(s?.proposed ?? "?"): \(TerminalSafe.escape(policy.screeningProposal(uc).tierReasons.joined(separator: "; ")))"])
    }
}
