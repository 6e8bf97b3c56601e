import Foundation
import GateboardCore
import GateboardStore

/// `gateboard open UC-0002 eval-report`: an artifact or evidence item opened from the command
/// line as `v` opens it in the TUI (`References`): a local file in $PAGER (default `less`), a
/// URL in $BROWSER when set, else printed in full. A local file whose content changed since it
/// was recorded is said so on stderr, pointing at `gateboard diff`, then opened as it is now.
enum ReferenceOpener {
    static func open(id: String, name: String, board option: BoardOption) throws {
        let board = try OpenBoard(option)
        let (uc, checks) = ContentRead.observe(try board.useCase(id), board: board.store.root)
        let e = TerminalSafe.escape
        let ref: String
        var drift: String?
        if let r = uc.artifacts[name], !ContentBinding.isKey(name) {
            ref = r
            if let c = checks.first(where: { $0.name == name }), let problem = c.problem {
                drift = problem + (c.state == .drifted ? "; `gateboard diff \(uc.id) \(name)` shows how" : "")
            }
        } else if let item = uc.controls[name]?.evidence.last {
            ref = item.ref
            if let problem = item.problem(board.policy) {
                drift = problem + (item.contentState == .drifted ? "; `gateboard diff \(uc.id) \(name)` shows how" : "")
            }
        } else {
            let artifacts = ContentBinding.names(uc.artifacts)
            let evidence = uc.controls.keys.filter { !(uc.controls[$0]?.evidence.isEmpty ?? true) }.sorted()
            var names: [String] = []
            if !artifacts.isEmpty { names.append("artifacts: " + artifacts.map(e).joined(separator: ", ")) }
            if !evidence.isEmpty { names.append("evidence: " + evidence.map(e).joined(separator: ", ")) }
            throw CLIFailure.usage("\(e(uc.id)) has no artifact or evidence named \(e(name)); "
                + (names.isEmpty ? "it has none yet" : names.joined(separator: "; ")))
        }
        let environment = board.invocation.environment
        let plan: References.Plan
        do { plan = try References.plan(ref, board: board.store.root, environment: environment) } catch {
            let lower = ref.lowercased()
            if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
                // No $BROWSER: the URL in full, to copy.
                print(e(ref))
                return
            }
            throw CLIFailure(exitCode: 1, code: "io", message: String(describing: error))
        }
        if let drift { Stderr.write("note: " + e(drift)) }
        Stdout.flush()
        do { try References.run(plan) } catch { throw CLIFailure(exitCode: 1, code: "io", message: String(describing: error)) }
    }
}
