import Foundation
import GateboardCore

/// One problem with a board file, as `path:line:column: message`.
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?
    public var message: String
    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }
    public var description: String {
        switch (line, column) {
        case let (l?, c?): "\(path):\(l):\(c): \(message)"
        case let (l?, nil): "\(path):\(l): \(message)"
        default: "\(path): \(message)"
        }
    }
}

/// Every problem found while loading; a board that fails to load is never written to.
public struct BoardInvalid: Error, Equatable, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Failures of the file system or of coordination (exit 3).
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case noBoard(String)
    case locked(pid: Int32, command: String)
    case io(path: String, message: String)
    case notFound(UseCaseID)

    public var description: String {
        switch self {
        case .noBoard(let m): m
        case let .locked(pid, command): "board is locked by PID \(pid) (\(command))"
        case let .io(path, message): "\(path): \(message)"
        case .notFound(let id): "no use case \(id)"
        }
    }
}

/// The result of one recorded action.
public struct ActionOutcome: Sendable {
    public var useCase: UseCase
    public var event: AuditEvent
    /// Notes worth telling the user (e.g. "2 approvals void: prompt changed").
    public var notes: [String]
    public init(useCase: UseCase, event: AuditEvent, notes: [String] = []) {
        self.useCase = useCase
        self.event = event
        self.notes = notes
    }
}

/// A board directory. PLACEHOLDER signatures — the store work replaces the bodies.
public final class BoardStore: @unchecked Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    /// `--board DIR`, else `GATEBOARD_BOARD`, else the nearest ancestor of `cwd` holding
    /// `gateboard.yaml`; otherwise `StoreError.noBoard` saying how to create or point at one.
    public static func discover(explicit: String?, environment: [String: String], cwd: String) throws -> BoardStore {
        throw StoreError.noBoard("not implemented")
    }

    /// Writes a new board with the default policy. Refuses a directory that already holds one.
    public static func initialize(at root: URL, name: String) throws -> BoardStore {
        throw StoreError.noBoard("not implemented")
    }

    /// Parses and validates everything; throws `BoardInvalid` with every problem.
    public func load() throws -> Board {
        throw StoreError.noBoard("not implemented")
    }

    /// Lock, re-read, decide, append the event, write the use case, unlock.
    public func perform(_ action: Action, on id: UseCaseID?, actor: PersonID, osUser: String, now: Date) throws -> ActionOutcome {
        throw StoreError.noBoard("not implemented")
    }

    /// A use case's events, oldest first.
    public func events(for id: UseCaseID) throws -> [AuditEvent] { [] }

    /// The newest `count` events of a use case, oldest first, without reading the whole log.
    public func recentEvents(for id: UseCaseID, count: Int) throws -> [AuditEvent] { [] }
}
