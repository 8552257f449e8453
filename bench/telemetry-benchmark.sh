#!/usr/bin/env bash
# Batched telemetry ingest into Kafka through the real service, against a raw Kafka producer on
# the same broker in the same run, with a count of what reached the topic (TelemetryBenchmark.java).
#   bench/telemetry-benchmark.sh [seconds per phase, default 60] [connections, default 16] [warm-up s, default 180]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=bench/results/classpath.txt >/dev/null
java -Xmx1g -cp "target/test-classes:target/classes:$(cat bench/results/classpath.txt)" \
  com.ivrvideobridge.bench.TelemetryBenchmark "${1:-60}" "${2:-16}" "${3:-180}"
