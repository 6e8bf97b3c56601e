import Foundation
import GateboardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension BoardStore {
    /// `--board DIR`, else `GATEBOARD_BOARD`, else the nearest ancestor of `cwd` holding
    /// `gateboard.yaml`; otherwise `StoreError.noBoard` saying how to create or point at one.
    public static func discover(explicit: String?, environment: [String: String], cwd: String) throws -> BoardStore {
        func resolve(_ path: String) -> URL {
            path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: cwd).appendingPathComponent(path)
        }
        func board(_ path: String, from source: String) throws -> BoardStore {
            let url = resolve(path).standardizedFileURL
            let policy = url.appendingPathComponent(policyFileName).path
            // The entry itself (a link there is found, then refused naming it, never followed).
            var st = stat()
            guard lstat(policy, &st) == 0 else {
                throw StoreError.noBoard("\(source) \(path): no \(policyFileName) there. Create a board with `gateboard init \(path)`.")
            }
            return BoardStore(root: url, environment: environment)
        }
        if let explicit, !explicit.isEmpty { return try board(explicit, from: "--board") }
        if let env = environment["GATEBOARD_BOARD"], !env.isEmpty { return try board(env, from: "GATEBOARD_BOARD=") }
        var dir = URL(fileURLWithPath: cwd).standardizedFileURL
        while true {
            var st = stat()
            if lstat(dir.appendingPathComponent(policyFileName).path, &st) == 0 {
                return BoardStore(root: dir, environment: environment)
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        throw StoreError.noBoard("""
            no board here: neither \(cwd) nor any directory above it holds \(policyFileName).
            Create one with `gateboard init DIR`, or point at one with `--board DIR` or GATEBOARD_BOARD=DIR.
            """)
    }

    /// Writes a new board with the default policy. Refuses a directory that already holds one.
    public static func initialize(at root: URL, name: String, signing: SigningMode = .off) throws -> BoardStore {
        let store = BoardStore(root: root)
        let files = store.files
        let dir = store.root.path
        if access(dir, F_OK) != 0 {
            if mkdir(dir, 0o755) != 0 { throw files.fail(dir, "creating the board directory") }
        }
        if store.board.exists(store.policyPath) {
            throw StoreError.noBoard("\(store.policyPath) already exists: \(dir) is already a board; nothing was changed")
        }
        // Nothing below the board root is followed: a link planted where a board file or
        // folder goes is refused before anything is written.
        if let link = store.symlinkProblems().first { throw StoreError.io(path: link.path, message: link.message + "; nothing was changed") }
        try store.ensureDirectories()
        let ignorePath = dir + "/.gitignore"
        var ignore = ""
        if store.board.exists(ignorePath) {
            switch BoardFileText.readBytes(store.board, path: ignorePath, display: ignorePath, limit: BoardFileText.policyLimit) {
            case .failure(let d): throw StoreError.io(path: ignorePath, message: d.message + "; nothing was changed")
            case .success(let bytes): ignore = String(decoding: bytes, as: UTF8.self)
            }
        }
        let missing = [".gateboard.lock", ".gateboard/"].filter { !ignore.components(separatedBy: "\n").contains($0) }
        if !missing.isEmpty {
            if !ignore.isEmpty && !ignore.hasSuffix("\n") { ignore += "\n" }
            ignore += "# Gateboard: the write lock and the local cache are not shared.\n" + missing.joined(separator: "\n") + "\n"
            try files.replace(ignorePath, with: Array(ignore.utf8))
        }
        try files.replace(store.policyPath, with: Array(DefaultPolicyText.policyYAML(name: name, signing: signing).utf8))
        return store
    }
}
