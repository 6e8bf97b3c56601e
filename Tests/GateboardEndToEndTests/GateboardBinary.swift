import Foundation

/// Runs the built `gateboard` binary: `GATEBOARD_BIN` when set (make test sets it), else
/// `.build/debug/gateboard` found walking up from this file.
struct GateboardBinary {
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }

        /// stdout parsed as JSON.
        func json() throws -> Any {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
        }
        func object() throws -> [String: Any] {
            guard let o = try json() as? [String: Any] else { throw TestFailure("not a JSON object: \(stdout)") }
            return o
        }
        func array() throws -> [[String: Any]] {
            guard let a = try json() as? [[String: Any]] else { throw TestFailure("not a JSON array: \(stdout)") }
            return a
        }
    }

    /// Never a `gateboard` found on PATH: that could be an installed, older program, and the
    /// tests would then pass or fail for it. With no binary, every run throws saying so.
    static let path: String = {
        if let bin = ProcessInfo.processInfo.environment["GATEBOARD_BIN"], !bin.isEmpty { return bin }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent(".build/debug/gateboard")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
                return candidate.path   // where `swift build` puts it; missing, so runs fail
            }
            dir = dir.deletingLastPathComponent()
        }
        return "/nonexistent/gateboard"
    }()

    /// A fixed moment for deterministic output.
    static let defaultNow = "2026-11-20T09:00:00Z"

    /// Runs synchronously; output goes through temp files so large output cannot deadlock.
    @discardableResult
    static func run(_ args: [String], board: String? = nil, now: String? = defaultNow, user: String? = nil,
                    environment extra: [String: String] = [:], cwd: String? = nil) throws -> Result {
        let p = try start(args, board: board, now: now, user: user, environment: extra, cwd: cwd)
        return p.wait()
    }

    final class Running: @unchecked Sendable {
        let process: Process
        let out: URL
        let err: URL
        init(process: Process, out: URL, err: URL) {
            self.process = process
            self.out = out
            self.err = err
        }
        func wait() -> Result {
            process.waitUntilExit()
            let o = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            let e = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
            return Result(status: process.terminationStatus, stdout: o, stderr: e)
        }
    }

    static func start(_ args: [String], board: String? = nil, now: String? = defaultNow, user: String? = nil,
                      environment extra: [String: String] = [:], cwd: String? = nil) throws -> Running {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestFailure("no gateboard binary at \(path): run swift build, or set GATEBOARD_BIN")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        // Options belong to the subcommand, so --board goes after it.
        p.arguments = args + (board.map { ["--board", $0] } ?? [])
        var env = ProcessInfo.processInfo.environment
        for key in ["GATEBOARD_BOARD", "GATEBOARD_USER", "GATEBOARD_NOW"] { env[key] = nil }
        if let now { env["GATEBOARD_NOW"] = now }
        if let user { env["GATEBOARD_USER"] = user }
        for (k, v) in extra { env[k] = v }
        p.environment = env
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let tmp = FileManager.default.temporaryDirectory
        let out = tmp.appendingPathComponent("gb-out-\(UUID().uuidString)")
        let err = tmp.appendingPathComponent("gb-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return Running(process: p, out: out, err: err)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
