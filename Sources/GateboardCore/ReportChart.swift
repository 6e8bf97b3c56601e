import Foundation

/// Small text charts for the portfolio report, shared by `gateboard report` and the TUI's
/// Report view (`6`), so both draw the same picture of the same numbers.
public enum ReportChart {
    /// A horizontal bar of up to `width` cells for `n` out of `max`; at least one cell when
    /// `n > 0`, empty for zero. `ascii` draws `#` instead of `█`.
    public static func bar(_ n: Int, of max: Int, width: Int = 24, ascii: Bool = false) -> String {
        guard max > 0, n > 0, width > 0 else { return "" }
        return String(repeating: ascii ? "#" : "█", count: Swift.max(1, Swift.min(width, n * width / max)))
    }

    /// One cell per value, its height relative to the largest (a blank for zero).
    public static func sparkline(_ values: [Int], ascii: Bool = false) -> String {
        let ticks = ascii ? Array(".:-=+*#%") : Array("▁▂▃▄▅▆▇█")
        let top = values.max() ?? 0
        return String(values.map { v in top <= 0 || v <= 0 ? " " : ticks[Swift.min(7, v * 7 / top)] })
    }

    /// `12` or `12.5`: a median of whole days.
    public static func days(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// "median 12 days, p90 40 days (n=9)", or "no data yet".
    public static func distribution(_ d: DayDistribution) -> String {
        guard let median = d.median, let p90 = d.p90 else { return "no data yet" }
        return "median \(days(median)) days, p90 \(p90) days (n=\(d.count))"
    }

    /// Use cases retired (in a terminal stage).
    public static func retired(_ report: PortfolioReport, policy: Policy) -> Int {
        report.stages.filter { policy.stage($0.stage)?.terminal == true }.reduce(0) { $0 + $1.count }
    }
}
