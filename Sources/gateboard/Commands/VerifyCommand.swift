import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every audit chain and use case file; exit 0 only when everything holds, 1 naming each problem.")

    @OptionGroup var boardOption: BoardOption
    @OptionGroup var output: JSONFlag

    func run() throws {
        try Guarded.run(json: output.json) {
            let inv = try Invocation.current()
            let store = try inv.store(boardOption.board)
            let meter = ProgressMeter(enabled: isatty(STDERR_FILENO) == 1)
            var report = try store.verify { p in meter.show(done: p.bytesDone, total: p.bytesTotal) }
            meter.finish()
            // Signed decisions: the key list is the root of trust; say what changed (TOFU).
            report.notes += store.keyChangesSinceLastVerify()
            if output.json {
                JSONOutput.print(VerifyJSON(ok: report.ok, useCases: report.useCases, events: report.events,
                                            bytes: report.bytes, problems: report.problems.map(DiagnosticJSON.init),
                                            notes: report.notes))
            } else {
                for p in report.problems { print(TerminalSafe.escape(p.description)) }
                for n in report.notes { print("note: " + TerminalSafe.escape(n)) }
                let summary = "\(BoardWords.plural(report.useCases, "use case")), \(BoardWords.plural(report.events, "event"))"
                if report.ok {
                    print("verify OK: \(summary); every chain and use case file holds")
                } else {
                    print("verify FAILED: \(BoardWords.plural(report.problems.count, "problem")) in \(summary)")
                }
            }
            if !report.ok { throw ExitCodeError(1) }
        }
    }
}

struct VerifyJSON: Encodable {
    var ok: Bool
    var useCases: Int
    var events: Int
    var bytes: Int
    var problems: [DiagnosticJSON]
    var notes: [String]
}

/// Progress on stderr for long checks: only on a terminal, and only once the work has taken
/// longer than a second, so quick runs and pipes stay quiet.
final class ProgressMeter {
    private let enabled: Bool
    private let start = Date()
    private var shown = false
    private var lastPercent = -1

    init(enabled: Bool) { self.enabled = enabled }

    func show(done: Int, total: Int) {
        guard enabled, total > 0, Date().timeIntervalSince(start) > 1 else { return }
        let percent = min(100, done * 100 / total)
        guard percent != lastPercent else { return }
        lastPercent = percent
        shown = true
        let mb = { (n: Int) in String(format: "%.1f", Double(n) / 1_048_576) }
        FileHandle.standardError.write(Data("\rverifying… \(percent)% (\(mb(done)) of \(mb(total)) MB)\u{1B}[K".utf8))
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
