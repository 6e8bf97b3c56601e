import Foundation
import GateboardCore
import GateboardStore

/// In-process TUI timing: first frame, then keypress → evaluated, rendered and diffed frame.
/// PLACEHOLDER until the TUI lands.
struct FrameBench {
    var board: URL
    var keys: Int
    func run() throws {
        print(#"{"firstFrameMs": 0, "p50Ms": 0, "p99Ms": 0, "keys": 0, "avgChangedCells": 0}"#)
    }
}
