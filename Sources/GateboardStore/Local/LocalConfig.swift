import Foundation
import GateboardCore
import Yams

/// The user's own settings, read from their home — never from the board. A board arrives by
/// `git pull`, so nothing in it may choose a program to run (git refuses versioned hooks for
/// the same reason): the notification hook is configured only here or in git config.
///
/// `$XDG_CONFIG_HOME/gateboard/config.yaml` (default `~/.config/gateboard/config.yaml`):
///
///     hook: ~/bin/gateboard-notify     # an executable; receives one JSON object on stdin
///     hookTimeout: 10                  # seconds (1-300) before the hook is killed
public struct LocalConfig: Equatable, Sendable {
    public var hook: String?
    public var hookTimeout: Int?
    /// Where the hook came from, for messages ("~/.config/gateboard/config.yaml", "git config gateboard.hook").
    public var hookSource: String?

    public static let defaultHookTimeout = 10
    public static let hookTimeoutRange = 1...300
    /// A config file larger than this is refused (it is a few lines).
    static let maxBytes = 64 * 1024

    public init(hook: String? = nil, hookTimeout: Int? = nil, hookSource: String? = nil) {
        self.hook = hook
        self.hookTimeout = hookTimeout
        self.hookSource = hookSource
    }

    /// The directory of the user's gateboard settings: `$XDG_CONFIG_HOME/gateboard` when that is
    /// an absolute path (the XDG rule), else `$HOME/.config/gateboard`; nil without a home.
    public static func directory(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/gateboard" }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return home + "/.config/gateboard"
    }

    /// Parses the text of config.yaml. Unknown keys, a hook that is not text, a timeout out of
    /// range: a diagnostic at file:line:col.
    public static func parse(_ text: String, display: String) throws(BoardInvalid) -> LocalConfig {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return LocalConfig() }
        guard text.utf8.count <= maxBytes else {
            throw BoardInvalid([Diagnostic(path: display, message: "larger than \(maxBytes / 1024) KiB: not a settings file")])
        }
        let root: Node
        switch YAMLDocument.parse(text, display: display) {
        case .success(let node): root = node
        case .failure(let invalid): throw invalid
        }
        let r = NodeReader(display: display, source: text)
        var config = LocalConfig()
        if let fields = r.mapping(root, "settings", known: ["hook", "hookTimeout"]) {
            if let node = fields["hook"], let hook = r.string(node, "hook", allowEmpty: false) {
                // A relative path would resolve against the working directory, which may be a
                // board that arrived by git: never run a program chosen that way.
                if Self.isAbsolute(hook) {
                    config.hook = hook
                    config.hookSource = display
                } else {
                    r.problem(node, "hook: must be an absolute path or start with ~/, found \"\(TerminalSafe.escape(hook))\"")
                }
            }
            if let node = fields["hookTimeout"] {
                config.hookTimeout = r.int(node, "hookTimeout", range: hookTimeoutRange)
            }
        }
        if !r.diagnostics.isEmpty { throw BoardInvalid(r.sortedDiagnostics) }
        return config
    }

    /// The user's settings: config.yaml when it exists; a hook from git config (`gateboard.hook`,
    /// `gateboard.hookTimeout`, read in `gitDirectory`) when config.yaml names none. Git's
    /// repository config lives in `.git/config`, which no pull or clone carries.
    public static func load(environment: [String: String], gitDirectory: String?) throws(BoardInvalid) -> LocalConfig {
        var config = LocalConfig()
        if let dir = directory(environment: environment) {
            let path = dir + "/config.yaml"
            if let data = FileManager.default.contents(atPath: path) {
                config = try parse(String(decoding: data.prefix(maxBytes + 1), as: UTF8.self), display: path)
            }
        }
        if config.hook == nil, let gitDirectory, let hook = gitConfig("gateboard.hook", in: gitDirectory, environment: environment),
           !hook.isEmpty {
            guard isAbsolute(hook) else {
                throw BoardInvalid([Diagnostic(path: "git config gateboard.hook",
                    message: "must be an absolute path or start with ~/, found \"\(TerminalSafe.escape(hook))\"")])
            }
            config.hook = hook
            config.hookSource = "git config gateboard.hook"
            if config.hookTimeout == nil, let t = gitConfig("gateboard.hookTimeout", in: gitDirectory, environment: environment) {
                guard let n = Int(t), hookTimeoutRange.contains(n) else {
                    throw BoardInvalid([Diagnostic(path: "git config gateboard.hookTimeout",
                        message: "expected a whole number from \(hookTimeoutRange.lowerBound) to \(hookTimeoutRange.upperBound), found \(TerminalSafe.escape(t))")])
                }
                config.hookTimeout = n
            }
        }
        return config
    }

    static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") || path.hasPrefix("~/") }

    /// The hook as a path: `~/` is the home directory.
    public func hookPath(environment: [String: String]) -> String? {
        guard let hook else { return nil }
        if hook.hasPrefix("~/"), let home = environment["HOME"] { return home + hook.dropFirst(1) }
        return hook
    }

    /// `git config --get NAME` run in `directory`; nil when unset or git is missing.
    static func gitConfig(_ name: String, in directory: String, environment: [String: String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "config", "--get", name]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data.prefix(4096), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
