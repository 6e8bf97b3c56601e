#!/usr/bin/env python3
"""Prints the benchmark table (Markdown) from bench.sh's measurements.

usage: table.py results.tsv [big-label logbytes verify-ms tui-json tmux-json]
results.tsv rows: size-label, operation, gateboard ms, taskwarrior ms, gateboard MB, taskwarrior MB.
"""
import json
import sys


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def ratio(a, b):
    a, b = num(a), num(b)
    return "%.2f×" % (a / b) if a is not None and b else ""


def verdict(ok):
    return "met" if ok else "NOT met"


results = sys.argv[1]
rows = [line.rstrip("\n").split("\t") for line in open(results) if line.strip()]
big = sys.argv[2:7] if len(sys.argv) >= 7 else None

print()
print("| use cases / tasks | operation | gateboard (ms) | taskwarrior (ms) | ratio | gateboard peak MB | taskwarrior peak MB |")
print("|---|---|---:|---:|---:|---:|---:|")
for n, op, g, t, gm, tm in rows:
    print(f"| {n} | {op} | {g} | {t} | {ratio(g, t)} | {gm} | {tm} |")

by = {(r[0], r[1]): r for r in rows}
sizes = []
for r in rows:
    if r[0] not in sizes:
        sizes.append(r[0])
print()
print("Targets (issue 8):")
largest = big[0] if big else sizes[-1]
for op in ("list", "list --json / export"):
    r = by.get((largest, op))
    if r and num(r[2]) is not None and num(r[3]):
        q = num(r[2]) / num(r[3])
        print(f"- `{op}` at {largest}: {q:.2f}× taskwarrior (target ≤ 0.50×): {verdict(q <= 0.5)}")
r = by.get((largest, "comment / modify"))
if r and num(r[2]) is not None and num(r[3]):
    q = num(r[2]) / num(r[3])
    print(f"- comment vs `task modify` at {largest}: {q:.2f}× (target ≤ 0.50×): {verdict(q <= 0.5)}")
for r in rows:
    if r[1].startswith("signal --file") and num(r[2]) is not None:
        print(f"- `{r[1]}` at {r[0]}: {num(r[2]):.0f} ms (target ≤ 2000 ms): {verdict(num(r[2]) <= 2000)}")
small = by.get(("100", "comment / modify"))
for label in [s for s in sizes if s != "100"]:
    r = by.get((label, "comment / modify"))
    if small and r and num(small[2]) and num(r[2]) is not None:
        q = num(r[2]) / num(small[2])
        print(f"- comment at {label} vs at 100: {q:.2f}× (target ≤ 1.30×, flat): {verdict(q <= 1.3)}")
for label in sizes:
    r = by.get((label, "list"))
    if label.startswith("10000") and r and num(r[4]) is not None and num(r[5]):
        print(f"- peak memory of `list` at {label}: {r[4]} MB vs taskwarrior {r[5]} MB: {verdict(num(r[4]) < num(r[5]))}")

if big:
    label, logbytes, vt, tui, tmux = big
    mb = int(logbytes) / 1e6
    secs = (num(vt) or 0) / 1000
    rate = mb / secs if secs else 0
    print(f"- `verify` over {label} ({mb:.0f} MB of audit log): {vt} ms = {rate:.0f} MB/s (target ≥ 200 MB/s): {verdict(rate >= 200)}")
    t = json.loads(tui)
    print("- TUI in-process, %d use cases, %d×%d: first frame %.1f ms (load %.1f, state + first effects %.1f, render + diff %.1f; %d cells) "
          "(target ≤ 250 ms): %s"
          % (t["useCases"], t["width"], t["height"], t["firstFrameMs"], t["loadMs"], t["stateMs"], t["renderMs"],
             t["firstFrameCells"], verdict(t["firstFrameMs"] <= 250)))
    print("- TUI in-process keypress → reduced, rendered and diffed frame over %d keys: moves, filter characters and panes "
          "p50 %.2f ms, p99 %.2f ms (target p99 ≤ 10 ms): %s; %.0f of %d cells sent per frame on average"
          % (t["keys"], t["p50Ms"], t["p99Ms"], verdict(t["p99Ms"] <= 10), t["avgChangedCells"], t["cellsPerFullFrame"]))
    for k in sorted(t["kinds"]):
        v = t["kinds"][k]
        print("    - %-6s n=%-5d p50 %.2f ms  p99 %.2f ms  max %.2f ms" % (k, v["n"], v["p50Ms"], v["p99Ms"], v["maxMs"]))
    if tmux:
        m = json.loads(tmux)
        print("- TUI end to end under tmux (send-keys → changed capture-pane, %d moves): p50 %.1f ms, p99 %.1f ms; "
              "first screen %.0f ms after tmux started it; one capture-pane poll alone takes %.1f ms"
              % (m["keys"], m["p50Ms"], m["p99Ms"], m["firstScreenMs"], m["capturePaneMs"]))
