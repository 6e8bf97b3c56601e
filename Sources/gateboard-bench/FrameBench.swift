import Foundation
import GateboardCore
import GateboardStore
import GateboardUI

/// In-process TUI timing with the UI's real types: the board loaded as the TUI loads it, the
/// first full frame (load + state + first effects + render + diff), then a long scripted key
/// sequence, each key timed from the key to a reduced state, its effects performed (as the
/// loop performs them before drawing), a rendered buffer and the diff against the last frame.
/// The diff counts the cells the terminal would send, exactly as `Terminal.draw` decides.
/// Prints one JSON object (read by Tests/Bench/table.py).
struct FrameBench {
    var board: URL
    var keys: Int
    var width = 160
    var height = 48
    var actor: PersonID = "bench-lead"

    /// One scripted key and the class it is reported under.
    struct Step {
        var key: Key
        var kind: String
    }

    func run() throws {
        let store = BoardStore(root: board)
        let now = BoardGenerator.now
        let t0 = DispatchTime.now().uptimeNanoseconds
        // As the TUI loads it: the first screen made from the board as recorded while its local
        // content is compared with the disk, and again when something drifted
        // (`ContentRead.observedBoardAside`).
        let (recorded, settle) = try ContentRead.observedBoardAside(store: store)
        let tLoad = DispatchTime.now().uptimeNanoseconds
        var state = AppState(board: recorded, actor: actor, width: width, height: height, now: now, glyphs: .unicode)
        let loaded = settle().map { observed in
            state = AppState(board: observed, actor: actor, width: width, height: height, now: now, glyphs: .unicode)
            return observed
        } ?? recorded
        var performer = EffectPerformer(store: store, now: now, policy: loaded.policy)
        if let id = state.selectedUseCase?.id { drain(&state, performer.perform(.loadActivity(id)), &performer) }
        let tState = DispatchTime.now().uptimeNanoseconds
        var previous: ScreenBuffer? = nil
        var frame = render(state)
        let firstCells = Self.changedCells(frame, previous)
        previous = frame
        let tFirst = DispatchTime.now().uptimeNanoseconds

        var timings: [String: [Double]] = [:]
        var all: [Double] = []
        // The same keys in this thread's CPU time: on a shared machine the wall clock also
        // counts the time other processes held the core (a preempted key), the CPU time only ours.
        var cpuTimings: [String: [Double]] = [:]
        var cells: [Int] = []
        func threadCPU() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) / 1e6
        }
        let script = Self.script(state)
        for i in 0..<keys {
            let step = script[i % script.count]
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = threadCPU()
            drain(&state, [.key(step.key)], &performer)
            frame = render(state)
            let changed = Self.changedCells(frame, previous)
            previous = frame
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            cpuTimings[step.kind, default: []].append(threadCPU() - cpuStart)
            all.append(ms)
            timings[step.kind, default: []].append(ms)
            cells.append(changed)
        }
        func pct(_ xs: [Double], _ p: Double) -> Double {
            guard !xs.isEmpty else { return 0 }
            let s = xs.sorted()
            return s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded()))]
        }
        var kinds: [String: Any] = [:]
        for (k, xs) in timings {
            let cpu = cpuTimings[k] ?? []
            kinds[k] = ["n": xs.count, "p50Ms": pct(xs, 0.5), "p99Ms": pct(xs, 0.99), "maxMs": xs.max() ?? 0,
                        "cpuP99Ms": pct(cpu, 0.99)]
        }
        // The targets name moves, filter characters and panes; view switches are reported apart.
        let interactive = timings.filter { $0.key != "view" }.flatMap(\.value)
        let interactiveCPU = cpuTimings.filter { $0.key != "view" }.flatMap(\.value)
        let ms = { (a: UInt64, b: UInt64) in Double(b - a) / 1e6 }
        let out: [String: Any] = [
            "useCases": loaded.useCases.count, "width": width, "height": height,
            "loadMs": ms(t0, tLoad), "stateMs": ms(tLoad, tState), "renderMs": ms(tState, tFirst),
            "firstFrameMs": ms(t0, tFirst), "firstFrameCells": firstCells,
            "keys": all.count, "p50Ms": pct(interactive, 0.5), "p99Ms": pct(interactive, 0.99),
            "cpuP50Ms": pct(interactiveCPU, 0.5), "cpuP99Ms": pct(interactiveCPU, 0.99),
            "allP50Ms": pct(all, 0.5), "allP99Ms": pct(all, 0.99), "maxMs": all.max() ?? 0,
            "avgChangedCells": cells.isEmpty ? 0 : Double(cells.reduce(0, +)) / Double(cells.count),
            "cellsPerFullFrame": width * height, "kinds": kinds,
        ]
        let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    /// The loop's message pump: reduce, perform every effect, feed the results back.
    func drain(_ state: inout AppState, _ first: [Msg], _ performer: inout EffectPerformer) {
        var pending = first
        while !pending.isEmpty {
            let msg = pending.removeFirst()
            let (next, effects) = reduce(state, msg)
            state = next
            for e in effects { pending += performer.perform(e) }
        }
    }

    /// Cells `Terminal.draw` sends: every non-continuation cell on a first frame, afterwards
    /// only those that differ from the previous frame.
    static func changedCells(_ buffer: ScreenBuffer, _ previous: ScreenBuffer?) -> Int {
        var count = 0
        let full = previous == nil || previous!.width != buffer.width || previous!.height != buffer.height
        for i in buffer.cells.indices {
            let cell = buffer.cells[i]
            if cell.isContinuation { continue }
            if !full, previous!.cells[i] == cell { continue }
            count += 1
        }
        return count
    }

    /// A session's worth of keys: moving about, filtering as one types, focusing panes,
    /// opening detail, and switching views (triage, inbox, log and back).
    static func script(_ state: AppState) -> [Step] {
        var s: [Step] = []
        func add(_ kind: String, _ keys: [Key]) { s += keys.map { Step(key: $0, kind: kind) } }
        add("move", [.char("j"), .char("j"), .char("j"), .down, .char("k"), .char("l"), .char("j"), .char("l"),
                     .right, .char("h"), .pageDown, .char("j"), .pageUp, .char("G"), .char("g"), .left, .char("l")])
        add("filter", [.char("/")])
        add("filter", "kyc v".map { .char($0) } + [.backspace, .char("2")])
        add("filter", [.enter])
        add("move", [.char("j"), .char("l"), .char("j")])
        add("filter", [.escape])
        add("filter", [.char("/")] + "retail".map { .char($0) } + [.escape])
        add("pane", [.tab, .char("j"), .char("j"), .tab, .char("j"), .tab, .char("j"), .char("k"), .tab, .backTab, .escape])
        add("pane", [.enter, .char("j"), .char("j"), .pageDown, .escape])
        add("view", [.char("2")])
        add("move", [.char("j"), .char("j"), .char("k")])
        add("pane", [.enter, .escape])
        add("view", [.char("1")])
        add("view", [.char("5")])
        add("move", [.char("j"), .char("k")])
        add("view", [.char("1")])
        add("view", [.char("4")])
        add("move", [.char("k"), .char("k"), .char("g"), .char("G")])
        add("view", [.escape])
        add("move", [.char("j"), .char("j"), .char("l"), .char("l"), .char("l"), .char("j"), .char("h"), .char("h")])
        return s
    }
}

/// The read-only effects, performed as `TUILoop.perform` performs them. The script never
/// records an action, so a bench run leaves the board as it was.
struct EffectPerformer {
    let store: BoardStore
    let now: Date
    let policy: Policy

    mutating func perform(_ effect: Effect) -> [Msg] {
        switch effect {
        case .reload:
            return (try? store.load()).map { [.boardLoaded($0)] } ?? []
        // As the TUI does, signature marks included (signed decisions).
        case .loadActivity(let id):
            let recent = (try? store.recentEvents(for: id, count: 30)) ?? []
            return [.activityLoaded(id, recent)]
                + (store.signatureVerdicts(for: id, shown: recent, policy: policy).map { [.signaturesLoaded(id, $0)] } ?? [])
        case .loadLog(let id):
            let log = (try? store.events(for: id)) ?? []
            return [.logLoaded(id, log)] + (store.signatureVerdicts(for: id, shown: log, log: log, policy: policy).map { [.signaturesLoaded(id, $0)] } ?? [])
        case .loadTriageHistory:
            // As the TUI does: only the start of the logs triage judges, up to the first move into build.
            guard let board = try? store.load() else { return [.triageHistoryLoaded([])] }
            var events: [AuditEvent] = []
            for uc in board.useCases where Triage.needsHistory(uc, policy: board.policy) {
                events += (try? store.events(for: uc.id) { Triage.endsNeededHistory($0, policy: board.policy) }) ?? []
            }
            return [.triageHistoryLoaded(events)]
        case .loadRoleHistories(let person):
            // As the TUI does: the work windows of the use cases the person may be asked to approve.
            guard let board = try? store.load() else { return [.roleHistoriesLoaded([:])] }
            var histories: [UseCaseID: RoleHistory] = [:]
            for uc in Inbox.approvalCandidates(for: person, useCases: board.useCases, policy: board.policy) {
                histories[uc.id] = try? store.roleHistory(of: uc)
            }
            return [.roleHistoriesLoaded(histories)]
        case .loadReport:
            guard let board = try? store.load() else { return [] }
            let events = (try? store.events(for: board.useCases.map(\.id), only: PortfolioReport.actions)) ?? []
            return [.reportLoaded(PortfolioReport.compute(board.useCases, policy: board.policy, events: events, now: now))]
        case .loadStandup, .perform, .performAll, .createThen, .markStandup, .openEditor, .openReference, .copyReference, .quit,
             .delegate, .cancelDelegation:
            FileHandle.standardError.write(Data("gateboard-bench: the key script asked for \(effect), which it must not\n".utf8))
            exit(2)
        }
    }
}
