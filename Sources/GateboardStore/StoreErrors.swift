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

