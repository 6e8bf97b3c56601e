import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

/// `gateboard diff UC-0002 prompt`: what changed in a local artifact since its content was
/// recorded (what the approvals are bound to), as `ContentDiff` tells it.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show how a local artifact changed since its content was recorded (the approved version, from git).")
    @OptionGroup var boardOption: BoardOption
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Argument(help: ArgumentHelp("The artifact name, e.g. prompt (or an evidence control id, e.g. eval-report).", valueName: "artifact")) var artifact: String

    func run() throws {
        try Guarded.run(json: false) {
            let open = try OpenBoard(boardOption)
            let uc = try open.store.recordedUseCase(try open.useCase(id).id)
            let e = TerminalSafe.escape
            // An evidence control's id: its newest item, against the content it was added with.
            if uc.artifacts[artifact] == nil, let item = uc.controls[artifact]?.evidence.last {
                guard let recorded = item.hash else {
                    print("\(e(artifact)): \(e(item.ref)) is external — not checked; there is no recorded content to compare")
                    return
                }
                let result = try ContentDiff.of(ref: item.ref, recorded: recorded, observer: ContentObserver(board: open.store.root))
                print(result.text, terminator: "")
                if result.changed && !result.isDiff { throw ExitCodeError(1) }
                return
            }
            guard let ref = uc.artifacts[artifact], !ContentBinding.isKey(artifact) else {
                throw CLIFailure.usage("\(uc.id) has no artifact \(artifact); its artifacts: \(ContentBinding.names(uc.artifacts).joined(separator: ", "))")
            }
            guard let recorded = uc.artifacts[ContentBinding.key(artifact)] else {
                print("\(e(artifact)): \(e(ref)) is external — not checked; there is no recorded content to compare")
                return
            }
            let result = try ContentDiff.of(ref: ref, recorded: recorded, observer: ContentObserver(board: open.store.root))
            print(result.text, terminator: "")
            if result.changed && !result.isDiff { throw ExitCodeError(1) }
        }
    }
}
