import ArgumentParser
import GateboardCore

/// `new --template NAME [--field name=value …]`: the template's fields (explicit ones win) and
/// default owners, recorded after the create as their own events. Both are checked against the
/// policy first, so an unknown template or a field of the wrong type writes nothing.
struct TemplateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Start from a template of the policy (`gateboard policy` lists them): presets fields, owners, artifacts to fill and controls.", valueName: "name"))
    var template: String?
    @Option(help: ArgumentHelp("An inventory field, as for `edit --field`; repeat for several.", valueName: "name=value"))
    var field: [String] = []

    func followUps(_ policy: Policy) throws -> [Action] {
        guard template != nil || !field.isEmpty else { return [] }
        let assignments = try ArgumentValues.fields(field)
        if let problem = Self.typingProblem(assignments, policy) { throw CLIFailure.usage(problem + " — nothing was recorded") }
        guard let template else { return [.setFields(assignments: assignments, template: nil)] }
        guard let t = policy.template(template) else {
            let names = policy.templates.map(\.id)
            throw CLIFailure.usage("unknown template \(TerminalSafe.escape(template)): "
                + (names.isEmpty ? "the policy declares no templates" : "templates: " + names.joined(separator: ", ")))
        }
        return t.followUps(fields: assignments)
    }

    static func typingProblem(_ assignments: [FieldAssignment], _ policy: Policy) -> String? {
        do throws(Refusal) {
            _ = try FieldInput.values(assignments, policy: policy)
            return nil
        } catch {
            return error.message
        }
    }
}
