import Foundation
import GateboardCore
import GateboardStore

/// Opens the interactive board. PLACEHOLDER — the UI work replaces the body.
enum TUIRunner {
    /// `actor` nil means read-only. `clock` gives "now" (GATEBOARD_NOW or the real time).
    /// Returns the process exit code.
    static func run(store: BoardStore, actor: PersonID?, osUser: String, clock: @escaping @Sendable () -> Date) throws -> Int32 {
        FileHandle.standardError.write(Data("the interactive board is not built yet\n".utf8))
        return 3
    }
}
