#!/usr/bin/env bash
# The handoff webhook vs the trivial endpoint of the same app, same load tool, same run; then a
# burst of 10x the configured Genesys rate against a stub that enforces that rate.
#   bench/handoff-benchmark.sh [warm-up seconds, default 240] [measure seconds, default 30]
# Needs wrk (Debian: apt-get install wrk). Runs the packaged service (-Xmx384m, local profile:
# embedded Redis and S3, in-process bus) against bench's GenesysStub (zero delay).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
WARMUP=${1:-240}
MEASURE=${2:-30}
PORT=${PORT:-18080}
STUB_PORT=$((PORT + 10))
OUT=bench/results/handoff
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }

mvn -q -DskipTests package
BASE=http://127.0.0.1:$PORT
GENESYS=(--bridge.genesys.login-url=http://127.0.0.1:$STUB_PORT --bridge.genesys.api-url=http://127.0.0.1:$STUB_PORT
  --bridge.genesys.client-id=bench --bridge.genesys.client-secret=bench --bridge.sms.from-number=+15550000000
  "--bridge.bus.handoffs=seda:handoffs?size=1000000&concurrentConsumers=4")
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null; wait 2>/dev/null || true' EXIT

# Part 1: throughput and latency; Genesys answers at once and never limits.
java -cp target/test-classes com.ivrvideobridge.bench.GenesysStub "$STUB_PORT" 100000000 >"$OUT/stub.log" 2>&1 &
PIDS+=($!)
start_service "$PORT" "$OUT/service.log" "${GENESYS[@]}" --bridge.genesys.rate-per-minute=100000000
PIDS+=("$SERVICE_PID")

# Sending runs on the same two cores; in the local profile its backlog lives in the heap. So the
# latency a waiting caller sees is measured at a rate the senders sustain (PACED, per second),
# before the saturation rounds build a backlog.
PACED=${PACED:-200}
delay=$((32 * 1000 / PACED))
echo "warming up for ${WARMUP}s at ${PACED}/s..."
end=$((SECONDS + WARMUP))
while [ $SECONDS -lt $end ]; do
  DELAY_MS=$delay wrk -t1 -c32 -d10s -s bench/ping.lua "$BASE/api/v1/ping" >/dev/null
  DELAY_MS=$delay wrk -t1 -c32 -d10s -s bench/handoff.lua "$BASE/api/v1/handoffs" >/dev/null
done
DELAY_MS=$delay run_wrk "$OUT/handoff-paced.txt" -t1 -c32 -d"${MEASURE}s" -s bench/handoff.lua "$BASE/api/v1/handoffs"
DELAY_MS=$delay run_wrk "$OUT/ping-paced.txt" -t1 -c32 -d"${MEASURE}s" -s bench/ping.lua "$BASE/api/v1/ping"
for round in 1 2; do
  run_wrk "$OUT/ping-$round.txt" -t1 -c32 -d"${MEASURE}s" -s bench/ping.lua "$BASE/api/v1/ping"
  run_wrk "$OUT/handoff-$round.txt" -t1 -c32 -d"${MEASURE}s" -s bench/handoff.lua "$BASE/api/v1/handoffs"
done
rss=$(rss_mb "$SERVICE_PID")
errors=$(grep -c " ERROR " "$OUT/service.log" || true)
kill "${PIDS[@]}"; wait 2>/dev/null || true; PIDS=()

echo
echo "| run | endpoint | requests | errors | req/s | p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|---|"
for f in handoff-paced ping-paced ping-1 handoff-1 ping-2 handoff-2; do
  file="$OUT/$f.txt"
  echo "| $f | $(head -1 "$file" | awk '{print $NF}' | sed 's#.*/api#/api#') | $(wrk_requests "$file") | $(wrk_errors "$file") | $(wrk_rps "$file") | $(wrk_pct "$file" 50) | $(wrk_pct "$file" 99) |"
done
echo
echo "paced runs: target ${PACED}/s (delay ${delay} ms x 32 connections)"
echo "GC: $(gc_pauses "$OUT/service-gc.log")"
echo "resident memory (-Xmx384m): $rss MB; service log ERROR lines: $errors"

# Part 2: a burst of 10x the configured rate against a stub that enforces that rate.
RATE=${RATE:-600}
OBSERVE=${OBSERVE:-70}
java -cp target/test-classes com.ivrvideobridge.bench.GenesysStub "$STUB_PORT" "$RATE" >"$OUT/stub-burst.log" 2>&1 &
PIDS+=($!)
start_service "$PORT" "$OUT/service-burst.log" "${GENESYS[@]}" --bridge.genesys.rate-per-minute="$RATE"
PIDS+=("$SERVICE_PID")
# The burst: as many handoffs as wrk can offer in BURST_SECONDS (at least 10 x the per-minute rate).
run_wrk "$OUT/burst.txt" -t1 -c16 -d"${BURST_SECONDS:-15}s" -s bench/handoff.lua "$BASE/api/v1/handoffs"
accepted=$(wrk_requests "$OUT/burst.txt")
sleep "$OBSERVE"
stats=$(curl -s "http://127.0.0.1:$STUB_PORT/stats")
echo
echo "burst: ${accepted} handoffs accepted in ${BURST_SECONDS:-15}s ($(awk -v a="$accepted" -v r="$RATE" 'BEGIN {printf "%.1f", a/r}') x the ${RATE}/min rate, $(wrk_errors "$OUT/burst.txt") errors); ${OBSERVE}s later the Genesys stub (limit ${RATE}/min) saw: $stats"
