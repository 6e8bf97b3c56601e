#!/usr/bin/env python3
"""End-to-end TUI timing under tmux: gateboard BOARD in a detached 160×48 session; the time
from start to the first screen showing use cases, then for each of N keys (j/k moves) the time
from `tmux send-keys` until `capture-pane` shows a different screen. Each poll is a tmux client
process (a few ms), so these numbers are an upper bound dominated by tmux, not by gateboard.
Prints one JSON object."""
import json
import os
import subprocess
import sys
import time

gb, board, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
session = "gbbench%d" % os.getpid()
env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")


def tmux(*args):
    return subprocess.run(["tmux", *args], env=env, capture_output=True, text=True).stdout


def screen():
    return tmux("capture-pane", "-p", "-t", session)


def wait_change(before, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s = screen()
        if s != before:
            return s
    return None


try:
    t0 = time.monotonic()
    tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "48",
         "%s --board %s --as bench-lead" % (gb, board))
    first = None
    while time.monotonic() - t0 < 30:
        s = screen()
        if "UC-0" in s:
            first = time.monotonic() - t0
            break
    if first is None:
        sys.exit(1)
    time.sleep(0.5)
    s = screen()
    times = []
    for i in range(n):
        key = "j" if (i // 5) % 2 == 0 else "k"
        start = time.monotonic()
        tmux("send-keys", "-t", session, key)
        after = wait_change(s)
        if after is None:
            continue  # the selection could not move (end of a column): no change to see
        times.append((time.monotonic() - start) * 1000)
        s = after
        time.sleep(0.02)
    poll = []
    for _ in range(20):
        a = time.monotonic()
        screen()
        poll.append((time.monotonic() - a) * 1000)
    times.sort()
    poll.sort()
    print(json.dumps({"firstScreenMs": first * 1000, "keys": len(times),
                      "p50Ms": times[len(times) // 2] if times else 0,
                      "p99Ms": times[min(len(times) - 1, int(len(times) * 0.99))] if times else 0,
                      "capturePaneMs": poll[len(poll) // 2]}))
finally:
    tmux("kill-session", "-t", session)
