/// Fitting text into a number of columns: truncation with an ellipsis, padding, wrapping.
public enum TextFit {
    /// `text` cut to at most `width` columns; when cut, the last column is the ellipsis.
    /// Never splits a wide character (a half would be garbage), so the result may be one
    /// column shorter than `width`.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        let ew = DisplayWidth.of(ellipsis)
        guard width > ew || ew == 0 else { return String(repeating: ".", count: width) }
        var out = ""
        var used = 0
        for ch in text {
            let w = DisplayWidth.of(ch)
            if used + w > width - ew { break }
            out.append(ch)
            used += w
        }
        return out + ellipsis
    }

    /// `text` truncated and padded with spaces to exactly `width` columns.
    public static func pad(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        let t = truncate(text, to: width, ellipsis: ellipsis)
        let w = DisplayWidth.of(t)
        return w < width ? t + String(repeating: " ", count: width - w) : t
    }

    /// Greedy word wrap into lines of at most `width` columns (long words are split).
    public static func wrap(_ text: String, to width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = String(word)
                var ww = DisplayWidth.of(word)
                if lineWidth > 0 && lineWidth + 1 + ww <= width {
                    line += " " + word
                    lineWidth += 1 + ww
                    continue
                }
                if lineWidth > 0 { lines.append(line); line = ""; lineWidth = 0 }
                while ww > width {
                    var head = "", hw = 0
                    var rest = Substring(word)
                    while let ch = rest.first, hw + DisplayWidth.of(ch) <= width {
                        head.append(ch); hw += DisplayWidth.of(ch); rest = rest.dropFirst()
                    }
                    if head.isEmpty { head = String(rest.first!); rest = rest.dropFirst() }
                    lines.append(head)
                    word = String(rest)
                    ww = DisplayWidth.of(word)
                }
                line = word
                lineWidth = ww
            }
            lines.append(line)
        }
        return lines
    }
}
