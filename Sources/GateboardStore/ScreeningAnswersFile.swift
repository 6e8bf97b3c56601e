import Foundation
import GateboardCore
import Yams

/// `--answers FILE`: a YAML or JSON mapping of question id → answer (`yes`/`no`, a choice id,
/// or a list of choice ids for a multi question). Every problem is located (file:line:col):
/// an unknown question, a value outside the choices, a duplicate key. (A missing answer is
/// refused when the answers are checked as a whole.)
public enum ScreeningAnswersFile {
    public static func parse(text: String, display: String, screening: Screening) -> Result<[String: ScreeningInput], BoardInvalid> {
        let root: Node
        switch YAMLDocument.parse(text, display: display) {
        case .failure(let d): return .failure(d)
        case .success(let n): root = n
        }
        let r = NodeReader(display: display, source: text)
        var out: [String: ScreeningInput] = [:]
        for (id, keyNode, value) in r.keyed(root, "answers") ?? [] {
            let input: ScreeningInput
            if case .sequence = value {
                guard let items = r.strings(value, "answer to \(TerminalSafe.escape(id))") else { continue }
                input = .list(items.map(\.0))
            } else if case .scalar(let s) = value, s.style == .plain, ["true", "false"].contains(s.string) {
                // JSON's true/false for a yes/no question.
                input = .text(s.string == "true" ? "yes" : "no")
            } else {
                guard let v = r.string(value, "answer to \(TerminalSafe.escape(id))", allowEmpty: true) else { continue }
                input = .text(v)
            }
            do throws(Refusal) {
                _ = try screening.answer(id, input)
                out[id] = input
            } catch {
                r.problem(screening.question(id) == nil ? keyNode : value, error.message)
            }
        }
        return r.diagnostics.isEmpty ? .success(out) : .failure(BoardInvalid(r.sortedDiagnostics))
    }
}
