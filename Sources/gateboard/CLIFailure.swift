import Foundation
import GateboardCore
import GateboardStore

/// Everything that ends a command early, with its exit code and its words. Reported as
/// text on stderr, or with `--json` as `{ok: false, code, message, blockers}` on stdout.
struct CLIFailure: Error {
    var exitCode: Int32
    /// Machine-readable: a `Refusal.Code` raw value, or `usage`, `board_invalid`,
    /// `not_found`, `no_board`, `locked`, `io`.
    var code: String
    var message: String
    var blockers: [Blocker] = []
    var diagnostics: [Diagnostic] = []
    var json = false

    static func usage(_ message: String) -> CLIFailure {
        CLIFailure(exitCode: 2, code: "usage", message: message)
    }

    static func refused(_ refusal: Refusal) -> CLIFailure {
        CLIFailure(exitCode: 1, code: refusal.code.rawValue, message: refusal.message, blockers: refusal.blockers)
    }

    static func notFound(_ id: String) -> CLIFailure {
        CLIFailure(exitCode: 2, code: "not_found",
                   message: "no use case \(id) on this board (`gateboard list` shows the ids)")
    }

    /// Maps the errors of the store and the core; nil for errors it does not know.
    static func from(_ error: Error) -> CLIFailure? {
        switch error {
        case let f as CLIFailure:
            return f
        case let r as Refusal:
            return .refused(r)
        case let invalid as BoardInvalid:
            let n = invalid.diagnostics.count
            return CLIFailure(exitCode: 3, code: "board_invalid",
                              message: "the board is invalid (\(n) problem\(n == 1 ? "" : "s")); nothing was changed",
                              diagnostics: invalid.diagnostics)
        case let s as StoreError:
            switch s {
            case .notFound(let id): return .notFound(id)
            case .noBoard: return CLIFailure(exitCode: 3, code: "no_board", message: s.description)
            case .locked: return CLIFailure(exitCode: 3, code: "locked", message: s.description)
            case .io: return CLIFailure(exitCode: 3, code: "io", message: s.description)
            }
        case let d as Diagnostic:
            return CLIFailure(exitCode: 3, code: "board_invalid", message: "the board is invalid", diagnostics: [d])
        case let c as CocoaError:
            let path = (c.userInfo[NSFilePathErrorKey] as? String) ?? c.errorUserInfo[NSFilePathErrorKey] as? String
            return CLIFailure(exitCode: 3, code: "io", message: [path, c.localizedDescription].compactMap { $0 }.joined(separator: ": "))
        default:
            return nil
        }
    }

    /// Any error, as a failure: unknown errors are I/O (exit 3).
    static func wrapping(_ error: Error, json: Bool) -> CLIFailure {
        var f = from(error) ?? CLIFailure(exitCode: 3, code: "io", message: String(describing: error))
        f.json = json
        return f
    }

    func report() {
        if json {
            let body = FailureJSON(ok: false, code: code, message: message,
                                   blockers: blockers.map(BlockerJSON.init),
                                   diagnostics: diagnostics.isEmpty ? nil : diagnostics.map(DiagnosticJSON.init))
            JSONOutput.print(body)
            return
        }
        var lines: [String] = []
        // Diagnostics first, one per line, so editors can jump to them.
        for d in diagnostics { lines.append(TerminalSafe.escape(d.description)) }
        let prefix = exitCode == 1 ? "refused: " : "error: "
        lines.append(prefix + TerminalSafe.escapeKeepingNewlines(message))
        for b in blockers { lines.append("  - " + TerminalSafe.escape(b.message)) }
        Stderr.write(lines.joined(separator: "\n"))
    }
}

/// Runs a command body, turning any error into a reported `CLIFailure` with its exit code.
enum Guarded {
    static func run(json: Bool, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let code as ExitCodeError {
            throw code
        } catch {
            let failure = CLIFailure.wrapping(error, json: json)
            failure.report()
            throw ExitCodeError(failure.exitCode)
        }
    }
}

/// A command's own non-zero exit after it has printed its result (e.g. `check` when blocked).
struct ExitCodeError: Error {
    var code: Int32
    init(_ code: Int32) { self.code = code }
}
