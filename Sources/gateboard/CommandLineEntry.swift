import ArgumentParser
import Foundation

/// Runs the root command and turns argument-parser's outcomes into Gateboard's exit codes:
/// argument-parser reports usage errors as EX_USAGE (64); Gateboard documents 2.
enum CommandLineEntry {
    static func run(_ arguments: [String]) -> Int32 {
        do {
            var command = try Gateboard.parseAsRoot(routed(arguments))
            try command.run()
            return 0
        } catch let code as ExitCodeError {
            return code.code
        } catch let code as ExitCode {
            return code.rawValue
        } catch let failure as CLIFailure {
            failure.report()
            return failure.exitCode
        } catch {
            let code = Gateboard.exitCode(for: error)
            let message = Gateboard.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            if code == .validationFailure {
                Stderr.write(message)
                return 2
            }
            if let failure = CLIFailure.from(error) {
                failure.report()
                return failure.exitCode
            }
            Stderr.write(message)
            return code.rawValue
        }
    }
}

extension CommandLineEntry {
    /// `gateboard --board DIR --as PERSON` opens the TUI: options before any subcommand belong
    /// to `open`. (The root itself takes none, so that a parent option never captures a
    /// subcommand's `--as` or `--board`.) `gateboard --board DIR list` works too: leading
    /// `--board`/`--as` options are moved after the subcommand they precede.
    static func routed(_ arguments: [String]) -> [String] {
        guard let first = arguments.first, first.hasPrefix("-") else { return arguments }
        let rootOnly: Set<String> = ["-h", "--help", "--version", "--generate-completion-script",
                                     "--experimental-dump-help", "--experimental-dump-help-json"]
        if rootOnly.contains(first) || first.hasPrefix("--generate-completion-script=") { return arguments }
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--board" || a == "--as" { i += 2 } else if a.hasPrefix("--board=") || a.hasPrefix("--as=") { i += 1 } else { break }
        }
        if i < arguments.count, i > 0, !arguments[i].hasPrefix("-") {
            return [arguments[i]] + arguments[..<i] + arguments[(i + 1)...]
        }
        return ["open"] + arguments
    }
}
