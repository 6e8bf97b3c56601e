import Foundation

/// The output of one git command.
public struct GitOutput: Sendable {
    public var status: Int32
    public var data: Data
    public var stderr: String
    public var stdout: String { String(decoding: data, as: UTF8.self) }
    public var ok: Bool { status == 0 }
}

/// Runs git (`/usr/bin/env git`) in one directory. Never prompts: a remote that wants a
/// password fails at once (`GIT_TERMINAL_PROMPT=0`, ssh in batch mode) so `sync` can say
/// "authentication failed" instead of hanging.
public struct GitRunner: Sendable {
    public var directory: URL
    /// Extra variables over the process environment.
    public var environment: [String: String]

    public init(directory: URL, environment: [String: String] = [:]) {
        self.directory = directory
        self.environment = environment
    }

    /// `input`: bytes for git's standard input (`cat-file --batch`), else none.
    public func run(_ arguments: [String], extraEnvironment: [String: String] = [:], input: Data? = nil) throws(SyncError) -> GitOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["LC_ALL"] = "C"
        if env["GIT_SSH_COMMAND"] == nil { env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=15" }
        for (k, v) in environment { env[k] = v }
        for (k, v) in extraEnvironment { env[k] = v }
        process.environment = env
        // Output goes to temporary files: no pipe can fill up and deadlock a large diff.
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("gateboard-git-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
            process.standardOutput = outHandle
            process.standardError = errHandle
            if let input {
                let inURL = scratch.appendingPathComponent("in")
                try input.write(to: inURL)
                process.standardInput = try FileHandle(forReadingFrom: inURL)
            } else {
                process.standardInput = FileHandle.nullDevice
            }
            try process.run()
            process.waitUntilExit()
            try outHandle.close()
            try errHandle.close()
            return GitOutput(status: process.terminationStatus,
                             data: try Data(contentsOf: out),
                             stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
        } catch {
            throw SyncError.gitUnavailable(String(describing: error))
        }
    }

    /// Runs and returns stdout; a failure becomes `SyncError.git` with git's own words.
    @discardableResult
    public func check(_ arguments: [String], extraEnvironment: [String: String] = [:]) throws(SyncError) -> String {
        let out = try run(arguments, extraEnvironment: extraEnvironment)
        guard out.ok else {
            throw SyncError.git(command: "git " + arguments.joined(separator: " "),
                                message: out.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return out.stdout
    }

    /// The raw bytes of `rev:path`, nil when the path does not exist at that revision.
    public func show(_ rev: String, _ path: String) throws(SyncError) -> Data? {
        let out = try run(["cat-file", "blob", "\(rev):\(path)"])
        guard out.ok else { return nil }
        return out.data
    }
}
