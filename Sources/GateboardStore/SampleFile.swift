import Foundation
import GateboardCore

/// `gateboard signal --file samples.jsonl`: one JSON object a line, `{useCase, monitor, value,
/// at, source?}`. Streamed, never read whole (issue 18: a 100 MB file): `scan` reads it once in
/// 1 MB chunks, checking every line and learning what `recordSignals` needs beforehand (the use
/// cases touched, which monitors' samples are out of time order); `forEach` reads it again,
/// handing over one sample at a time. Every line that is not such an object is a problem
/// naming its line, and any such problem refuses the whole file before anything is taken.
/// Blank lines are skipped.
public enum SampleFile {
    public struct Problems: Error, CustomStringConvertible {
        public var path: String
        public var problems: [(line: Int, message: String)]
        /// How many problems there were in all (only the first 20 are kept).
        public var total: Int
        public var description: String {
            var lines = problems.map { "\($0.line > 0 ? "\(path):\($0.line)" : path): \($0.message)" }
            if total > problems.count { lines.append("… and \(total - problems.count) more") }
            return lines.joined(separator: "\n")
        }
    }

    public static let maxKept = 20
    /// The longest line taken (a sample is a few hundred bytes).
    public static let maxLineBytes = 64 * 1024
    static let chunkBytes = 1 << 20

    /// The first pass: every line checked, nothing kept but the summary — except from a pipe
    /// (not a regular file), which cannot be read twice: its samples are kept in memory.
    public static func scan(path: String, display: String) throws -> Scan {
        let fd = try open(path, display)
        defer { _ = close(fd) }
        var st = stat()
        let regular = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
        var summary = SampleSummary()
        var kept: [Sample]? = regular ? nil : []
        var problems: [(Int, String)] = []
        var total = 0
        let digest = try eachLine(fd, display) { line, number in
            switch parseLine(line, number: number) {
            case nil: break
            // After a problem the file is refused whole: its samples need not be noted.
            case .success(let s)?:
                if total == 0 { summary.note(s); kept?.append(s) }
            case .failure(let m)?:
                total += 1
                if problems.count < maxKept { problems.append((number, m.message)) }
            }
        }
        if total > 0 { throw Problems(path: display, problems: problems, total: total) }
        return Scan(path: path, display: display, summary: summary, digest: digest, kept: kept)
    }

    /// A samples file whose every line is a sample, with what its first pass learnt.
    public struct Scan: SampleSource {
        let path: String
        let display: String
        public let summary: SampleSummary
        let digest: Digest
        let kept: [Sample]?

        /// Reads the file again, one sample at a time; refuses (before anything is written,
        /// which happens only after the last sample) a file that changed since `scan`.
        public func forEach(_ body: (Sample) throws -> Void) throws {
            if let kept { for s in kept { try body(s) }; return }
            let changed = Problems(path: display, problems: [(0, "the file changed while it was read")], total: 1)
            let fd = try open(path, display)
            defer { _ = close(fd) }
            let digest = try eachLine(fd, display) { line, number in
                switch parseLine(line, number: number) {
                case nil: break
                case .success(let s)?: try body(s)
                case .failure?: throw changed
                }
            }
            if digest != self.digest { throw changed }
        }
    }

    /// What a pass read: its length and a checksum (chunk by chunk, XXH64).
    struct Digest: Equatable {
        var bytes = 0
        var hash: UInt64 = 0
        mutating func add(_ chunk: UnsafeRawBufferPointer) {
            bytes += chunk.count
            hash = (hash ^ XXH64.hash(chunk)) &* 0x9E37_79B1_85EB_CA87
        }
    }

    static func open(_ path: String, _ display: String) throws -> Int32 {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw Problems(path: display, problems: [(0, "cannot open the samples file (\(String(cString: strerror(errno))))")], total: 1) }
        return fd
    }

    /// Calls `body` with each line (without its newline; nil when longer than `maxLineBytes`)
    /// and its number. A line inside a chunk is handed over where it lies (no copy); only a
    /// line across two chunks is gathered.
    static func eachLine(_ fd: Int32, _ display: String, _ body: (UnsafeRawBufferPointer?, Int) throws -> Void) throws -> Digest {
        var buffer = [UInt8](repeating: 0, count: chunkBytes)
        var pending: [UInt8] = []
        var skipping = false
        var number = 0
        var digest = Digest()
        func give(_ line: UnsafeRawBufferPointer) throws {
            number += 1
            if skipping || pending.count + line.count > maxLineBytes {
                try body(nil, number)
            } else if pending.isEmpty {
                try body(line, number)
            } else {
                pending.append(contentsOf: line)
                try pending.withUnsafeBytes { try body($0, number) }
            }
            skipping = false
            pending.removeAll(keepingCapacity: true)
        }
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Problems(path: display, problems: [(number + 1, "cannot read: \(String(cString: strerror(errno)))")], total: 1)
            }
            if n == 0 { break }
            try buffer.withUnsafeBytes { raw in
                let chunk = UnsafeRawBufferPointer(rebasing: raw[0..<n])
                digest.add(chunk)
                var start = 0
                while start < n, let p = memchr(chunk.baseAddress! + start, 0x0A, n - start) {
                    let end = chunk.baseAddress!.distance(to: UnsafeRawPointer(p))
                    try give(UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
                    start = end + 1
                }
                if !skipping && pending.count + (n - start) > maxLineBytes {
                    skipping = true
                    pending.removeAll()
                } else if !skipping {
                    pending.append(contentsOf: chunk[start..<n])
                }
            }
        }
        if skipping || !pending.isEmpty { try give(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return digest
    }

    /// One line → a sample, what is wrong with it, or nil for a blank line (or a line too long).
    static func parseLine(_ line: UnsafeRawBufferPointer?, number: Int) -> Result<Sample, LineProblem>? {
        guard let line else { return .failure(LineProblem("the line is longer than \(maxLineBytes) bytes")) }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        return parse(line, line: number)
    }

    public struct LineProblem: Error, Equatable {
        public var message: String
        init(_ message: String) { self.message = message }
    }

    static let fieldNames = ["useCase", "monitor", "value", "at", "source"]
    static let fieldBytes = fieldNames.map { Array($0.utf8) }

    static func field(_ key: JSONReader.Key) -> Int? {
        switch key {
        case .bytes(let b): fieldBytes.firstIndex { $0.elementsEqual(b) }
        case .text(let t): fieldNames.firstIndex(of: t)
        }
    }

    /// One line → a sample, or what is wrong with it.
    public static func parse(_ bytes: [UInt8], line: Int) -> Result<Sample, LineProblem> {
        bytes.withUnsafeBytes { parse($0, line: line) }
    }

    static func parse(_ raw: UnsafeRawBufferPointer, line: Int) -> Result<Sample, LineProblem> {
        // The five fields read straight from the object (no tree of the line, no set of its keys):
        // building a `JSONValue` per line was a third of reading a samples file (perf, issue 18).
        var fields: [JSONValue?] = [nil, nil, nil, nil, nil]
        var unknown: String?
        var object = true
        let syntax: LineProblem? = {
            var r = JSONReader(bytes: raw)
            do throws(JSONSyntaxError) {
                guard r.peek == UInt8(ascii: "{") else {
                    _ = try r.value()
                    r.skipSpace()
                    if !r.atEnd { return LineProblem("unexpected text after the JSON object") }
                    object = false
                    return nil
                }
                try r.expect(UInt8(ascii: "{"), "'{'")
                var first = true
                while let key = try r.nextKeyBytes(first: &first) {
                    let k = Self.field(key)
                    let v = try r.value()
                    if let k { fields[k] = v } else if unknown == nil { unknown = key.text }
                }
                r.skipSpace()
                if !r.atEnd { return LineProblem("unexpected text after the JSON object") }
                return nil
            } catch {
                return LineProblem("not valid JSON (\(error.message) at byte \(error.offset + 1))")
            }
        }()
        if let syntax { return .failure(syntax) }
        if !object { return .failure(LineProblem("expected a JSON object {useCase, monitor, value, at, source?}")) }
        if let unknown { return .failure(LineProblem("unknown field '\(TerminalSafe.escape(unknown))' (fields: useCase, monitor, value, at, source)")) }
        guard let useCase = fields[0]?.string, !useCase.isEmpty else { return .failure(LineProblem("useCase: expected a use case id (text)")) }
        guard let monitor = fields[1]?.string, !monitor.isEmpty, monitor.utf8.count <= PolicyRanges.idMaxLength else {
            return .failure(LineProblem("monitor: expected a monitor name (text, at most \(PolicyRanges.idMaxLength) characters)"))
        }
        let number: Double
        switch fields[2] {
        case .int(let i)?: number = Double(i)
        case .double(let d)?: number = d
        case nil: return .failure(LineProblem("value: missing"))
        default: return .failure(LineProblem("value: expected a number, found \(describe(fields[2]!))"))
        }
        guard number.isFinite else { return .failure(LineProblem("value: not a finite number")) }
        guard let atText = fields[3]?.string else { return .failure(LineProblem("at: expected a time like 2026-11-26T09:00:00Z")) }
        guard let at = Timestamp.parse(atText) else { return .failure(LineProblem("at: '\(TerminalSafe.escape(atText))' is not a time like 2026-11-26T09:00:00Z")) }
        var source: String?
        if let s = fields[4] {
            guard let t = s.string, t.unicodeScalars.count <= FieldLimits.reference else { return .failure(LineProblem("source: expected text of at most \(FieldLimits.reference) characters")) }
            source = t
        }
        return .success(Sample(useCase: useCase.uppercased(), monitor: monitor, value: number, at: at, source: source, line: line))
    }

    static func describe(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): "the text \"\(TerminalSafe.escape(String(s.prefix(40))))\""
        case .bool(let b): "\(b)"
        case .null: "null"
        case .array: "a list"
        case .object: "an object"
        case .int, .double: "a number"
        }
    }
}
