import ArgumentParser
import Foundation
import GateboardCore

/// Parsers for option values; a bad value is a usage error (exit 2).
enum ArgumentValues {
    static func day(_ text: String) throws -> Day {
        guard let day = Day(text) else { throw ValidationError("not a date (YYYY-MM-DD): \(text)") }
        return day
    }

    /// `--since` of `log` and `standup`: a date or a timestamp (`Timestamp.parse`), nil when absent.
    static func since(_ text: String?) throws -> Date? {
        guard let text else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw ValidationError("--since takes a date (YYYY-MM-DD) or an ISO 8601 time, not \(text)")
        }
        return date
    }

    static func changeKind(_ text: String) throws -> ChangeKind {
        guard let kind = ChangeKind(rawValue: text) else {
            throw ValidationError("--kind must be one of \(ChangeKind.allCases.map(\.rawValue).joined(separator: ", ")), not \(text)")
        }
        return kind
    }

    /// `NAME=REF`; `NAME=` removes the artifact.
    static func artifact(_ text: String) throws -> (String, String) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw ValidationError("--artifact takes NAME=REF (e.g. prompt=prompts/kyc.md@v4), not \(text)")
        }
        guard !text[..<eq].contains("#") else {
            throw ValidationError("an artifact name may not hold '#' (gateboard records content ids as NAME#blob): \(text)")
        }
        return (String(text[..<eq]), String(text[text.index(after: eq)...]))
    }

    /// `--field NAME=VALUE` (`NAME=` clears it); typed against the policy when performed.
    static func fields(_ texts: [String]) throws -> [FieldAssignment] {
        try texts.map { t in
            guard let a = FieldAssignment(parsing: t) else {
                throw ValidationError("--field takes NAME=VALUE (e.g. autonomy_level=human_in_loop; NAME= clears it), not \(t)")
            }
            return a
        }
    }

    static func nonEmpty(_ text: String, _ name: String) throws -> String {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("\(name) must not be empty")
        }
        return text
    }
}
