import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

/// The root command: with no subcommand it opens the interactive board.
struct Gateboard: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "gateboard",
        abstract: "Walk AI use cases from a scoped problem to governed production.",
        discussion: """
            With no subcommand, opens the interactive board.

            Exit codes: 0 success, 1 refused by policy or gate blocked, 2 usage error (including \
            an unknown use case id), 3 board invalid, I/O or lock error.

            Environment: GATEBOARD_BOARD (board directory), GATEBOARD_USER (who is acting), \
            GATEBOARD_NOW (ISO 8601 time to use as now).
            """,
        version: version,
        subcommands: [OpenCommand.self, InitCommand.self, ValidateCommand.self, RepairCommand.self],
        groupedSubcommands: [
            CommandGroup(name: "Reading", subcommands: [
                ListCommand.self, ShowCommand.self, CheckCommand.self, PolicyCommand.self,
                LogCommand.self, VerifyCommand.self, KeysCommand.self, SigningCommand.self, DiffCommand.self,
            ]),
            CommandGroup(name: "Action", subcommands: [
                NewCommand.self, EditCommand.self, AssignCommand.self, UnassignCommand.self,
                EvidenceCommand.self, AttestCommand.self, ApproveCommand.self, RejectCommand.self,
                WithdrawCommand.self, AdvanceCommand.self, ReturnCommand.self, WaiveCommand.self,
                HaltCommand.self, ResumeCommand.self, ChangeCommand.self, ParkCommand.self,
                UnparkCommand.self, RetireCommand.self, CommentCommand.self, EscalateCommand.self,
                ReviewCommand.self, RefreshCommand.self, ScreenCommand.self, TierOverrideCommand.self,
            ]),
            CommandGroup(name: "Operations", subcommands: [IncidentCommand.self, SignalCommand.self]),
            CommandGroup(name: "Rituals", subcommands: [
                TriageCommand.self, StandupCommand.self, InboxCommand.self, DigestCommand.self, ReportCommand.self, InventoryCommand.self,
                DelegateCommand.self,
            ]),
            CommandGroup(name: "Team sync", subcommands: [SyncCommand.self, GitCommand.self, MergeDriverCommand.self]),
        ]
    )

}

/// `gateboard` with no subcommand: the interactive board. (Its options live here rather than
/// on the root, because argument-parser lets a parent's options capture a subcommand's.)
struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the interactive board (what `gateboard` with no subcommand does); with ID NAME, open that artifact or evidence.",
        discussion: "gateboard open UC-0002 eval-report: a local file in $PAGER (default less), a URL in $BROWSER when set, else printed in full. NAME is an artifact's name or an evidence control's id (its newest item).")

    @OptionGroup var boardOption: BoardOption

    @Argument(help: ArgumentHelp("A use case id: with NAME, open one of its artifacts or evidence items.", valueName: "id"))
    var id: String?

    @Argument(help: ArgumentHelp("The artifact name (e.g. prompt) or evidence control id (e.g. eval-report).", valueName: "name"))
    var name: String?

    @Option(name: .customLong("as"), help: ArgumentHelp(
        "Act as this person (default: $GATEBOARD_USER, else the person whose login is your OS user; nobody: read-only).",
        valueName: "person"))
    var actor: String?

    func validate() throws {
        if id != nil && name == nil {
            throw ValidationError("open takes a use case id and the name of one of its artifacts or evidence controls (or nothing: the board)")
        }
    }

    func run() throws {
        if let id, let name {
            try Guarded.run(json: false) { try ReferenceOpener.open(id: id, name: name, board: boardOption) }
            return
        }
        try Guarded.run(json: false) {
            let inv = try Invocation.current()
            let store = try inv.store(boardOption.board)
            // The policy is enough to name the actor; TUIRunner loads the board (once).
            let who = try inv.actor(explicit: actor, policy: try store.loadPolicy())
            let clock = try Invocation.clockReading(inv.environment)
            let code = try TUIRunner.run(store: store, actor: who, osUser: inv.osUser, clock: clock)
            if code != 0 { throw ExitCodeError(code) }
        }
    }
}

/// A loaded board for a read-only command.
struct OpenBoard {
    var invocation: Invocation
    var store: BoardStore
    var board: Board

    /// `observed`: local content compared with the disk as the board loads
    /// (`ContentRead.observedBoard(store:)`), for commands that judge what is on disk.
    init(_ option: BoardOption, observed: Bool = false) throws {
        invocation = try Invocation.current()
        store = try invocation.store(option.board)
        board = observed ? try ContentRead.observedBoard(store: store) : try store.load()
    }

    var policy: Policy { board.policy }
    var now: Date { invocation.now }

    func useCase(_ id: String) throws -> UseCase {
        guard let uc = board.useCase(id) else { throw CLIFailure.notFound(id) }
        return uc
    }

    /// The work window of a use case with approvals to count (`RoleHistory`), read from its log.
    func roleHistory(_ uc: UseCase) throws -> RoleHistory? {
        uc.approvals.isEmpty ? nil : try store.roleHistory(of: uc)
    }

    /// The work windows the inbox needs: those of the use cases `person` (nil: anyone) may be
    /// asked to approve now.
    func inboxHistories(for person: PersonID?) throws -> [UseCaseID: RoleHistory] {
        var out: [UseCaseID: RoleHistory] = [:]
        for uc in Inbox.approvalCandidates(for: person, useCases: board.useCases, policy: policy) {
            out[uc.id] = try store.roleHistory(of: uc)
        }
        return out
    }
}

/// The policy alone, for an action: it reads one use case, not the board.
struct OpenPolicy {
    var invocation: Invocation
    var store: BoardStore
    var policy: Policy

    init(_ option: BoardOption) throws {
        invocation = try Invocation.current()
        store = try invocation.store(option.board)
        policy = try store.loadPolicy()
    }

    var now: Date { invocation.now }
}
