import Crypto
import Foundation
import GateboardCore

/// Walks one audit log's bytes: every line must be an event, numbered 1, 2, 3…, for this
/// use case, and carry the SHA-256 of the line before it. Lines are hashed on the raw bytes.
struct ChainCheck {
    var events: [AuditEvent] = []
    /// SHA-256 of each line, without its newline (digests, not hex: a million strings cost).
    var lineDigests: [SHA256.Digest] = []
    /// The hex form of the last line's hash (what the next `prev` and `audit.head` hold).
    var lastLineHash: String? { lineDigests.last.map(Self.hex) }
    /// Offset just past each line's newline.
    var lineEnds: [Int] = []
    var problems: [Diagnostic] = []
    /// Bytes after the last newline.
    var tornBytes = 0

    /// `keepStateOf`: the line (1-based) whose `state` the caller needs; the other lines'
    /// `state` and every `prev` are checked or skipped without being kept (nil keeps all).
    static func check(_ bytes: [UInt8], display: String, useCase: String?, keepStateOf: Int? = nil,
                      progress: ((Int) -> Void)? = nil) -> ChainCheck {
        bytes.withUnsafeBytes { check(raw: $0, display: display, useCase: useCase, keepStateOf: keepStateOf, progress: progress) }
    }

    static func check(raw: UnsafeRawBufferPointer, display: String, useCase: String?, keepStateOf: Int? = nil,
                      progress: ((Int) -> Void)? = nil) -> ChainCheck {
        var c = ChainCheck()
        let (lines, torn) = AuditLog.splitLines(raw)
        c.events.reserveCapacity(lines.count)
        c.lineDigests.reserveCapacity(lines.count)
        c.lineEnds.reserveCapacity(lines.count)
        var prev: SHA256.Digest?
        var lastReport = 0
        for (n, range) in lines.enumerated() {
            let lineNo = n + 1
            let line = UnsafeRawBufferPointer(rebasing: raw[range])
            let digest = SHA256.hash(data: line)
            c.lineDigests.append(digest)
            c.lineEnds.append(range.upperBound + 1)
            func problem(_ m: String) {
                if c.problems.count < 100 { c.problems.append(Diagnostic(path: display, line: lineNo, message: m)) }
            }
            do {
                let expected = prev
                var hooks: AuditEventCodec.ChainHooks? = keepStateOf == nil ? nil : AuditEventCodec.ChainHooks(
                    prevMatches: { raw in
                        if let expected { return matches(expected, hex: raw) }
                        return raw.elementsEqual(SHA256Hex.zero.utf8)
                    },
                    keepState: keepStateOf == lineNo)
                let e = try AuditEventCodec.decode(raw: line, hooks: &hooks)
                if e.seq != lineNo {
                    problem("event seq \(e.seq) on line \(lineNo): an event was removed, inserted, duplicated or reordered")
                }
                let prevOK = hooks?.prevOK ?? (prev.map { matches($0, hex: e.prev) } ?? (e.prev == SHA256Hex.zero))
                if !prevOK {
                    problem(lineNo == 1
                            ? "the first event's prev is not 64 zeros: events before it were removed"
                            : "prev does not match line \(lineNo - 1): line \(lineNo - 1) was changed, or a line was removed, inserted or reordered here")
                }
                if let useCase, e.useCase != useCase {
                    problem("event for \(e.useCase) in the log of \(useCase)")
                }
                c.events.append(e)
            } catch {
                problem("not a readable event (\(error.message)): the line was changed or damaged")
            }
            prev = digest
            if let progress, range.upperBound - lastReport > 4 << 20 {
                progress(range.upperBound - lastReport)
                lastReport = range.upperBound
            }
        }
        if let torn {
            c.tornBytes = torn.count
            c.problems.append(Diagnostic(path: display, line: lines.count + 1, message:
                "torn final line (\(torn.count) bytes without a newline: an interrupted write); the next action sets it aside"))
        }
        progress?(raw.count - lastReport)
        return c
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// Whether `hex` is this digest in lower-case hex, compared without building a string.
    static func matches(_ digest: SHA256.Digest, hex: String) -> Bool {
        var hex = hex
        return hex.withUTF8 { matches(digest, hex: UnsafeRawBufferPointer($0)) }
    }

    static func matches(_ digest: SHA256.Digest, hex h: UnsafeRawBufferPointer) -> Bool {
        guard h.count == 64 else { return false }
        return digest.withUnsafeBytes { d in
            for k in 0..<32 {
                let b = d[k]
                if h[2 * k] != hexDigits[Int(b >> 4)] || h[2 * k + 1] != hexDigits[Int(b & 0xF)] { return false }
            }
            return true
        }
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        var out = [UInt8](repeating: 0, count: 64)
        var i = 0
        for b in digest {
            out[i] = hexDigits[Int(b >> 4)]
            out[i + 1] = hexDigits[Int(b & 0xF)]
            i += 2
        }
        return String(decoding: out, as: UTF8.self)
    }
}
