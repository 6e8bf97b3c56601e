#!/usr/bin/env bash
# make bench: release build, deterministic synthetic boards, gateboard vs taskwarrior 2.6.2
# side by side in the same run. Prints a table; asserts nothing (targets are read by people).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
OUT=${BENCH_DIR:-$ROOT/bench-data}
RUNS=${BENCH_RUNS:-10}
SIZES=${BENCH_SIZES:-"100 1000 10000"}
BIG_EVENTS=${BENCH_BIG_EVENTS:-1000000}
SEED=${BENCH_SEED:-42}
export GATEBOARD_NOW=2026-11-20T12:00:00Z

need() { command -v "$1" >/dev/null 2>&1; }
if ! need task || ! need hyperfine || [ ! -x /usr/bin/time ]; then
  echo "installing taskwarrior, hyperfine and time from Debian's packages..." >&2
  (apt-get update -qq && apt-get install -y -qq taskwarrior hyperfine time) >/dev/null
fi
task --version | grep -q '^2\.6\.2' || echo "warning: taskwarrior $(task --version) is not 2.6.2" >&2

swift build -c release --product gateboard >&2
swift build -c release --product gateboard-bench >&2
BIN=$(swift build -c release --show-bin-path)
GB="$BIN/gateboard"
GEN="$BIN/gateboard-bench"

mkdir -p "$OUT"
results="$OUT/results.tsv"
: > "$results"

# median wall time (ms) of a command over $RUNS runs, via hyperfine's JSON export
median_ms() { # label prepare-cmd cmd
  local json="$OUT/hf.json"
  if [ -n "$2" ]; then
    hyperfine -N --warmup 2 --runs "$RUNS" --prepare "$2" --export-json "$json" "$3" >/dev/null 2>&1
  else
    hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$json" "$3" >/dev/null 2>&1
  fi
  python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$json"
}
peak_mb() { # cmd...
  /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.1f", $1/1024}'
}

setup_board() { # n events dir
  local n=$1 events=$2 dir=$3
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    "$GEN" generate --out "$dir/board" --use-cases "$n" --events "$events" --seed "$SEED" --tasks "$dir/tasks.json" >&2
    mkdir -p "$dir/task"
    printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\n' "$dir/task" > "$dir/taskrc"
    TASKRC="$dir/taskrc" task rc.gc=off import "$dir/tasks.json" >/dev/null 2>&1
    touch "$dir/.complete"
  fi
  # warm the board's cache once, as any user's first command would
  "$GB" --board "$dir/board" list >/dev/null
}

row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" | tee -a "$results" >&2; }

for n in $SIZES; do
  dir="$OUT/n$n"
  setup_board "$n" $((n * 20)) "$dir"
  export TASKRC="$dir/taskrc"
  gl=$(median_ms "" "" "$GB --board $dir/board list")
  tl=$(median_ms "" "" "task rc.gc=off list")
  gj=$(median_ms "" "" "$GB --board $dir/board list --json")
  tj=$(median_ms "" "" "task rc.gc=off export")
  gm=$(median_ms "" "" "$GB --board $dir/board comment UC-0001 bench --as bench-lead")
  tm=$(median_ms "" "" "task rc.gc=off 1 modify +bench$RANDOM")
  gmem=$(peak_mb "$GB" --board "$dir/board" list)
  tmem=$(peak_mb task rc.gc=off list)
  row "$n" "list" "$gl" "$tl" "$gmem" "$tmem" ""
  row "$n" "list --json / export" "$gj" "$tj" "" "" ""
  row "$n" "comment / modify" "$gm" "$tm" "" "" ""
done

big="$OUT/big"
setup_board 10000 "$BIG_EVENTS" "$big"
export TASKRC="$big/taskrc"
bl=$(median_ms "" "" "$GB --board $big/board list")
bj=$(median_ms "" "" "$GB --board $big/board list --json")
bm=$(median_ms "" "" "$GB --board $big/board comment UC-0001 bench --as bench-lead")
tl=$(median_ms "" "" "task rc.gc=off list")
tj=$(median_ms "" "" "task rc.gc=off export")
tm=$(median_ms "" "" "task rc.gc=off 1 modify +bench")
bmem=$(peak_mb "$GB" --board "$big/board" list)
tmem=$(peak_mb task rc.gc=off list)
logbytes=$(du -sb "$big/board/audit" | cut -f1)
vt=$(median_ms "" "" "$GB --board $big/board verify")
tui=$("$GEN" tui --board "$big/board" --keys 2000)

python3 "$ROOT/Tests/Bench/table.py" "$results" "$bl" "$tl" "$bj" "$tj" "$bm" "$tm" "$bmem" "$tmem" "$logbytes" "$vt" "$tui"
