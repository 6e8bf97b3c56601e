import GateboardCore

/// The `n` form's template picker: a choice of "none" or one of the policy's templates (only
/// when the policy declares some). A template chosen makes the create a `createThen`: the
/// template's fields and default owners are recorded right after, as `new --template` does.
extension AppState {
    static let templateLabel = "Template"
    static let noTemplate = "none"

    var templatePicker: [Form.Field] {
        guard !policy.templates.isEmpty else { return [] }
        return [.init(Self.templateLabel, kind: .choice([Self.noTemplate] + policy.templates.map(\.id)),
                      hint: "←/→ to change; fields, owners and controls as `gateboard policy` lists")]
    }

    func createEffect(_ action: Action, template: String) -> Effect {
        guard let t = policy.template(template) else { return .perform(action, on: nil) }
        return .createThen(action, then: t.followUps())
    }
}
