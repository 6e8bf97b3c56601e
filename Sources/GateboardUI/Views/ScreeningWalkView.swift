import GateboardCore

/// One step of the New-use-case form's risk screening: a question and its options, or the
/// summary with the proposed tier and its reasons.
extension ModalView {
    static func drawScreeningStep(_ f: Form, _ w: ScreeningWalk, state: AppState, into buf: inout ScreenBuffer) {
        let g = state.glyphs
        let width = min(76, buf.width - 2)
        var lines: [(String, Style)] = []
        let title: String
        let keys: StyledLine
        if let q = w.question, let step = w.step {
            title = "\(f.title) · screening \(step + 1)/\(w.questions.count)"
            for l in TextFit.wrap(TerminalSafe.escape(q.text), to: width - 4) { lines.append((l, .bold)) }
            lines.append(("", .normal))
            for (i, o) in ScreeningWalk.options(q).enumerated() {
                let mark = q.kind == .multi ? (w.picked.contains(i) ? "[x] " : "[ ] ") : ""
                let text = "\(i + 1)) \(mark)\(TerminalSafe.escape(o.text))"
                lines.append((text, i == w.cursor ? .selected : .normal))
            }
            keys = StyledLine([("↑↓", .key), (" move  ", .dim), ("1-9", .key), (q.kind == .yesno ? "/" : "", .dim),
                               (q.kind == .yesno ? "y n" : "", .key), (q.kind == .multi ? " tick  " : " pick  ", .dim),
                               (q.kind == .multi ? "Space" : "", .key), (q.kind == .multi ? " tick  " : "", .dim),
                               ("Enter", .key), (" next  ", .dim), ("←", .key), (" back  ", .dim), ("Esc", .key), (" cancel", .dim)])
        } else {
            title = "\(f.title) · screening result"
            for l in state.screeningSummary(f) {
                for part in TextFit.wrap(l, to: width - 4) { lines.append((part, l.hasPrefix("✗") ? .error : .normal)) }
            }
            // A refusal of the walk-only form (`A`) is shown here, where it came back to.
            if f.isWalkOnly, let error = f.error {
                for part in TextFit.wrap(error, to: width - 4) { lines.append((part, .error)) }
            }
            keys = StyledLine([("Enter", .key), (f.isWalkOnly ? " record  " : " create  ", .dim), ("←", .key), (" back  ", .dim), ("Esc", .key), (" cancel", .dim)])
        }
        let shown = Array(lines.prefix(max(1, buf.height - 6)))
        // Wide enough for the title, which names the target (`Screen UC-0004 · … · as …`).
        let r = frame(width: max(width, DisplayWidth.of(title) + 8), height: shown.count + 4, in: buf)
        buf.fill(x: r.x, y: r.y, width: r.width, height: r.height, style: .modal)
        buf.box(r, glyphs: g, style: .focusBorder, title: title)
        let inner = r.inner
        for (i, (text, style)) in shown.enumerated() {
            buf.put(TextFit.truncate(text, to: inner.width - 2, ellipsis: g.ellipsis), x: inner.x + 1, y: inner.y + i, style: style)
        }
        buf.draw(keys, x: inner.x + 1, y: inner.y + shown.count + 1, width: inner.width - 2, ellipsis: g.ellipsis)
    }
}

/// The detail's Screening section: the answers, the proposed tier and each reason, and the
/// tier override (or what the lower tier still needs).
enum ScreeningDetail {
    static func lines(_ uc: UseCase, policy: Policy, width: Int) -> [StyledLine] {
        guard !uc.screening.isEmpty else { return [StyledLine("  not screened (gateboard screen \(uc.id))", .dim)] }
        var out: [StyledLine] = []
        let p = policy.screeningProposal(uc)
        out.append(StyledLine([("  proposes ", .dim), (p.tier.map { policy.tier($0)?.name ?? $0 } ?? "no minimum tier", .bold)]))
        for f in p.findings {
            let text = TerminalSafe.escape(f.reason + (f.effect.isEmpty ? "" : " → " + f.effect))
            for (i, l) in TextFit.wrap(text, to: max(10, width - 6)).enumerated() {
                out.append(StyledLine((i == 0 ? "  · " : "    ") + l, .normal))
            }
        }
        if let s = policy.tierShortfall(uc) {
            if let o = s.override {
                out.append(StyledLine([("  tier \(s.tier) accepted below \(s.proposed) by \(UseCaseText.person(o.by, policy)): ", .warn), (TerminalSafe.escape(o.reason), .normal)]))
            } else {
                out.append(StyledLine("  ✗ tier \(s.tier) is below the proposal \(s.proposed): needs a tier override or a higher tier", .danger))
            }
        }
        for q in policy.screening.questions {
            guard let a = uc.screening[q.id] else { continue }
            out.append(StyledLine([("  \(TerminalSafe.escape(q.id)): ", .dim), (TerminalSafe.escape(a.isEmpty ? "(none)" : a), .normal)]))
        }
        return out
    }
}
