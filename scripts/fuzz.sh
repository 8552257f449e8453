#!/usr/bin/env bash
# Fuzzes every parser and signature check that reads outside input, each for a set time, with Jazzer
# (coverage-guided, libFuzzer-based). `mvn verify` only replays the committed seeds (regression
# mode); this script searches for new inputs.
#
#   scripts/fuzz.sh                     # every target, 90 s each
#   DURATION=10m scripts/fuzz.sh        # longer
#   scripts/fuzz.sh MediaFuzzTest#playlist TelemetryFuzzTest#batch   # only these
#
# The invariant of each target is in its test class (src/test/java/**/*FuzzTest.java): a valid
# result or the documented 4xx refusal, never another exception; an input running longer than
# TIMEOUT seconds (10) counts as a hang (libFuzzer's -timeout: JUnit's @Timeout would also cut the
# whole fuzzing run short in jazzer-junit 0.30). A finding stops that target, is saved as
# src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1> (commit it once fixed: from then
# on every build replays it) and this script exits non-zero after the other targets. The corpus it
# grows is kept in .cifuzz-corpus/ (not committed) and reused by the next run.
set -uo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-90s}
TIMEOUT=${TIMEOUT:-10}
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(HandoffRequestFuzzTest#parse MediaFuzzTest#signRequest MediaFuzzTest#assetId MediaFuzzTest#playlist
    TelemetryFuzzTest#batch TelemetryFuzzTest#playedRanges SignatureFuzzTest#twilio SignatureFuzzTest#openMessaging)
fi
mvn -q test-compile || exit 1
failed=()
for target in "${TARGETS[@]}"; do
  echo "== fuzzing $target for $DURATION"
  # One fuzz test per JVM (Jazzer's rule); the fuzz-regression surefire execution is where @FuzzTest runs.
  # jazzer.internal.arg.N are libFuzzer's arguments (0 is its argv[0]).
  if ! JAZZER_FUZZ=1 mvn -q surefire:test@fuzz-regression -Dtest="$target" -Djazzer.max_duration="$DURATION" \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-timeout="$TIMEOUT" -Dfuzz.fork.timeout=0 \
      -Dsurefire.failIfNoSpecifiedTests=false > "target/fuzz-${target/\#/-}.log" 2>&1; then
    failed+=("$target")
    echo "   FINDING: see target/fuzz-${target/\#/-}.log and src/test/resources (crash-*)"
  else
    grep -aoE "Done [0-9]+ runs in [0-9]+ second\(s\)" "target/fuzz-${target/\#/-}.log" | tail -1 | sed 's/^/   /'
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "findings in: ${failed[*]}"
  exit 1
fi
echo "no findings"
