#!/usr/bin/env bash
# Sign endpoint vs the trivial endpoint of the same app, same load tool, same run.
#   bench/sign-benchmark.sh [warm-up seconds, default 240] [measure seconds, default 30]
#   ROUNDS=4 bench/sign-benchmark.sh: more interleaved saturation rounds (default 2), for a machine
#   whose speed drifts between rounds (the ratio is over all of them)
# Needs wrk (Debian: apt-get install wrk). Builds the jar, runs it with -Xmx384m on the local
# profile (embedded Redis and S3), warms the JIT up, then measures each endpoint at saturation
# (wrk -t1 -c32) twice, interleaved, and the sign endpoint paced at half its saturated rate (64
# connections, random gaps: bench/pacing.lua); all of it for 200 rotating caller sessions and
# again for one session per request (bench/sign.lua).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
WARMUP=${1:-240}
MEASURE=${2:-30}
ROUNDS=${ROUNDS:-2}
PORT=${PORT:-18080}
OUT=bench/results/sign
mkdir -p "$OUT"
rm -f "$OUT/rates.txt"
# sum_rps ENDPOINT MODE: requests/s summed over the saturation rounds.
sum_rps() {
  for round in $(seq 1 "$ROUNDS"); do wrk_rps "$OUT/$1-$2-$round.txt"; done | awk '{t += $1} END {print t}'
}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }

mvn -q -Dmaven.test.skip=true package
# Ready is enough (as in caller-benchmark.sh): on a busy shared machine the service took 200 s to
# start and the bucket-privacy check in /actuator/health timed out.
# The trap first: a service that did not become ready in time is stopped too (it was left running).
trap 'kill ${SERVICE_PID:-} 2>/dev/null; wait ${SERVICE_PID:-} 2>/dev/null || true' EXIT
HEALTH_PATH=/actuator/health/readiness START_WAIT=${START_WAIT:-300} start_service "$PORT" "$OUT/service.log"
BASE=http://127.0.0.1:$PORT

echo "warming up for ${WARMUP}s..."
end=$((SECONDS + WARMUP))
while [ $SECONDS -lt $end ]; do
  wrk -t1 -c16 -d10s -s bench/ping.lua "$BASE/api/v1/ping" >/dev/null
  wrk -t1 -c16 -d10s -s bench/sign.lua "$BASE/api/v1/media/sign-video-url" >/dev/null
  SESSIONS=unique wrk -t1 -c16 -d10s -s bench/sign.lua "$BASE/api/v1/media/sign-video-url" >/dev/null
done

# Both session mixes: 200 rotating sessions (the near cache answers most) and one session per
# request (real IVR traffic: one per call, every answer a fresh presign).
for mode in 200 unique; do
  for round in $(seq 1 "$ROUNDS"); do
    run_wrk "$OUT/ping-$mode-$round.txt" -t1 -c32 -d"${MEASURE}s" -s bench/ping.lua "$BASE/api/v1/ping"
    SESSIONS=$mode run_wrk "$OUT/sign-$mode-$round.txt" -t1 -c32 -d"${MEASURE}s" -s bench/sign.lua "$BASE/api/v1/media/sign-video-url"
  done
  # Half of the sign endpoint's saturated rate, paced: wrk has no fixed-rate mode, so each of 64
  # connections waits a random gap averaging DELAY_MS after each answer (bench/pacing.lua:
  # independent callers). A 10 s trial measures how long an answer takes at that pace, and the gap
  # is set so that gap + answer gives the target rate (the achieved rate is reported next to it).
  sat=$(awk -v total="$(sum_rps sign "$mode")" -v n="$ROUNDS" 'BEGIN {printf "%.0f", total / n}')
  half=$((sat / 2))
  delay=$(awk -v r="$half" 'BEGIN {printf "%d", 64 * 1000 / r}')
  SESSIONS=$mode DELAY_MS=$delay run_wrk "$OUT/sign-$mode-trial.txt" -t1 -c64 -d10s -s bench/sign.lua "$BASE/api/v1/media/sign-video-url"
  delay=$(awk -v r="$half" -v d="$delay" -v got="$(wrk_rps "$OUT/sign-$mode-trial.txt")" \
    'BEGIN {answer = 64 * 1000 / got - d; v = 64 * 1000 / r - answer; printf "%d", (v < 1 ? 1 : v + 0.5)}')
  SESSIONS=$mode DELAY_MS=$delay run_wrk "$OUT/sign-$mode-half.txt" -t1 -c64 -d"${MEASURE}s" -s bench/sign.lua "$BASE/api/v1/media/sign-video-url"
  # The trivial endpoint at the same pace: what the platform itself costs in tail latency.
  DELAY_MS=$delay run_wrk "$OUT/ping-$mode-half.txt" -t1 -c64 -d"${MEASURE}s" -s bench/ping.lua "$BASE/api/v1/ping"
  echo "$mode: half-saturation target rate $half req/s (mean gap ${delay} ms x 64 connections); achieved $(wrk_rps "$OUT/sign-$mode-half.txt")" >>"$OUT/rates.txt"
done

echo
echo "| sessions | run | endpoint | requests | errors | req/s | p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|---|---|"
for mode in 200 unique; do
  for f in $(for round in $(seq 1 "$ROUNDS"); do echo "ping-$mode-$round sign-$mode-$round"; done) sign-$mode-half ping-$mode-half; do
    file="$OUT/$f.txt"
    echo "| $mode | ${f#*-$mode-} | $(head -1 "$file" | awk '{print $NF}' | sed 's#.*/api#/api#') | $(wrk_requests "$file") | $(wrk_errors "$file") | $(wrk_rps "$file") | $(wrk_pct "$file" 50) | $(wrk_pct "$file" 99) |"
  done
done
echo
for mode in 200 unique; do
  ratio=$(awk -v s="$(sum_rps sign "$mode")" -v p="$(sum_rps ping "$mode")" 'BEGIN {printf "%.2f", s / p}')
  echo "sessions $mode: sign/trivial throughput ratio $ratio (target >= 0.70); sign p99 at half saturation $(wrk_pct "$OUT/sign-$mode-half.txt" 99) ms (target <= 10)"
done
cat "$OUT/rates.txt"
echo "resident memory (-Xmx384m): now $(rss_mb "$SERVICE_PID") MB, peak $(hwm_mb "$SERVICE_PID") MB"
echo "GC: $(gc_pauses "$OUT/service-gc.log")"
echo "service log ERROR lines: $(grep -c " ERROR " "$OUT/service.log" || true)"
