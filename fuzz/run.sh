#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One fuzz target's ctest test: replays every input in fuzz/regressions/KIND/ (each once, all must pass),
# then fuzzes for SECONDS from the seed corpus in fuzz/corpus/KIND/ plus what earlier runs in this build
# tree found. A crash, an undefined operation, a leak, a hang (an input over 10 s) or a memory blow-up
# (over 2 GB) fails the test and leaves the input in BUILD/fuzz/artifacts/ to be added to fuzz/regressions/.
# Usage: run.sh FUZZER KIND SECONDS WORKDIR
set -euo pipefail
fuzzer=$1 kind=$2 seconds=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
seeds=$here/corpus/$kind
regressions=$here/regressions/$kind
corpus=$work/corpus/$kind
artifacts=$work/artifacts
mkdir -p "$corpus" "$artifacts"
[ -x "$fuzzer" ] || { echo "FAIL: no fuzzer at $fuzzer" >&2; exit 1; }
[ -n "$(ls -A "$seeds")" ] || { echo "FAIL: no seed corpus in $seeds" >&2; exit 1; }

# The kind's own dictionary (compose.dict, kubernetes.dict) when it has one, else the plan file's keys.
dict=$here/$kind.dict
[ -f "$dict" ] || dict=$here/plan.dict

limits=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048)

# The control: a fuzzer whose every input breaks a promise must fail, or this test could not fail at all.
control_input=$(find "$seeds" -type f | sort | head -n 1)
if OWUI_FUZZ_CONTROL=1 "$fuzzer" "${limits[@]}" "$control_input" > "$work/control-$kind.log" 2>&1; then
  echo "FAIL: the control run passed: a broken promise would go unnoticed" >&2
  exit 1
fi
grep -q "broken promise: control run" "$work/control-$kind.log" ||
  { tail -n 20 "$work/control-$kind.log" >&2; echo "FAIL: the control run failed for another reason" >&2; exit 1; }
echo "control: a broken promise fails the fuzzer, as it must"

replay=()
[ -d "$regressions" ] && mapfile -t replay < <(find "$regressions" -type f | sort)
echo "replaying ${#replay[@]} regression input(s) from $regressions"
if [ ${#replay[@]} -gt 0 ]; then
  "$fuzzer" "${limits[@]}" "${replay[@]}" > "$work/replay-$kind.log" 2>&1 ||
    { tail -n 40 "$work/replay-$kind.log" >&2; echo "FAIL: a regression input fails again" >&2; exit 1; }
fi

before=$(ls "$corpus" | wc -l)
echo "fuzzing $kind for ${seconds}s: $(ls "$seeds" | wc -l) seeds, $before inputs kept by earlier runs"
status=0
# A fixed seed by default, so CI runs the same search each time; OWUI_FUZZ_SEED=0 lets libFuzzer pick one.
"$fuzzer" "${limits[@]}" -seed="${OWUI_FUZZ_SEED:-1}" -max_total_time="$seconds" -max_len=32768 -dict="$dict" \
  -artifact_prefix="$artifacts/$kind-" -print_final_stats=1 "$corpus" "$seeds" > "$work/fuzz-$kind.log" 2>&1 || status=$?
# The closing figures: coverage (cov, ft), corpus, executions and their rate.
grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)' "$work/fuzz-$kind.log" || true
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$work/fuzz-$kind.log" || true
echo "corpus: $before before, $(ls "$corpus" | wc -l) after"
if [ "$status" -ne 0 ]; then
  tail -n 60 "$work/fuzz-$kind.log" >&2
  echo "FAIL: libFuzzer stopped with $status; the input is in $artifacts:" >&2
  ls -t "$artifacts" | head -n 3 >&2
  echo "add it to fuzz/regressions/$kind/ and fix what it shows" >&2
  exit 1
fi
