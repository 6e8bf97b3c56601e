import Foundation
import GateboardCore
import GateboardStore

/// `list --field name=value`: the ids of the use cases whose fields match every filter (a list
/// field matches when it holds the value; `name=` matches a field not set). nil without filters,
/// so that `list` keeps reading rows only; with filters the use cases are read for their fields.
enum FieldFilter {
    static func matching(_ filters: [FieldAssignment], store: BoardStore, policy: Policy) throws -> Set<UseCaseID>? {
        guard !filters.isEmpty else { return nil }
        for f in filters where policy.field(f.name) == nil {
            let known = policy.fields.map(\.id)
            throw CLIFailure.usage("no field \(TerminalSafe.escape(f.name)); "
                + (known.isEmpty ? "the policy declares no fields" : "fields: " + known.joined(separator: ", ")))
        }
        let board = try store.load()
        return Set(board.useCases.filter { uc in
            filters.allSatisfy { f in
                let wanted = f.value.trimmingCharacters(in: .whitespaces)
                guard let value = uc.fields[f.name] else { return wanted.isEmpty }
                return !wanted.isEmpty && value.matches(wanted)
            }
        }.map(\.id))
    }
}
