#!/usr/bin/env bash
# Timeout-to-agent deadlines at scale in a real redis-server: memory per pending deadline and
# firing lateness with two polling instances (see DeadlineBenchmark.java).
#   bench/deadline-benchmark.sh [pending, default 100000] [seconds, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=bench/results/classpath.txt >/dev/null
java -cp "target/test-classes:target/classes:$(cat bench/results/classpath.txt)" \
  com.ivrvideobridge.bench.DeadlineBenchmark "${1:-100000}" "${2:-60}"
