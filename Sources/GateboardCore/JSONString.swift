/// Where JSON text goes: a byte array, or a writer's own buffer.
public protocol JSONByteSink {
    mutating func append(_ byte: UInt8)
    mutating func append(contentsOf bytes: UnsafeRawBufferPointer)
}

extension Array: JSONByteSink where Element == UInt8 {}

/// The one JSON string escaper (audit lines, `list --json`, and what JSONEncoder leaves raw).
/// `"` and `\` escaped; `\n \r \t \b \f` as such; other C0 controls as `\u00XX`; from U+007F
/// on, the scalars `escaping` picks as `\uXXXX` (a surrogate pair above U+FFFF), lower-case
/// hex as JSONEncoder writes it; everything else, slashes included, as raw UTF-8.
public enum JSONString {
    @inlinable
    public static func write<Sink: JSONByteSink>(_ s: String, to sink: inout Sink, escaping: (Unicode.Scalar) -> Bool) {
        sink.append(0x22)
        var s = s
        // Printable ASCII without a quote or backslash (most text) is copied as it is.
        let plain = s.withUTF8 { utf8 -> Bool in
            guard utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) else { return false }
            sink.append(contentsOf: UnsafeRawBufferPointer(utf8))
            return true
        }
        if !plain {
            for u in s.unicodeScalars { write(u, to: &sink, escaping: escaping) }
        }
        sink.append(0x22)
    }

    /// One scalar of a string's contents, escaped as `write` escapes it.
    @inlinable
    public static func write<Sink: JSONByteSink>(_ u: Unicode.Scalar, to sink: inout Sink, escaping: (Unicode.Scalar) -> Bool) {
        let v = u.value
        let short: UInt8
        switch v {
        case 0x22: short = 0x22
        case 0x5C: short = 0x5C
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0D: short = UInt8(ascii: "r")
        case 0x09: short = UInt8(ascii: "t")
        case 0x08: short = UInt8(ascii: "b")
        case 0x0C: short = UInt8(ascii: "f")
        default:
            if v < 0x20 || (v >= 0x7F && escaping(u)) {
                writeUnicodeEscape(u, to: &sink)
            } else {
                UTF8.encode(u) { sink.append($0) }
            }
            return
        }
        sink.append(0x5C)
        sink.append(short)
    }

    /// `\u00e9`; above U+FFFF its UTF-16 surrogate pair (`\ud83d\ude00`).
    @inlinable
    public static func writeUnicodeEscape<Sink: JSONByteSink>(_ u: Unicode.Scalar, to sink: inout Sink) {
        func unit(_ w: UInt32) {
            sink.append(0x5C)
            sink.append(UInt8(ascii: "u"))
            for shift in stride(from: 12, through: 0, by: -4) {
                let d = UInt8(truncatingIfNeeded: (w >> UInt32(shift)) & 0xF)
                sink.append(d < 10 ? 0x30 + d : 0x57 + d)
            }
        }
        if u.value > 0xFFFF {
            let v = u.value - 0x10000
            unit(0xD800 + (v >> 10))
            unit(0xDC00 + (v & 0x3FF))
        } else {
            unit(u.value)
        }
    }
}
