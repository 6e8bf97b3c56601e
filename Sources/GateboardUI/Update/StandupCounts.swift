import Foundation
import GateboardCore

/// The stand-up's summary counts that lead to their rows (Tab chooses one, the list then shows
/// only its use cases; Esc shows every one again), and `S`, the stand-up since a chosen date.
extension AppState {
    /// The stand-up report asked for in the order and since the date chosen.
    var loadStandup: Effect { .loadStandup(standupOrder, since: standupSince) }

    /// The use cases a list shows: the `/` filter's, and in the stand-up those of the chosen
    /// count; nil: all.
    func listMatches(_ view: View) -> Set<UseCaseID>? {
        guard view == .standup, let count = standupCount, let report = standupReport else { return filterMatches }
        let ids = Set(report.summary.ids[count] ?? [])
        return filterMatches.map { $0.intersection(ids) } ?? ids
    }

    /// Tab / Shift-Tab: the next / previous count that has rows, then every use case again.
    mutating func chooseStandupCount(forward: Bool) {
        guard let report = standupReport else { return }
        let counts: [StandupCount?] = [nil] + StandupCount.allCases.filter { !(report.summary.ids[$0] ?? []).isEmpty }
        guard counts.count > 1 else {
            message = .init(kind: .info, text: "every count is 0: nothing to show")
            return
        }
        let at = counts.firstIndex(of: standupCount) ?? 0
        standupCount = counts[(at + (forward ? 1 : counts.count - 1)) % counts.count]
        relistStandup()
        if let count = standupCount {
            message = .init(kind: .info, text: "\(count.rawValue): \(report.summary.ids[count]?.count ?? 0) use cases (Tab next count, Esc all)")
        } else {
            message = .init(kind: .info, text: "every use case")
        }
    }

    /// The stand-up list again from the last report, keeping the highlighted entry if shown.
    mutating func relistStandup() {
        guard let report = standupReport else { return }
        standupLoaded(report)
        detailScroll = 0
    }

    /// `S`: asks from when the stand-up should show changes.
    mutating func openSinceForm() {
        let current = standupSince.map { Timestamp.format($0) } ?? ""
        modal = .form(Form(title: "Stand-up: changes since", subject: nil, purpose: .standupSince,
                           fields: [.init("Since", initial: current, hint: RelativeDay.pastHint + "; empty: the last stand-up")]))
    }

    /// The date typed in the `S` form: a day (its start, UTC), a relative day or a time.
    mutating func submitSince(_ form: Form) -> [Effect] {
        var f = form
        let text = f.value("Since")
        switch Self.since(text, now: now) {
        case .failure(let why):
            f.error = why.text
            modal = .form(f)
            return []
        case .success(let date):
            modal = nil
            standupSince = date
            message = .init(kind: .info, text: date.map { "stand-up since \(UseCaseText.date($0)) (S changes it)" }
                ?? "stand-up since the last stand-up")
            return [loadStandup]
        }
    }

    /// "" → nil (the last stand-up); "2026-11-20", "-1w", "fri", "yesterday" → that day's
    /// start (UTC); an ISO 8601 time as it is. A time after `now` is refused.
    static func since(_ text: String, now: Date) -> Result<Date?, SinceErrorText> {
        if text.isEmpty { return .success(nil) }
        guard let date = Timestamp.parse(text) ?? RelativeDay.parse(text, today: Day(containing: now), past: true)?.start else {
            return .failure(SinceErrorText("\"\(TerminalSafe.escape(text))\" is not a date (\(RelativeDay.pastHint))"))
        }
        if date > now {
            return .failure(SinceErrorText("\(UseCaseText.date(date)) is after now: the stand-up shows what changed since a past date"))
        }
        return .success(date)
    }
}

/// Why a typed date was refused, said in the form.
struct SinceErrorText: Error, Equatable {
    var text: String
    init(_ text: String) { self.text = text }
}
