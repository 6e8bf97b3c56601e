#!/usr/bin/env python3
"""A ~120 MB samples file for measuring `signal --file`'s memory (issue 18; not run by bench.sh):
950 samples 5 s apart for each use case named in SAMPLES (a file from signal_samples.py, whose
board it fits), with a warn, a recovery and a breach every 100 samples. ORDERED=1: each
monitor's samples in time order, as a monitoring export writes them; 0: the lines shuffled.
Usage: signal_big_samples.py SAMPLES OUT ORDERED"""
import json, random, sys

src, out, ordered = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
ucs = sorted({json.loads(l)["useCase"] for l in open(src)})
lines = []
for k in range(950):
    sec = 11 * 3600 + 59 * 60 - (949 - k) * 5
    at = "2026-11-20T%02d:%02d:%02dZ" % (sec // 3600, sec // 60 % 60, sec % 60)
    v = 0.80 if k % 100 == 50 else (0.88 if k % 100 == 30 else 0.95)
    for uc in ucs:
        lines.append(json.dumps({"useCase": uc, "monitor": "precision", "value": v, "at": at, "source": "nightly-evaluation-job"}))
if not ordered:
    random.Random(7).shuffle(lines)
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
