#!/usr/bin/env python3
"""Prints the benchmark table (Markdown) from bench.sh's measurements."""
import json
import sys

results, bl, tl, bj, tj, bm, tm, bmem, tmem, logbytes, vt, tui = sys.argv[1:13]
rows = [line.rstrip("\n").split("\t") for line in open(results) if line.strip()]


def ratio(a, b):
    try:
        return "%.2f×" % (float(a) / float(b))
    except (ValueError, ZeroDivisionError):
        return ""


print()
print("| use cases | operation | gateboard (ms) | taskwarrior (ms) | ratio | gateboard peak MB | taskwarrior peak MB |")
print("|---:|---|---:|---:|---:|---:|---:|")
for n, op, g, t, gm, tmm, _ in rows:
    print(f"| {n} | {op} | {g} | {t} | {ratio(g, t)} | {gm} | {tmm} |")
print(f"| 10000 + 1M events | list | {bl} | {tl} | {ratio(bl, tl)} | {bmem} | {tmem} |")
print(f"| 10000 + 1M events | list --json / export | {bj} | {tj} | {ratio(bj, tj)} | | |")
print(f"| 10000 + 1M events | comment / modify | {bm} | {tm} | {ratio(bm, tm)} | | |")

small = {r[1]: r for r in rows if r[0] == "100"}
if "comment / modify" in small:
    print()
    print("Mutating command at 10,000 + 1M events vs at 100: %s (target ≤ 1.30×)"
          % ratio(bm, small["comment / modify"][2]))
mb = int(logbytes) / 1e6
secs = float(vt) / 1000
print("verify over %.0f MB of audit log: %.0f ms = %.0f MB/s (target ≥ 200 MB/s)" % (mb, float(vt), mb / secs if secs else 0))
t = json.loads(tui)
print("TUI in-process: first frame %.1f ms (target ≤ 250); keypress → redrawn frame p50 %.2f ms, p99 %.2f ms (target ≤ 10) over %d keys; %.0f cells sent per frame on average"
      % (t["firstFrameMs"], t["p50Ms"], t["p99Ms"], t["keys"], t["avgChangedCells"]))
