#!/usr/bin/env bash
# The webhook's answer time while the Kafka broker is down and 200 landing pages keep flushing
# telemetry (BrokerOutageBenchmark.java): a webhook-only instance on its own KRaft broker, first
# with the broker up (baseline), then stopped. Goal: every webhook answer within its 8 s bound.
#   bench/broker-outage-benchmark.sh [seconds with the broker stopped, default 60] [Architect callers, default 50] [viewers, default 200]
#                                    [bridge.landing.max-concurrent, default as configured (100); 1000: no bulkhead]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=bench/results/classpath.txt >/dev/null
echo "$(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -cp "target/test-classes:target/classes:$(cat bench/results/classpath.txt)" \
  com.ivrvideobridge.bench.BrokerOutageBenchmark "${1:-60}" "${2:-50}" "${3:-200}" "${4:-}"
echo "$(date -u +%FT%TZ) load average $(cut -d' ' -f1-3 /proc/loadavg)"
