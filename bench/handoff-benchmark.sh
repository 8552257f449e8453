#!/usr/bin/env bash
# The handoff webhook vs the trivial endpoint of the same app, same load tool, same run; then a
# burst of 10x the configured Genesys rate against a stub that enforces that rate.
#   bench/handoff-benchmark.sh [warm-up seconds, default 240] [measure seconds, default 30]
# Needs wrk (Debian: apt-get install wrk). Runs the packaged service (-Xmx384m) against bench's
# GenesysStub (zero delay).
#
# Part 1 runs the production shape on one 2-core machine: a webhook instance (what Architect calls;
# bridge.worker.enabled=false) and a worker instance (sends the messages, at a lower CPU priority:
# on a real deployment it would have its own cores) on one Kafka bus and one Redis. WORKER=0 runs
# the webhook tier alone (no worker: its handoffs wait on Kafka).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
WARMUP=${1:-240}
MEASURE=${2:-30}
PORT=${PORT:-18080}
STUB_PORT=$((PORT + 10))
WORKER_PORT=$((PORT + 20))
OUT=bench/results/handoff
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }

mvn -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=bench/results/classpath.txt
BASE=http://127.0.0.1:$PORT
GENESYS=(--bridge.genesys.login-url=http://127.0.0.1:$STUB_PORT --bridge.genesys.api-url=http://127.0.0.1:$STUB_PORT
  --bridge.genesys.client-id=bench --bridge.genesys.client-secret=bench --bridge.sms.from-number=+15550000000)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null; wait 2>/dev/null || true' EXIT

# Part 1: throughput and latency; Genesys answers at once and never limits.
rm -f "$OUT"/*.txt "$OUT"/*.log
# The broker with Kafka's own JVM defaults (kafka-run-class.sh: 1 GB heap, G1, 20 ms pause goal).
java -Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -Xlog:gc:file="$OUT/kafka-gc.log" \
  -cp "target/test-classes:$(cat bench/results/classpath.txt)" com.ivrvideobridge.bench.BenchKafka bench-handoffs 4 \
  >"$OUT/kafka.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do grep -q '^brokers=' "$OUT/kafka.log" && break; kill -0 "${PIDS[-1]}" 2>/dev/null || break; sleep 1; done
BROKERS=$(sed -n 's/^brokers=//p' "$OUT/kafka.log")
[ -n "$BROKERS" ] || { echo "Kafka did not start; see $OUT/kafka.log" >&2; exit 1; }
BUS=(--bridge.kafka.brokers="$BROKERS"
  "--bridge.bus.handoffs=kafka:bench-handoffs?brokers=$BROKERS&groupId=bench&autoOffsetReset=earliest&requestRequiredAcks=all&enableIdempotence=true&lingerMs=0&synchronous=true&consumersCount=4"
  # As config/application.yml's (a webhook-only instance needs both on Kafka: WorkerSettingsCheck).
  "--bridge.bus.telemetry=kafka:bench-telemetry?brokers=$BROKERS&groupId=bench-telemetry&autoOffsetReset=earliest&requestRequiredAcks=all&enableIdempotence=true&lingerMs=0&batching=true&maxPollRecords=500&batchingIntervalMs=100&pollTimeoutMs=100&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true&synchronous=true")
java -cp target/test-classes com.ivrvideobridge.bench.GenesysStub "$STUB_PORT" 100000000 >"$OUT/stub.log" 2>&1 &
PIDS+=($!)
await_stub "$STUB_PORT" "$OUT/stub.log"
start_service "$PORT" "$OUT/service.log" "${GENESYS[@]}" "${BUS[@]}" --bridge.genesys.rate-per-minute=100000000 \
  --bridge.worker.enabled=false
PIDS+=("$SERVICE_PID")
WEBHOOK_PID=$SERVICE_PID
# WORKER=0: the webhook tier alone (its handoffs wait on Kafka; the drain below then sends none).
if [ "${WORKER:-1}" = 1 ]; then
  NICE=${WORKER_NICE:-19} REDIS_PORT=$((PORT + 1)) S3_PORT=$((PORT + 2)) start_service "$WORKER_PORT" "$OUT/worker.log" \
    "${GENESYS[@]}" "${BUS[@]}" --bridge.genesys.rate-per-minute=100000000 \
    --bridge.embedded.redis.enabled=false --bridge.embedded.s3.enabled=false
  PIDS+=("$SERVICE_PID")
fi

# wrk has no fixed-rate mode: each of CONNS connections waits DELAY_MS after each answer.
PACED=${PACED:-1100}
CONNS=64
delay=$((CONNS * 1000 / PACED))
echo "warming up for ${WARMUP}s..."
end=$((SECONDS + WARMUP))
n=0
while [ $SECONDS -lt $end ]; do
  n=$((n + 1))
  DELAY_MS=$delay run_wrk "$OUT/warm-ping-$n.txt" -t1 -c$CONNS -d10s -s bench/ping.lua "$BASE/api/v1/ping"
  DELAY_MS=$delay run_wrk "$OUT/warm-handoff-$n.txt" -t1 -c$CONNS -d10s -s bench/handoff.lua "$BASE/api/v1/handoffs"
done
DELAY_MS=$delay run_wrk "$OUT/handoff-paced.txt" -t1 -c$CONNS -d"${MEASURE}s" -s bench/handoff.lua "$BASE/api/v1/handoffs"
DELAY_MS=$delay run_wrk "$OUT/ping-paced.txt" -t1 -c$CONNS -d"${MEASURE}s" -s bench/ping.lua "$BASE/api/v1/ping"
DELAY_MS=$((delay * 2)) run_wrk "$OUT/handoff-paced-half.txt" -t1 -c$CONNS -d"${MEASURE}s" -s bench/handoff.lua "$BASE/api/v1/handoffs"
for round in 1 2; do
  run_wrk "$OUT/ping-$round.txt" -t1 -c32 -d"${MEASURE}s" -s bench/ping.lua "$BASE/api/v1/ping"
  run_wrk "$OUT/handoff-$round.txt" -t1 -c32 -d"${MEASURE}s" -s bench/handoff.lua "$BASE/api/v1/handoffs"
done
stopped=$SECONDS
# Every accepted handoff must reach Genesys once: wait for the worker to drain the bus.
accepted=0
for f in "$OUT"/warm-handoff-*.txt "$OUT"/handoff-paced*.txt "$OUT"/handoff-1.txt "$OUT"/handoff-2.txt; do
  accepted=$((accepted + $(wrk_requests "$f") - $(wrk_non2xx "$f")))
done
# The worker, at a lower priority, fell behind while the webhook took the load: give it
# DRAIN_SECONDS alone to catch up, and measure how fast it sends then.
stub_messages() { curl -s "http://127.0.0.1:$STUB_PORT/stats" | sed 's/.*"messages": \([0-9]*\).*/\1/'; }
at_stop=$(stub_messages)
sent=$at_stop
drain_limit=${DRAIN_SECONDS:-120}
[ "${WORKER:-1}" = 1 ] || drain_limit=0
while [ "$sent" -lt "$accepted" ] && [ $((SECONDS - stopped)) -lt "$drain_limit" ]; do
  sleep 1
  sent=$(stub_messages)
done
drained=$((SECONDS - stopped))
rss=$(rss_mb "$WEBHOOK_PID")
errors=$(cat "$OUT/service.log" "$OUT"/worker.log 2>/dev/null | grep -c " ERROR " || true)
kill "${PIDS[@]}"; wait 2>/dev/null || true; PIDS=()

echo
echo "| run | endpoint | requests | errors | req/s | p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|---|"
for f in handoff-paced ping-paced handoff-paced-half ping-1 handoff-1 ping-2 handoff-2; do
  file="$OUT/$f.txt"
  echo "| $f | $(head -1 "$file" | awk '{print $NF}' | sed 's#.*/api#/api#') | $(wrk_requests "$file") | $(wrk_errors "$file") | $(wrk_rps "$file") | $(wrk_pct "$file" 50) | $(wrk_pct "$file" 99) |"
done
echo
echo "paced runs: target ${PACED}/s (${CONNS} connections, exponential gaps averaging ${delay} ms), then half that"
echo "webhook instance GC: $(gc_pauses "$OUT/service-gc.log"); Kafka broker GC: $(gc_pauses "$OUT/kafka-gc.log")"
echo "webhook instance resident memory (-Xmx384m): $rss MB; ERROR lines in both service logs: $errors"
echo "handoffs accepted in all rounds: $accepted; messages the Genesys stub received: $at_stop when the load stopped, $sent after ${drained}s more (the worker alone, nice ${WORKER_NICE:-19}: $(( (sent - at_stop) / (drained > 0 ? drained : 1) )) messages/s); not yet sent: $((accepted - sent))"

# Part 2: a burst of 10x the configured rate against a stub that enforces that rate.
RATE=${RATE:-600}
OBSERVE=${OBSERVE:-70}
java -cp target/test-classes com.ivrvideobridge.bench.GenesysStub "$STUB_PORT" "$RATE" >"$OUT/stub-burst.log" 2>&1 &
PIDS+=($!)
await_stub "$STUB_PORT" "$OUT/stub-burst.log"
start_service "$PORT" "$OUT/service-burst.log" "${GENESYS[@]}" --bridge.genesys.rate-per-minute="$RATE" \
  "--bridge.bus.handoffs=seda:handoffs?size=1000000&concurrentConsumers=4"
PIDS+=("$SERVICE_PID")
# The burst: as many handoffs as wrk can offer in BURST_SECONDS (at least 10 x the per-minute rate).
run_wrk "$OUT/burst.txt" -t1 -c16 -d"${BURST_SECONDS:-15}s" -s bench/handoff.lua "$BASE/api/v1/handoffs"
accepted=$(wrk_requests "$OUT/burst.txt")
sleep "$OBSERVE"
stats=$(curl -s "http://127.0.0.1:$STUB_PORT/stats")
echo
echo "burst: ${accepted} handoffs accepted in ${BURST_SECONDS:-15}s ($(awk -v a="$accepted" -v r="$RATE" 'BEGIN {printf "%.1f", a/r}') x the ${RATE}/min rate, $(wrk_errors "$OUT/burst.txt") errors); ${OBSERVE}s later the Genesys stub (limit ${RATE}/min) saw: $stats"
