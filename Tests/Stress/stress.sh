#!/bin/sh
# make stress: the long reliability runs (a few minutes to tens of minutes on a small machine).
# Each part prints its numbers (lines starting "fuzz:", "sweep:", "tamper:", "truncation:",
# and the like: every line "<part>: <numbers>"); the run fails if any test fails.
#   GATEBOARD_FUZZ_SEED=N     another seed for the parser fuzzer (default fixed, so a failure reproduces)
#   GATEBOARD_FUZZ_INPUTS=N   inputs per parser (default 100,000 use case + 25,000 policy)
set -u
cd "$(dirname "$0")/../.."
SWIFT=${SWIFT:-swift}
LOGS=${STRESS_LOGS:-/tmp/gateboard-stress}
mkdir -p "$LOGS"

"$SWIFT" build --build-tests || exit 1
GATEBOARD_BIN="$("$SWIFT" build --show-bin-path)/gateboard"
export GATEBOARD_BIN GATEBOARD_STRESS=1
failed=0

part() {
    name=$1; filter=$2
    echo "== $name"
    if "$SWIFT" test --skip-build --filter "$filter" >"$LOGS/$name.log" 2>&1; then status=ok; else status=FAILED; failed=1; fi
    grep -E '^[a-z][a-z ()-]*: [0-9]' "$LOGS/$name.log"
    echo "-- $name: $status (log: $LOGS/$name.log)"
}

part parsers   'GateboardStoreTests\.(Fuzz|Hostile)'
part engine    'GateboardCoreTests\.Authorization'
part binary    'GateboardEndToEndTests\.Reliability'
part integrity 'GateboardStoreTests\.(Integrity|LaunderingStress)'
part sync      'GateboardSyncTests\.SyncLaunderingStress'
# Random symbolic links at every board path (policy, folders, each file, cache, lock, temp
# names), then an action, validate, verify and sync through the binary: nothing outside the
# board may change, validate and verify must name the link, sync must refuse.
part symlinks  'GateboardSyncTests\.SymlinkStress'
# Random numbers in every numeric field of the policy: through the parser and every read and
# decision path (6,000 policies), then through the real binary (150 policies × validate, list,
# check, triage, waive). Each reports how many it tried; none may crash.
part policy    'PolicyHardening(EndToEnd)?Tests'

[ $failed = 0 ] && echo "stress: all parts passed" || { echo "stress: FAILED"; exit 1; }
