import Foundation
import GateboardCore

/// `gateboard signal --file samples.jsonl`: one JSON object a line, `{useCase, monitor, value,
/// at, source?}`. Read in chunks (a file of any size is streamed, never read whole); every
/// line that is not such an object is a problem naming its line, and any such problem refuses
/// the whole file before anything is taken. Blank lines are skipped.
public enum SampleFile {
    public struct Problems: Error, CustomStringConvertible {
        public var path: String
        public var problems: [(line: Int, message: String)]
        /// How many problems there were in all (only the first 20 are kept).
        public var total: Int
        public var description: String {
            var lines = problems.map { "\(path):\($0.line): \($0.message)" }
            if total > problems.count { lines.append("… and \(total - problems.count) more") }
            return lines.joined(separator: "\n")
        }
    }

    public static let maxKept = 20
    /// The longest line taken (a sample is a few hundred bytes).
    public static let maxLineBytes = 64 * 1024

    public static func read(path: String, display: String) throws -> [Sample] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Problems(path: display, problems: [(0, "cannot open the samples file")], total: 1)
        }
        defer { try? handle.close() }
        var samples: [Sample] = []
        var problems: [(Int, String)] = []
        var total = 0
        var pending: [UInt8] = []
        var lineNumber = 0
        var skipping = false
        func take(_ line: ArraySlice<UInt8>) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
            switch parse(Array(line), line: lineNumber) {
            // After a problem the file is refused whole: its samples need not be kept.
            case .success(let s): if total == 0 { samples.append(s) }
            case .failure(let m):
                total += 1
                if problems.count < maxKept { problems.append((lineNumber, m.message)) }
            }
        }
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw Problems(path: display, problems: [(lineNumber + 1, "cannot read: \(error)")], total: 1)
            }
            if chunk.isEmpty { break }
            var start = chunk.startIndex
            while let nl = chunk[start...].firstIndex(of: 0x0A) {
                if skipping {
                    skipping = false
                    lineNumber += 1
                    total += 1
                    if problems.count < maxKept { problems.append((lineNumber, "the line is longer than \(maxLineBytes) bytes")) }
                } else {
                    pending.append(contentsOf: chunk[start..<nl])
                    take(pending[...])
                }
                pending.removeAll(keepingCapacity: true)
                start = chunk.index(after: nl)
            }
            if !skipping { pending.append(contentsOf: chunk[start...]) }
            if pending.count > maxLineBytes { skipping = true; pending.removeAll() }
        }
        if skipping {
            lineNumber += 1
            total += 1
            if problems.count < maxKept { problems.append((lineNumber, "the line is longer than \(maxLineBytes) bytes")) }
        } else if !pending.isEmpty {
            take(pending[...])
        }
        if total > 0 { throw Problems(path: display, problems: problems, total: total) }
        return samples
    }

    public struct LineProblem: Error, Equatable {
        public var message: String
        init(_ message: String) { self.message = message }
    }

    static let keys: Set<String> = ["useCase", "monitor", "value", "at", "source"]

    /// One line → a sample, or what is wrong with it.
    public static func parse(_ bytes: [UInt8], line: Int) -> Result<Sample, LineProblem> {
        let parsed: Result<JSONValue, LineProblem> = bytes.withUnsafeBytes { raw in
            var r = JSONReader(bytes: raw)
            do throws(JSONSyntaxError) {
                let v = try r.value()
                r.skipSpace()
                if !r.atEnd { return .failure(LineProblem("unexpected text after the JSON object")) }
                return .success(v)
            } catch {
                return .failure(LineProblem("not valid JSON (\(error.message) at byte \(error.offset + 1))"))
            }
        }
        let value: JSONValue
        switch parsed {
        case .failure(let m): return .failure(m)
        case .success(let v): value = v
        }
        guard case .object(let pairs) = value else { return .failure(LineProblem("expected a JSON object {useCase, monitor, value, at, source?}")) }
        var seen = Set<String>()
        for (k, _) in pairs {
            if !keys.contains(k) { return .failure(LineProblem("unknown field '\(TerminalSafe.escape(k))' (fields: useCase, monitor, value, at, source)")) }
            if !seen.insert(k).inserted { return .failure(LineProblem("the field '\(k)' is given twice")) }
        }
        guard let useCase = value["useCase"]?.string, !useCase.isEmpty else { return .failure(LineProblem("useCase: expected a use case id (text)")) }
        guard let monitor = value["monitor"]?.string, !monitor.isEmpty, monitor.utf8.count <= PolicyRanges.idMaxLength else {
            return .failure(LineProblem("monitor: expected a monitor name (text, at most \(PolicyRanges.idMaxLength) characters)"))
        }
        let number: Double
        switch value["value"] {
        case .int(let i)?: number = Double(i)
        case .double(let d)?: number = d
        case nil: return .failure(LineProblem("value: missing"))
        default: return .failure(LineProblem("value: expected a number, found \(describe(value["value"]!))"))
        }
        guard number.isFinite else { return .failure(LineProblem("value: not a finite number")) }
        guard let atText = value["at"]?.string else { return .failure(LineProblem("at: expected a time like 2026-11-26T09:00:00Z")) }
        guard let at = Timestamp.parse(atText) else { return .failure(LineProblem("at: '\(TerminalSafe.escape(atText))' is not a time like 2026-11-26T09:00:00Z")) }
        var source: String?
        if let s = value["source"] {
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
