import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// Seeded random mutations of real board files through the same path a load takes (bytes →
/// `BoardFileText.decode` → YAML → `UseCaseParser` / `PolicyParser`). Every input must either
/// parse or be refused with diagnostics that name the file and, except for the few
/// whole-file problems, a line and column inside it. A crash fails the run by killing it.
/// A parsed use case must also survive the emitter: written out and read back, it is equal.
///
/// Inputs per run: `GATEBOARD_FUZZ_INPUTS` (default 1,500 use case + 300 policy inputs;
/// `GATEBOARD_STRESS=1` makes it 100,000 + 25,000). Seed: `GATEBOARD_FUZZ_SEED` (default fixed,
/// so a failure reproduces; the failing seed and input are printed).
@Suite struct FuzzParserTests {
    static let environment = ProcessInfo.processInfo.environment
    static let stress = environment["GATEBOARD_STRESS"] == "1"
    static let seed = environment["GATEBOARD_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_126

    static func inputs(default quick: Int, stress long: Int) -> Int {
        if let n = environment["GATEBOARD_FUZZ_INPUTS"].flatMap(Int.init) { return n }
        return stress ? long : quick
    }

    /// Problems that concern the whole file and so carry no line.
    static let wholeFile: Set<String> = ["file is empty", "file has no content"]

    /// Why `result` is not an acceptable answer for `bytes`, or nil.
    static func unacceptable(_ error: BoardInvalid, display: String, bytes: [UInt8]) -> String? {
        if error.diagnostics.isEmpty { return "refused without a diagnostic" }
        // Lines as YAML counts them: LF, CR not before LF, NEL, LS and PS all end a line (so
        // a file with lone CRs has more lines for libyaml than for `wc -l`).
        let text = String(decoding: bytes, as: UTF8.self).unicodeScalars
        var lines = 1
        var previous: Unicode.Scalar = " "
        for u in text {
            if u == "\n" && previous != "\r" || u == "\r" || u == "\u{85}" || u == "\u{2028}" || u == "\u{2029}" { lines += 1 }
            previous = u
        }
        for d in error.diagnostics {
            if d.path != display { return "diagnostic names \(d.path), not \(display): \(d)" }
            if d.message.isEmpty { return "empty message: \(d)" }
            if Self.wholeFile.contains(d.message) { continue }
            guard let line = d.line else { return "no line: \(d)" }
            if line < 1 || line > lines + 1 { return "line \(line) outside the file (\(lines) lines): \(d)" }
            if let c = d.column, c < 1 { return "column \(c): \(d)" }
        }
        return nil
    }

    static func parseUseCase(_ bytes: [UInt8], display: String, policy: Policy) -> Result<UseCase, BoardInvalid> {
        BoardFileText.decode(bytes, display: display).flatMap {
            UseCaseParser.parse(text: $0, display: display, expectedID: nil, policy: policy)
        }
    }

    static func parsePolicy(_ bytes: [UInt8], display: String) -> Result<Policy, BoardInvalid> {
        BoardFileText.decode(bytes, display: display).flatMap { PolicyParser.parse(text: $0, display: display) }
    }

    /// A use case file written by the store itself, with history in every section the
    /// emitter writes, and hostile text.
    static func storeWrittenUseCase(_ b: TestBoard) throws -> [UInt8] {
        try b.create(title: "Claims \u{1B}[31mtriage\u{202E} \"quoted\"\n second line")
        try b.record("UC-0001", .assign, EventDetails(role: "business_owner", person: "alex"))
        try b.record("UC-0001", .edit, EventDetails(artifacts: ["prompt": "prompts/kyc.md@3", "model": "models/x@1"]))
        try b.record("UC-0001", .evidence, EventDetails(control: "spec-reference", ref: "docs/spec.md", note: "v1 \u{7}"))
        try b.record("UC-0001", .escalate, EventDetails(person: "sam", reason: "stuck for weeks"))
        try b.record("UC-0001", .halt, EventDetails(reason: "wrong answers\u{9B}2J"), by: "kim")
        return try b.read("usecases/UC-0001.yaml")
    }

    @Test func mutatedUseCaseFiles() throws {
        let b = try TestBoard()
        defer { b.remove() }
        let policy = try b.store.loadPolicy()
        let fixture = Array(try BadInputTests.fixture("valid.yaml").utf8)
        let seeds = [fixture, try Self.storeWrittenUseCase(b)]
        for seed in seeds { #expect(throws: Never.self) { try Self.parseUseCase(seed, display: "UC-0001.yaml", policy: policy).get() } }

        let count = Self.inputs(default: 1_500, stress: 100_000)
        var mutator = FuzzMutator(seed: Self.seed)
        var parsed = 0, refused = 0, failures: [String] = []
        for i in 0..<count {
            let input = mutator.mutate(seeds[i % seeds.count])
            switch Self.parseUseCase(input, display: "UC-0001.yaml", policy: policy) {
            case .failure(let e):
                refused += 1
                if let why = Self.unacceptable(e, display: "UC-0001.yaml", bytes: input) {
                    failures.append("input \(i) (seed \(Self.seed)): \(why)\n\(String(decoding: input, as: UTF8.self).debugDescription)")
                }
            case .success(let uc):
                parsed += 1
                // What parses must be written back exactly: emit, parse again, compare.
                let again = UseCaseParser.parse(text: UseCaseEmitter.text(uc), display: "again", expectedID: nil, policy: policy)
                if (try? again.get()) != uc {
                    failures.append("input \(i) (seed \(Self.seed)): parsed, but the emitted file does not read back equal: \(again)\n\(String(decoding: input, as: UTF8.self).debugDescription)")
                }
            }
            if failures.count >= 5 { break }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n\n"))")
        #expect(parsed + refused == count || !failures.isEmpty)
        #expect(refused > count / 4, "the mutator should break most inputs: \(refused) of \(count)")
        print("fuzz: \(count) use case inputs, \(parsed) parsed, \(refused) refused with located diagnostics")
    }

    @Test func mutatedPolicyFiles() throws {
        let seed = Array(DefaultPolicyText.policyYAML(name: "Fuzz board").utf8)
        #expect(throws: Never.self) { try Self.parsePolicy(seed, display: "gateboard.yaml").get() }
        let count = Self.inputs(default: 300, stress: 25_000)
        var mutator = FuzzMutator(seed: Self.seed &+ 1)
        var parsed = 0, refused = 0, failures: [String] = []
        for i in 0..<count {
            let input = mutator.mutate(seed)
            switch Self.parsePolicy(input, display: "gateboard.yaml") {
            case .failure(let e):
                refused += 1
                if let why = Self.unacceptable(e, display: "gateboard.yaml", bytes: input) {
                    failures.append("input \(i) (seed \(Self.seed &+ 1)): \(why)")
                }
            case .success:
                parsed += 1
            }
            if failures.count >= 5 { break }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n\n"))")
        print("fuzz: \(count) policy inputs, \(parsed) parsed, \(refused) refused with located diagnostics")
    }
}
