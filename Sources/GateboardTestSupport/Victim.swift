import Foundation

/// A folder outside every board and repository, holding `victim.txt` ("precious"), that
/// attacks through symbolic links try to reach: tests prove it untouched with `snapshot()`.
public struct Victim: Sendable {
    public let dir: URL
    public var file: String { dir.appendingPathComponent("victim.txt").path }

    /// `in`: the folder to make it in (default: the temporary directory).
    public init(in parent: URL = FileManager.default.temporaryDirectory) throws {
        dir = parent.appendingPathComponent("gateboard-victim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("precious\n".utf8).write(to: URL(fileURLWithPath: file))
    }

    public func snapshot() -> [String: String] { Self.snapshot(dir) }

    /// Every entry below `dir`: a file's text, a link's target (`-> target`), `<dir>` for a folder.
    public static func snapshot(_ dir: URL) -> [String: String] {
        var out: [String: String] = [:]
        guard let e = FileManager.default.enumerator(atPath: dir.path) else { return out }
        while let name = e.nextObject() as? String {
            let p = dir.appendingPathComponent(name).path
            if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: p) { out[name] = "-> " + link; continue }
            out[name] = FileManager.default.contents(atPath: p).map { String(decoding: $0, as: UTF8.self) } ?? "<dir>"
        }
        return out
    }

    public func remove() { try? FileManager.default.removeItem(at: dir) }
}
