import GateboardCore

/// `list --json` written directly, byte for byte what `JSONOutput.encode` (JSONEncoder: pretty,
/// sorted keys, slashes unescaped, empty collections collapsed) prints for `[ListRowJSON]`.
/// Foundation's encoder was most of `list --json` on a 10,000-use-case board.
enum ListJSONWriter {
    static func text(_ rows: [ListRowJSON]) -> String {
        guard !rows.isEmpty else { return "[]" }
        var o = ""
        o.reserveCapacity(rows.count * 600)
        o += "[\n"
        for (n, r) in rows.enumerated() {
            o += "  {\n"
            o += "    \"blockers\" : \(r.blockers),\n"
            o += "    \"daysInStage\" : \(r.daysInStage),\n"
            o += "    \"halted\" : \(r.halted),\n"
            o += "    \"id\" : "; string(r.id, &o); o += ",\n"
            if r.owners.isEmpty {
                o += "    \"owners\" : {},\n"
            } else {
                o += "    \"owners\" : {\n"
                let keys = r.owners.keys.sorted()
                for (i, k) in keys.enumerated() {
                    o += "      "; string(k, &o); o += " : "; string(r.owners[k]!, &o)
                    o += i == keys.count - 1 ? "\n" : ",\n"
                }
                o += "    },\n"
            }
            o += "    \"parked\" : \(r.parked),\n"
            if let sla = r.slaDays { o += "    \"slaDays\" : \(sla),\n" }
            o += "    \"stage\" : "; string(r.stage, &o); o += ",\n"
            o += "    \"stalled\" : \(r.stalled),\n"
            o += "    \"stalling\" : \(r.stalling),\n"
            o += "    \"tier\" : "; string(r.tier, &o); o += ",\n"
            o += "    \"title\" : "; string(r.title, &o); o += "\n"
            o += n == rows.count - 1 ? "  }\n" : "  },\n"
        }
        o += "]"
        return o
    }

    /// A JSON string as `JSONOutput` writes it: `"` and `\` escaped, control characters as
    /// `\n`-style or `\u00XX` escapes, DEL, C1, bidi and zero-width characters as `\uXXXX`
    /// (never raw to a terminal), everything else (slashes, other non-ASCII) as is.
    static func string(_ s: String, _ o: inout String) {
        o += "\""
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
            o += s
        } else {
            for u in s.unicodeScalars {
                switch u {
                case "\"": o += "\\\""
                case "\\": o += "\\\\"
                case "\n": o += "\\n"
                case "\r": o += "\\r"
                case "\t": o += "\\t"
                case "\u{08}": o += "\\b"
                case "\u{0C}": o += "\\f"
                default:
                    if u.value < 0x20 {
                        let hex = String(u.value, radix: 16)
                        o += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else if u.value >= 0x7F, TerminalSafe.needsEscape(u) {
                        for unit in String(u).utf16 {
                            let hex = String(unit, radix: 16)
                            o += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                        }
                    } else {
                        o.unicodeScalars.append(u)
                    }
                }
            }
        }
        o += "\""
    }
}
