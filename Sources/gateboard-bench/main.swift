import Foundation

// gateboard-bench: the benchmark's tools (not installed, not part of the product).
//   gateboard-bench generate --out DIR --use-cases N --events M [--seed S] [--tasks FILE] [--signed [--lead-key PUB]] [--content K [--content-unbound]]
//   gateboard-bench tui --board DIR [--keys N]
//   gateboard-bench sigs [--count N]
let args = Array(CommandLine.arguments.dropFirst())
func value(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("gateboard-bench: \(message)\n".utf8))
    exit(2)
}

do {
    switch args.first {
    case "generate":
        guard let out = value("--out"), let n = value("--use-cases").flatMap(Int.init), let m = value("--events").flatMap(Int.init)
        else { fail("usage: generate --out DIR --use-cases N --events M [--seed S] [--tasks FILE]") }
        try BoardGenerator(useCases: n, events: m, seed: value("--seed").flatMap(UInt64.init) ?? 42,
                           out: URL(fileURLWithPath: out), tasksFile: value("--tasks").map { URL(fileURLWithPath: $0) },
                           signed: args.contains("--signed"),
                           leadKey: try value("--lead-key").map { try String(contentsOfFile: $0, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) },
                           contentFiles: min(5, value("--content").flatMap(Int.init) ?? 0),
                           contentUnbound: args.contains("--content-unbound")).run()
    case "tui":
        guard let board = value("--board") else { fail("usage: tui --board DIR [--keys N]") }
        try FrameBench(board: URL(fileURLWithPath: board), keys: value("--keys").flatMap(Int.init) ?? 1000).run()
    case "sigs":
        SignatureBench(count: value("--count").flatMap(Int.init) ?? 20_000).run()
    default:
        fail("usage: gateboard-bench generate|tui|sigs …")
    }
} catch {
    fail("\(error)")
}
