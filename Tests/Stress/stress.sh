#!/bin/sh
# make stress: the long reliability runs. Each part prints its numbers ("fuzz:", "crash:",
# "tamper:", "truncation:", "faults:" …); the run fails if any part fails.
#   GATEBOARD_STRESS=1            long versions of the reliability tests (see below)
#   GATEBOARD_FUZZ_SEED=N         another seed for the parser fuzzer (default fixed)
#   STRESS_FUZZ_SECONDS=N         libFuzzer time per parser (default 120; 0 skips libFuzzer)
set -eu
cd "$(dirname "$0")/../.."
SWIFT=${SWIFT:-swift}
swift_build() { "$SWIFT" build "$@"; }

swift_build
BIN="$("$SWIFT" build --show-bin-path)/gateboard"
export GATEBOARD_BIN="$BIN" GATEBOARD_STRESS=1

echo "== in-process: fuzzing (100,000 use case + 25,000 policy inputs), every-offset sweeps, 20,000 tamperings"
"$SWIFT" test --filter 'GateboardStoreTests.(Fuzz|Hostile)' 2>&1 | tee /tmp/gateboard-stress-store.log | grep -E '^(fuzz|sweep|tamper):|passed|failed|error' || true
grep -q ' failed' /tmp/gateboard-stress-store.log && { echo "stress: store part FAILED (log: /tmp/gateboard-stress-store.log)"; exit 1; }

echo "== end to end: kill -9 (240 rounds), concurrency, injected faults, disk full, bad input at every offset"
"$SWIFT" test --filter 'GateboardEndToEndTests.Reliability' 2>&1 | tee /tmp/gateboard-stress-e2e.log | grep -E '^(crash|concurrency|quorum|faults|disk full|truncation):|passed|failed|error' || true
grep -q ' failed' /tmp/gateboard-stress-e2e.log && { echo "stress: end-to-end part FAILED (log: /tmp/gateboard-stress-e2e.log)"; exit 1; }

if [ "${STRESS_FUZZ_SECONDS:-120}" != 0 ]; then
    echo "== libFuzzer (swiftc -sanitize=fuzzer), ${STRESS_FUZZ_SECONDS:-120} s per parser"
    sh Tests/Stress/fuzz/run.sh "${STRESS_FUZZ_SECONDS:-120}"
fi
echo "stress: all parts passed"
