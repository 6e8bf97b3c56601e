import Foundation
import Testing

/// The documentation cannot drift from the code: every command and option the argument parser
/// defines (read from the real binary's `--experimental-dump-help`, the same tree the man page
/// is generated from) has an entry in docs/commands.md, every `gateboard …` command line the
/// docs show names a command and options that exist, and every link between the pages works.
@Suite struct DocumentationTests {
    static let root: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/", !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()

    /// README.md and the pages in docs/ (not docs/pending/, notes waiting to be folded in).
    static func pages() throws -> [(path: String, text: String)] {
        let docs = root.appendingPathComponent("docs")
        let names = try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".md") }.sorted()
        return try (["README.md"] + names.map { "docs/" + $0 }).map {
            ($0, try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8))
        }
    }

    // MARK: - The command tree

    struct Command {
        var path: [String]                 // ["git", "setup"]; [] is the root
        var options: Set<String>           // long names of options and flags, without "--"
        var hidden: Bool
        var name: String { (["gateboard"] + path).joined(separator: " ") }
    }

    /// Every command of the real binary, from argument-parser's own description of itself.
    static func commands() throws -> [Command] {
        let r = try GateboardBinary.run(["--experimental-dump-help"])
        guard r.status == 0, let top = try r.object()["command"] as? [String: Any] else {
            throw TestFailure("--experimental-dump-help: \(r)")
        }
        var out: [Command] = []
        func walk(_ c: [String: Any], _ path: [String]) {
            let args = c["arguments"] as? [[String: Any]] ?? []
            var options = Set<String>()
            for a in args where (a["kind"] as? String) != "positional" {
                for n in a["names"] as? [[String: Any]] ?? [] where (n["kind"] as? String) != "short" {
                    if let name = n["name"] as? String { options.insert(name) }
                }
            }
            out.append(Command(path: path, options: options, hidden: (c["shouldDisplay"] as? Bool) == false))
            for s in c["subcommands"] as? [[String: Any]] ?? [] {
                if let name = s["commandName"] as? String { walk(s, path + [name]) }
            }
        }
        walk(top, [])
        return out
    }

    /// Options every command has, documented once by argument-parser's conventions.
    static let builtIn: Set<String> = ["help", "version"]
    /// Options documented once for a whole family ("Every action takes `--board DIR`, `--as PERSON`, `--json`").
    static let shared: Set<String> = ["board", "as", "json", "key"]

    /// The command lines docs/commands.md shows in its code blocks: `gateboard list [--stage S] …`.
    static func usageLines(_ text: String) -> [String] {
        var fence = false
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { fence.toggle(); continue }
            let l = line.trimmingCharacters(in: .whitespaces)
            if fence, l.hasPrefix("gateboard ") { lines.append(l) }
        }
        return lines
    }

    /// The command a `gateboard …` line runs (the longest path of command names it starts with),
    /// and the `--options` it passes to it (up to a comment, pipe or redirection).
    static func parse(_ line: String, _ commands: [Command]) -> (command: Command?, options: [String]) {
        // Words without the punctuation of the prose or markup around them: "init`:", "--git),".
        let markup = CharacterSet(charactersIn: "`'\"()[],;:.")
        var words = line.split(separator: " ").map { $0.trimmingCharacters(in: markup) }
        if let cut = words.firstIndex(where: { ["#", ">", ";", "&&", "2>&1"].contains($0) || $0.hasPrefix("#") }) {
            words = Array(words[..<cut])
        }
        guard words.first == "gateboard" else { return (nil, []) }
        var path: [String] = []
        for w in words.dropFirst() {
            if commands.contains(where: { $0.path == path + [w] }) { path.append(w) } else { break }
        }
        let options = words.compactMap { w -> String? in
            guard w.hasPrefix("--"), w.count > 2 else { return nil }
            return String(w.dropFirst(2).split(separator: "=").first ?? "")
        }
        return (commands.first { $0.path == path }, options)
    }

    @Test func everyCommandAndOptionHasAnEntryInTheCommandReference() throws {
        let commands = try Self.commands()
        #expect(commands.count > 30, "the command tree was read: \(commands.map(\.name))")
        let reference = try String(contentsOf: Self.root.appendingPathComponent("docs/commands.md"), encoding: .utf8)
        let lines = Self.usageLines(reference)
        for option in Self.shared {
            #expect(reference.contains("`--\(option)"), "docs/commands.md documents --\(option)")
        }
        for c in commands where !c.hidden && !c.path.isEmpty && c.path != ["help"] {
            let entries = lines.filter { Self.parse($0, commands).command?.path == c.path }
            // A command with subcommands of its own (`git`) is documented by theirs.
            let parent = commands.contains { $0.path.count > c.path.count && Array($0.path.prefix(c.path.count)) == c.path }
            if parent { continue }
            #expect(!entries.isEmpty || reference.contains("`\(c.name)"),
                    "docs/commands.md has no entry for `\(c.name)`")
            let documented = Set(entries.flatMap { Self.parse($0, commands).options })
            for option in c.options.subtracting(Self.builtIn).subtracting(Self.shared) {
                #expect(documented.contains(option), "docs/commands.md: `\(c.name)` lacks --\(option) on its command line")
            }
        }
    }

    @Test func everyCommandLineInTheDocsExists() throws {
        let commands = try Self.commands()
        let rootOptions: Set<String> = ["generate-completion-script", "help", "version", "board", "as"]
        var checked = 0
        for page in try Self.pages() {
            var fence = false
            for (n, raw) in page.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = String(raw)
                if line.hasPrefix("```") { fence.toggle(); continue }
                // Command lines: whole lines in code blocks, and inline code spans in prose.
                var candidates: [String] = []
                if fence || line.hasPrefix("    ") {
                    candidates.append(line.trimmingCharacters(in: .whitespaces))
                } else {
                    let parts = line.split(separator: "`", omittingEmptySubsequences: false)
                    candidates += stride(from: 1, to: parts.count, by: 2).map { String(parts[$0]) }
                }
                for candidate in candidates {
                    guard let range = candidate.range(of: #"(?<![\w./-])gateboard [a-z-]+"#, options: .regularExpression)
                    else { continue }
                    let text = String(candidate[range.lowerBound...])
                    let (command, options) = Self.parse(text, commands)
                    let word = text.split(separator: " ")[1]
                    let at = "\(page.path):\(n + 1)"
                    guard let command, !command.path.isEmpty || word.hasPrefix("-") else {
                        Issue.record("\(at): `gateboard \(word)` is not a command (\(text))")
                        continue
                    }
                    checked += 1
                    let allowed = command.options.union(Self.builtIn).union(command.path.isEmpty ? rootOptions : [])
                    for option in options where !allowed.contains(option) {
                        Issue.record("\(at): `\(command.name)` has no option --\(option) (\(text))")
                    }
                }
            }
        }
        #expect(checked > 50, "command lines found in the docs: \(checked)")
    }

    /// The committed man page (`make man`) is the current command tree: every command and
    /// every option has its entry, so a new option cannot ship with a stale page.
    @Test func theManPageNamesEveryCommandAndOption() throws {
        let page = try String(contentsOf: Self.root.appendingPathComponent("docs/man/gateboard.1"), encoding: .utf8)
        #expect(page.contains("Generated by swift-argument-parser"))
        let lines = page.split(separator: "\n").map(String.init)
        for c in try Self.commands() where !c.hidden && !c.path.isEmpty && c.path != ["help"] {
            let entry = lines.firstIndex { $0 == ".It Em \(c.path.last!)" }
            #expect(entry != nil, "docs/man/gateboard.1 has no entry for `\(c.name)`: run make man")
            for option in c.options {
                #expect(page.contains("Fl -\(option)"), "docs/man/gateboard.1 lacks --\(option) of `\(c.name)`: run make man")
            }
        }
    }

    // MARK: - Links

    /// GitHub's anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered.
    static func anchors(_ text: String) -> Set<String> {
        var out = Set<String>(), seen: [String: Int] = [:], fence = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { fence.toggle(); continue }
            guard !fence, line.hasPrefix("#"), let space = line.firstIndex(of: " ") else { continue }
            var title = String(line[line.index(after: space)...]).trimmingCharacters(in: .whitespaces)
            title = title.replacingOccurrences(of: #"\[([^\]]*)\]\([^)]*\)"#, with: "$1", options: .regularExpression)
            let slug = String(title.lowercased().unicodeScalars.filter {
                CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == " "
            }.map(Character.init)).replacingOccurrences(of: " ", with: "-")
            let n = seen[slug, default: 0]
            seen[slug] = n + 1
            out.insert(n == 0 ? slug : "\(slug)-\(n)")
        }
        return out
    }

    /// `docs` + `../README.md` → `README.md`.
    static func join(_ dir: String, _ relative: String) -> String {
        var parts = dir.split(separator: "/").map(String.init)
        for p in relative.split(separator: "/").map(String.init) {
            if p == ".." { _ = parts.popLast() } else if p != "." { parts.append(p) }
        }
        return parts.joined(separator: "/")
    }

    @Test func everyLinkBetweenThePagesWorks() throws {
        var checked = 0
        for page in try Self.pages() {
            let dir = page.path.contains("/") ? String(page.path[..<page.path.lastIndex(of: "/")!]) : ""
            var fence = false
            for (n, raw) in page.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if raw.hasPrefix("```") { fence.toggle(); continue }
                if fence { continue }
                let line = String(raw).replacingOccurrences(of: "`[^`]*`", with: "", options: .regularExpression)
                let regex = try NSRegularExpression(pattern: #"\]\(([^)\s]+)\)"#)
                for m in regex.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                    let target = (line as NSString).substring(with: m.range(at: 1))
                    if target.range(of: "^[a-z]+:", options: .regularExpression) != nil { continue }   // https:, mailto:
                    checked += 1
                    let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                    let file = parts[0].isEmpty ? page.path : Self.join(dir, String(parts[0]))
                    let url = Self.root.appendingPathComponent(file)
                    let at = "\(page.path):\(n + 1)"
                    guard FileManager.default.fileExists(atPath: url.path) else {
                        Issue.record("\(at): link to a missing file: \(target)")
                        continue
                    }
                    if parts.count == 2, file.hasSuffix(".md") {
                        let text = try String(contentsOf: url, encoding: .utf8)
                        #expect(Self.anchors(text).contains(String(parts[1])), "\(at): no heading for #\(parts[1]) in \(file)")
                    }
                }
            }
        }
        #expect(checked > 20, "links checked: \(checked)")
    }

    @Test func theFrontPageStaysAFrontPage() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines <= 250, "README.md has \(lines) lines; move reference material into docs/")
        #expect(readme.contains("make run") && readme.contains("make test"))
        #expect(readme.contains("](docs/README.md)"), "the front page links the documentation index")
    }
}
