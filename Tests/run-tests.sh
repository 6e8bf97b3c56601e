#!/usr/bin/env bash
# `make test`: one build of everything (the binary and the test targets), then the whole suite
# as three test processes side by side, then one verdict.
#
# Why three processes and not one `swift test`: Swift Testing runs a process's tests on the
# concurrency pool, one thread per core (two on the CI machine). Most end-to-end tests hold
# their thread while a child runs (gateboard, git, tmux) or while they poll a tmux screen, so a
# single process kept the two cores only about half busy. Three processes keep them about 97%
# busy: measured side by side on one machine, the tests took 162 s as one process and 106 s as
# three (docs/performance.md, "The suite's own time").
#
# The shards are cut by target and suite name so that each suite stays whole in one process
# (`.serialized` suites rely on that), and the script checks that the shards together ran
# exactly the tests `swift test list` names: a test left out of every shard fails the run.
#
# `swift test` on its own still runs everything in one process.
set -uo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}

$SWIFT build --build-tests || exit 1
GATEBOARD_BIN="$($SWIFT build --show-bin-path)/gateboard"
export GATEBOARD_BIN

# Each shard is a list of --filter/--skip arguments (regular expressions over test ids such as
# GateboardEndToEndTests.TUIGitTests/noMarkOutsideGit()). Together they cover every test once.
# E2E is the end-to-end target, TUI its tmux suites; MOVED are end-to-end suites run beside the
# unit tests so that the three processes end at about the same time (balanced by measurement).
E2E='^GateboardEndToEndTests\.'
TUI="${E2E}\w*TUI"
MOVED="${E2E}(Reliability|Signal|PolicyHardening|OutputFailure|NotificationHook)"
# Likewise the two longest serialized sync suites, run beside the other end-to-end tests.
SYNC_MOVED='^GateboardSyncTests\.(SyncBinaryTests|SyncLaunderingTests)/'
shards=(
  "--filter $TUI --filter ^GateboardSyncTests\. --skip $SYNC_MOVED"
  "--filter $E2E --filter $SYNC_MOVED --skip $TUI --skip $MOVED"
  "--filter ^(?!GateboardEndToEndTests\.|GateboardSyncTests\.) --filter $MOVED --skip $TUI"
)

logs=$(mktemp -d "${TMPDIR:-/tmp}/gateboard-test.XXXXXX")
trap 'rm -rf "$logs"' EXIT
expected=$($SWIFT test list --skip-build --ignore-lock 2>/dev/null | grep -c '(') || {
  echo "run-tests: could not list the tests" >&2; exit 1; }

start=$(date +%s)
pids=()
for i in "${!shards[@]}"; do
  # shellcheck disable=SC2086  # the shard's words are meant to split
  $SWIFT test --skip-build --ignore-lock ${shards[$i]} >"$logs/$i.log" 2>&1 &
  pids+=($!)
  echo "shard $((i + 1)) of ${#shards[@]}: ${shards[$i]}"
done

failed=0
ran=0
for i in "${!shards[@]}"; do
  wait "${pids[$i]}"; status=$?
  echo
  echo "=== shard $((i + 1)): ${shards[$i]} (exit $status)"
  cat "$logs/$i.log"
  count=$(grep -Eo 'Test run with [0-9]+ tests?' "$logs/$i.log" | grep -Eo '[0-9]+' | tail -1)
  ran=$((ran + ${count:-0}))
  [ "$status" -eq 0 ] || failed=1
done

echo
echo "=== $ran of $expected tests ran in ${#shards[@]} processes, $(( $(date +%s) - start )) s"
if [ "$ran" -ne "$expected" ]; then
  echo "run-tests: the shards ran $ran tests but swift test lists $expected: a filter above lost or repeated some" >&2
  failed=1
fi
if [ "$failed" -ne 0 ]; then
  echo "run-tests: FAILED (see the shard logs above)" >&2
  exit 1
fi
echo "run-tests: all passed"
