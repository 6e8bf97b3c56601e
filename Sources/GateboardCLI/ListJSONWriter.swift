import Foundation
import GateboardCore

/// `list --json` written directly, byte for byte what `JSONOutput.encode` (JSONEncoder: pretty,
/// sorted keys, slashes unescaped, empty collections collapsed) prints for `[ListRowJSON]`.
/// Foundation's encoder was most of `list --json` on a 10,000-use-case board, and appending to
/// a `String` most of what was left: the rows go into a byte buffer.
package enum ListJSONWriter {
    /// Writes the rows and a newline to standard output, after whatever stdio holds, in
    /// 64 KB pieces as they are made (10,000 rows are 4 MB of JSON: not held at once).
    package static func print(_ rows: [ListRowJSON]) {
        Stdout.flush()
        let o = Out()
        emit(rows, o)
        o.put("\n")
        o.flush()
    }

    static func emit(_ rows: [ListRowJSON], _ o: Out) {
        guard !rows.isEmpty else { o.put("[]"); return }
        o.put("[\n")
        for (n, r) in rows.enumerated() {
            o.put("  {\n    \"blockers\" : "); o.int(r.blockers)
            o.put(",\n    \"daysInStage\" : "); o.int(r.daysInStage)
            o.put(",\n    \"drift\" : "); o.bool(r.drift)
            o.put(",\n    \"halted\" : "); o.bool(r.halted)
            o.put(",\n    \"id\" : "); o.string(r.id)
            if !r.notCounted.isEmpty {
                o.put(",\n    \"notCounted\" : [\n")
                for (i, m) in r.notCounted.enumerated() {
                    o.put("      "); o.string(m)
                    o.put(i == r.notCounted.count - 1 ? "\n" : ",\n")
                }
                o.put("    ]")
            }
            if r.owners.isEmpty {
                o.put(",\n    \"owners\" : {},\n")
            } else {
                o.put(",\n    \"owners\" : {\n")
                for (i, h) in r.owners.enumerated() {
                    o.put("      "); o.string(h.role); o.put(" : "); o.string(h.person)
                    o.put(i == r.owners.count - 1 ? "\n" : ",\n")
                }
                o.put("    },\n")
            }
            o.put("    \"parked\" : "); o.bool(r.parked)
            if let sla = r.slaDays { o.put(",\n    \"slaDays\" : "); o.int(sla) }
            o.put(",\n    \"stage\" : "); o.string(r.stage)
            o.put(",\n    \"stalled\" : "); o.bool(r.stalled)
            o.put(",\n    \"stalling\" : "); o.bool(r.stalling)
            o.put(",\n    \"tier\" : "); o.string(r.tier)
            o.put(",\n    \"title\" : "); o.string(r.title)
            o.put(n == rows.count - 1 ? "\n  }\n" : "\n  },\n")
            o.flushIfFull()
        }
        o.put("]")
    }

    /// A byte buffer written with memcpy, handed to its sink and reused whenever it holds 64 KB.
    final class Out {
        private var base: UnsafeMutablePointer<UInt8>
        private var count = 0
        private var capacity: Int
        /// Where full buffers go: standard output, checked (`Stdout.write`) unless a test
        /// collects them.
        private let sink: (UnsafeRawBufferPointer) -> Void
        static let flushAt = 64 * 1024

        init(sink: @escaping (UnsafeRawBufferPointer) -> Void = Stdout.write) {
            self.sink = sink
            capacity = Self.flushAt + 8192
            base = .allocate(capacity: capacity)
        }

        deinit { base.deallocate() }

        @inline(__always) func raw(_ p: UnsafeRawPointer, _ n: Int) {
            if count + n > capacity { grow(count + n) }
            memcpy(base + count, p, n)
            count += n
        }

        private func grow(_ needed: Int) {
            let bigger = max(needed, capacity * 2)
            let b = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
            b.update(from: base, count: count)
            base.deallocate()
            base = b
            capacity = bigger
        }

        @inline(__always) func byte(_ b: UInt8) {
            if count == capacity { grow(count + 1) }
            base[count] = b
            count += 1
        }

        func put(_ s: StaticString) { raw(s.utf8Start, s.utf8CodeUnitCount) }

        func flushIfFull() { if count >= Self.flushAt { flush() } }

        func flush() {
            guard count > 0 else { return }
            sink(UnsafeRawBufferPointer(start: base, count: count))
            count = 0
        }

        func bool(_ b: Bool) { put(b ? "true" : "false") }
        func int(_ v: Int) {
            if v < 0 { byte(UInt8(ascii: "-")) }
            var m = v.magnitude
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                          UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var n = 0
            withUnsafeMutableBytes(of: &digits) { d in
                repeat {
                    d[n] = UInt8(ascii: "0") + UInt8(m % 10)
                    m /= 10
                    n += 1
                } while m > 0
                for i in stride(from: n - 1, through: 0, by: -1) { byte(d[i]) }
            }
        }

        /// `"` and `\` escaped, control characters as `\n`-style or `\u00XX` escapes, DEL, C1,
        /// bidi and zero-width characters as `\uXXXX` (never raw to a terminal), everything
        /// else (slashes, other non-ASCII) as is.
        func string(_ s: String) {
            var sink = self
            JSONString.write(s, to: &sink, escaping: TerminalSafe.needsEscape)
        }
    }
}

extension ListJSONWriter.Out: JSONByteSink {
    func append(_ byte: UInt8) { self.byte(byte) }
    func append(contentsOf bytes: UnsafeRawBufferPointer) {
        if let p = bytes.baseAddress { raw(p, bytes.count) }
    }
}
