import Foundation
import GateboardCore
import Yams

extension UseCaseParser {
    /// `template:` (the template the use case started from) and `fields:` (inventory field id →
    /// text, or a list of texts). Values are kept as recorded: the policy's types judged them when
    /// they were decided, and a field the policy no longer declares still reads back.
    static func inventory(_ f: Fields, _ r: NodeReader, into uc: inout UseCase) {
        uc.template = r.optionalString(f["template"], "template")
        guard let n = f["fields"] else { return }
        for (id, _, value) in r.keyed(n, "fields") ?? [] {
            if case .sequence = value {
                let items = r.strings(value, "fields.\(TerminalSafe.escape(id))")?.map(\.0) ?? []
                if !items.isEmpty { uc.fields[id] = .list(items) }
            } else if let text = r.string(value, "fields.\(TerminalSafe.escape(id))", allowEmpty: false) {
                uc.fields[id] = .text(text)
            }
        }
    }
}
