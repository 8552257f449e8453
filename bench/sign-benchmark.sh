#!/usr/bin/env bash
# Sign endpoint vs the trivial endpoint of the same app, same load tool, same run.
#   bench/sign-benchmark.sh [warm-up seconds, default 240] [measure seconds, default 30]
# Needs wrk (Debian: apt-get install wrk). Builds the jar, runs it with -Xmx384m on the local
# profile (embedded Redis and S3), warms the JIT up, then measures each endpoint at saturation
# (wrk -t1 -c32) twice, interleaved, and the sign endpoint paced at half its saturated rate.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
WARMUP=${1:-240}
MEASURE=${2:-30}
PORT=${PORT:-18080}
OUT=bench/results/sign
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }

mvn -q -Dmaven.test.skip=true package
start_service "$PORT" "$OUT/service.log"
trap 'kill $SERVICE_PID 2>/dev/null; wait $SERVICE_PID 2>/dev/null || true' EXIT
BASE=http://127.0.0.1:$PORT

echo "warming up for ${WARMUP}s..."
end=$((SECONDS + WARMUP))
while [ $SECONDS -lt $end ]; do
  wrk -t1 -c16 -d10s -s bench/ping.lua "$BASE/api/v1/ping" >/dev/null
  wrk -t1 -c16 -d10s -s bench/sign.lua "$BASE/api/v1/media/sign-video-url" >/dev/null
done

for round in 1 2; do
  run_wrk "$OUT/ping-$round.txt" -t1 -c32 -d"${MEASURE}s" -s bench/ping.lua "$BASE/api/v1/ping"
  run_wrk "$OUT/sign-$round.txt" -t1 -c32 -d"${MEASURE}s" -s bench/sign.lua "$BASE/api/v1/media/sign-video-url"
done

# Half of the sign endpoint's saturated rate, paced: 32 connections, each waiting DELAY_MS between
# requests (wrk has no fixed-rate mode; the achieved rate is reported next to the target).
sat=$(awk -v a="$(wrk_rps "$OUT/sign-1.txt")" -v b="$(wrk_rps "$OUT/sign-2.txt")" 'BEGIN {printf "%.0f", (a+b)/2}')
half=$((sat / 2))
delay=$(awk -v r="$half" 'BEGIN {printf "%d", 32 * 1000 / r}')
DELAY_MS=$delay run_wrk "$OUT/sign-half.txt" -t1 -c32 -d"${MEASURE}s" -s bench/sign.lua "$BASE/api/v1/media/sign-video-url"
# The trivial endpoint at the same paced rate: what the platform itself costs in tail latency.
DELAY_MS=$delay run_wrk "$OUT/ping-half.txt" -t1 -c32 -d"${MEASURE}s" -s bench/ping.lua "$BASE/api/v1/ping"

echo
echo "| run | endpoint | requests | errors | req/s | p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|---|"
for f in ping-1 sign-1 ping-2 sign-2 sign-half ping-half; do
  file="$OUT/$f.txt"
  echo "| $f | $(head -1 "$file" | awk '{print $NF}' | sed 's#.*/api#/api#') | $(wrk_requests "$file") | $(wrk_errors "$file") | $(wrk_rps "$file") | $(wrk_pct "$file" 50) | $(wrk_pct "$file" 99) |"
done
ratio=$(awk -v s1="$(wrk_rps "$OUT/sign-1.txt")" -v s2="$(wrk_rps "$OUT/sign-2.txt")" \
  -v p1="$(wrk_rps "$OUT/ping-1.txt")" -v p2="$(wrk_rps "$OUT/ping-2.txt")" 'BEGIN {printf "%.2f", (s1+s2)/(p1+p2)}')
echo
echo "sign/trivial throughput ratio: $ratio (target >= 0.70)"
echo "half-saturation target rate: $half req/s (delay ${delay} ms x 32 connections); achieved $(wrk_rps "$OUT/sign-half.txt")"
echo "resident memory (-Xmx384m): now $(rss_mb "$SERVICE_PID") MB, peak $(hwm_mb "$SERVICE_PID") MB"
echo "GC: $(gc_pauses "$OUT/service-gc.log")"
grep -c " ERROR " "$OUT/service.log" | sed 's/^/service log ERROR lines: /'
