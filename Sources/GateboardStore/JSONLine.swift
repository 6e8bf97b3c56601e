import Foundation

/// A small JSON value and a strict byte-level reader for one audit line: faster than
/// Foundation for our flat objects, and precise about where a line is broken.
enum JSONValue: Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): x == y
        case let (.int(x), .int(y)): x == y
        case let (.double(x), .double(y)): x == y
        case let (.bool(x), .bool(y)): x == y
        case (.null, .null): true
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }
    var string: String? { if case .string(let s) = self { s } else { nil } }
    var int: Int? { if case .int(let i) = self { i } else { nil } }
}

struct JSONSyntaxError: Error {
    var offset: Int
    var message: String
}

struct JSONReader {
    private let bytes: UnsafeRawBufferPointer
    private var i = 0
    private var depth = 0
    /// The keys read so far by `nextKeyBytes` in each object still open, and where each
    /// object's keys begin in that list.
    private var seenKeys: [Key] = []
    private var objectMarks: [Int] = []

    static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue {
        var r = JSONReader(bytes: bytes)
        r.skipSpace()
        let v = try r.value()
        r.skipSpace()
        if r.i != bytes.count { throw JSONSyntaxError(offset: r.i, message: "unexpected text after the object") }
        return v
    }

    static func parse(_ bytes: some ContiguousBytes) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBytes { raw in
            do throws(JSONSyntaxError) { return .success(try parse(raw)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    func fail(_ m: String) -> JSONSyntaxError { JSONSyntaxError(offset: i, message: m) }

    mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard i < bytes.count else { throw fail("unexpected end of line") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            depth += 1
            if depth > 16 { throw fail("nested too deeply") }
            defer { depth -= 1 }
            i += 1
            var pairs: [(String, JSONValue)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let keyAt = i
                let key = try string()
                if pairs.contains(where: { $0.0 == key }) { throw JSONSyntaxError(offset: keyAt, message: "duplicate key \"\(key)\"") }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                skipSpace()
                pairs.append((key, try value()))
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of line") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
                throw fail("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            depth += 1
            if depth > 16 { throw fail("nested too deeply") }
            defer { depth -= 1 }
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value())
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of line") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw fail("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default:
            return try number()
        }
    }

    private mutating func literal(_ word: StaticString, _ v: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("unexpected end of line") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw fail("unexpected character") }
        i += n
        return v
    }

    /// A number as JSON writes one: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    /// Leading zeros, `.5`, `5.`, `+1`, `1e`, and values beyond a Double are refused.
    private mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = i
        func isDigit(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        func digits() -> Bool {
            guard isDigit(i) else { return false }
            while isDigit(i) { i += 1 }
            return true
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { throw JSONSyntaxError(offset: start, message: i == start ? "unexpected character" : "bad number") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if isDigit(i) { throw JSONSyntaxError(offset: start, message: "bad number (leading zero)") }
        } else {
            _ = digits()
        }
        var isInt = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            isInt = false
            guard digits() else { throw JSONSyntaxError(offset: start, message: "bad number") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            isInt = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() else { throw JSONSyntaxError(offset: start, message: "bad number") }
        }
        // Small integers (seq, schema) straight from their digits.
        if isInt, bytes[start] != UInt8(ascii: "-"), i - start <= 18 {
            var v = 0
            for k in start..<i { v = v * 10 + Int(bytes[k] - 0x30) }
            return .int(v)
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        if isInt, let v = Int(text) { return .int(v) }
        if let d = Double(text), d.isFinite { return .double(d) }
        throw JSONSyntaxError(offset: start, message: "number out of range")
    }

    mutating func string() throws(JSONSyntaxError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes. ASCII (most of a log) needs no UTF-8 check of our own.
        var high: UInt8 = 0
        i = Self.plainRun(bytes, from: i)
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<i])
                i += 1
                guard high < 0x80 || Self.isValidUTF8(raw) else { throw JSONSyntaxError(offset: start, message: "invalid UTF-8") }
                return String(decoding: raw, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("control character in a string") }
            high |= b
            i += 1
        }
        var out = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                guard out.withUnsafeBytes({ Self.isValidUTF8($0) }) else { throw JSONSyntaxError(offset: start, message: "invalid UTF-8") }
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw fail("control character in a string") }
            if b != UInt8(ascii: "\\") { out.append(b); i += 1; continue }
            i += 1
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800...0xDBFF).contains(code) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw fail("lone surrogate")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("lone surrogate") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(code) {
                    throw fail("lone surrogate")
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(code)!).utf8))
            default:
                throw fail("bad escape")
            }
        }
        throw JSONSyntaxError(offset: start, message: "unterminated string")
    }

    /// Strict UTF-8 check with an ASCII fast path (`String(validating:)` is slow here).
    /// The first index at or after `from` (eight bytes at a time) where the byte might be a
    /// quote, a backslash, a control character or non-ASCII; the caller looks at it byte by byte.
    @inline(__always)
    static func plainRun(_ bytes: UnsafeRawBufferPointer, from: Int) -> Int {
        var i = from
        let n = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= n {
            let w = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let q = w ^ 0x2222_2222_2222_2222, b = w ^ 0x5C5C_5C5C_5C5C_5C5C
            let special = ((q &- ones) & ~q) | ((b &- ones) & ~b) | ((w &- 0x2020_2020_2020_2020) & ~w) | w
            if special & highs != 0 { break }
            i += 8
        }
        return i
    }

    /// Strict UTF-8, by `BoardFileText.utf8SequenceLength` (the one definition of it).
    static func isValidUTF8(_ raw: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < raw.count {
            if raw[i] < 0x80 { i += 1; continue }
            guard case .valid(let k) = BoardFileText.utf8SequenceLength(raw, at: i) else { return false }
            i += k
        }
        return true
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("bad \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x37)
            case 0x61...0x66: d = UInt32(b - 0x57)
            default: throw fail("bad \\u escape")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }
}

/// Streaming access for decoders that know their shape (the audit line decoder).
extension JSONReader {
    var offset: Int { i }
    var atEnd: Bool { i >= bytes.count }

    mutating func expect(_ c: UInt8, _ what: String) throws(JSONSyntaxError) {
        skipSpace()
        guard i < bytes.count, bytes[i] == c else { throw fail("expected \(what)") }
        i += 1
    }

    /// After `{` or a member: the next key, or nil at `}`.
    mutating func nextKey(first: inout Bool) throws(JSONSyntaxError) -> String? {
        try nextKeyBytes(first: &first)?.text
    }

    var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    /// At a string without escapes or control characters, all ASCII: its bytes (and moves
    /// past it); otherwise nil and nothing moves (read it with `value()`). For keys and for
    /// values such as timestamps that need no `String` of their own.
    mutating func plainASCIIString() -> UnsafeRawBufferPointer? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        var j = Self.plainRun(bytes, from: i + 1)
        while j < bytes.count {
            let b = bytes[j]
            if b == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[(i + 1)..<j])
                i = j + 1
                return raw
            }
            if b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x80 { return nil }
            j += 1
        }
        return nil
    }

    /// `nextKey` for keys that are plain ASCII (as every key gateboard writes): the key's bytes,
    /// no `String`. A key with escapes or other characters comes back as `.text`.
    enum Key { case bytes(UnsafeRawBufferPointer), text(String) }

    mutating func nextKeyBytes(first: inout Bool) throws(JSONSyntaxError) -> Key? {
        skipSpace()
        guard i < bytes.count else { throw fail("unexpected end of line") }
        if first { objectMarks.append(seenKeys.count) }
        if bytes[i] == UInt8(ascii: "}") {
            i += 1
            seenKeys.removeSubrange(objectMarks.removeLast()...)
            return nil
        }
        if !first {
            guard bytes[i] == UInt8(ascii: ",") else { throw fail("expected ',' or '}'") }
            i += 1
            skipSpace()
        }
        first = false
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
        let keyAt = i
        let key: Key
        if let raw = plainASCIIString() { key = .bytes(raw) } else { key = .text(try string()) }
        // A key twice in one object is refused, as the YAML side refuses it: which of the two
        // counts would otherwise be up to the reader.
        for k in seenKeys[objectMarks[objectMarks.count - 1]...] where k == key {
            throw JSONSyntaxError(offset: keyAt, message: "duplicate key \"\(key.text)\"")
        }
        seenKeys.append(key)
        try expect(UInt8(ascii: ":"), "':'")
        skipSpace()
        return key
    }
}

extension JSONReader.Key: Equatable {
    /// The key, as a string (for messages and rare keys).
    var text: String {
        switch self {
        case .bytes(let b): String(decoding: b, as: UTF8.self)
        case .text(let t): t
        }
    }

    static func == (a: Self, b: Self) -> Bool {
        if case .bytes(let x) = a, case .bytes(let y) = b {
            return x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
        }
        return a.text == b.text
    }

    func `is`(_ name: StaticString) -> Bool {
        switch self {
        case .bytes(let b):
            guard b.count == name.utf8CodeUnitCount else { return false }
            guard b.count > 0 else { return true }
            return memcmp(b.baseAddress!, name.utf8Start, b.count) == 0
        case .text(let t): return t == name.description
        }
    }
}
