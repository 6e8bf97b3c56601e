#!/usr/bin/env python3
"""Prepares a bench board for `signal --file`: adds a monitor for every tier and a service
person to its policy, and writes SAMPLES_PER samples for each of the first N live use cases
(values mostly healthy, with a dip into warn and breach and a recovery, so a few transitions
per use case are recorded, and each breach opens a severity-3 incident), in shuffled order so the command must sort them by time.
Usage: signal_samples.py BOARD N SAMPLES_PER OUT"""
import json, os, random, sys

board, n, per, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
policy = os.path.join(board, "gateboard.yaml")
text = open(policy).read()
text = text.replace("\npeople:\n", "\npeople:\n  - {id: bench-probe, name: Bench probe, function: service, roles: []}\n", 1)
text += "\nmonitors:\n  - {name: precision, tiers: [low, medium, high], direction: below, warn: 0.9, breach: 0.85, staleAfterDays: 365, onBreach: incident, severity: 3}\n"
open(policy, "w").write(text)

live = []
for name in sorted(os.listdir(os.path.join(board, "usecases"))):
    with open(os.path.join(board, "usecases", name)) as f:
        head = f.read(600)
    entered = next((l.split(": ", 1)[1] for l in head.split("\n") if l.startswith("stageEnteredAt: ")), "")
    if "\nstage: production\n" in head and entered.strip('"') < "2026-11-20T10:00:00Z":
        live.append(name[:-5])
    if len(live) == n:
        break
if len(live) < n:
    print(f"signal_samples: only {len(live)} live use cases on the board (wanted {n})", file=sys.stderr)

rng = random.Random(42)
lines = []
for uc in live:
    for k in range(per):
        minute = 11 * 60 + 59 - (per - 1 - k)          # the last `per` minutes before 12:00
        at = "2026-11-20T%02d:%02d:00Z" % (minute // 60, minute % 60)
        value = 0.95
        if k in (per // 3, per // 3 + 1):
            value = 0.88          # warn
        elif k == per // 2:
            value = 0.80          # breach
        lines.append(json.dumps({"useCase": uc, "monitor": "precision", "value": value, "at": at, "source": "bench"}))
rng.shuffle(lines)
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"signal_samples: {len(lines)} samples over {len(live)} live use cases", file=sys.stderr)
