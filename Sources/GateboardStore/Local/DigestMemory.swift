import Foundation
import GateboardCore

/// When each person last had their digest, per board: kept in the user's settings directory
/// (`$XDG_CONFIG_HOME/gateboard/digests.json`), never in the board (it is one reader's
/// bookmark, not part of the governed record, and must not travel by git).
public struct DigestMemory: Sendable {
    public let path: String

    public init?(environment: [String: String]) {
        guard let dir = LocalConfig.directory(environment: environment) else { return nil }
        path = dir + "/digests.json"
    }

    static func key(board: String, person: PersonID) -> String { board + "#" + person }

    /// The time of the last digest for this board and person; nil when none (or unreadable).
    public func last(board: String, person: PersonID) -> Date? {
        read()[Self.key(board: board, person: person)].flatMap(Timestamp.parse)
    }

    /// Records a digest at `at`. Failure to write is returned as a note, never thrown.
    public func remember(board: String, person: PersonID, at: Date) -> String? {
        var all = read()
        all[Self.key(board: board, person: person)] = Timestamp.format(at)
        do {
            let dir = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(all).write(to: URL(fileURLWithPath: path), options: .atomic)
            return nil
        } catch {
            return "could not remember this digest in \(path): \(error.localizedDescription)"
        }
    }

    private func read() -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), data.count < 1 << 20 else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
    }
}
