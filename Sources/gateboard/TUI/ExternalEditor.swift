import Foundation
import GateboardCore
import GateboardUI

/// `E`: the user's editor ($VISUAL, else $EDITOR, else vi) on a temporary file.
enum ExternalEditor {
    /// Returns the edited text, nil when unchanged; throws when the editor fails.
    static func edit(_ text: String, id: UseCaseID, field: EditableField, environment: [String: String]) throws -> String? {
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let dir = FileManager.default.temporaryDirectory
        let file = dir.appendingPathComponent("gateboard-\(id)-\(field.rawValue)-\(ProcessInfo.processInfo.processIdentifier).txt")
        let original = text.hasSuffix("\n") || text.isEmpty ? text : text + "\n"
        try original.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The editor command may carry arguments (`code -w`); the file is passed as "$1".
        p.arguments = ["-c", editor + " \"$1\"", "gateboard-editor", file.path]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw TerminalEditorError("\(editor) exited with status \(p.terminationStatus); \(field.label.lowercased()) not changed")
        }
        var edited = try String(contentsOf: file, encoding: .utf8)
        if edited.hasSuffix("\n") { edited.removeLast() }
        if field == .title { edited = edited.split(separator: "\n").joined(separator: " ") }
        return edited == text ? nil : edited
    }
}

struct TerminalEditorError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
