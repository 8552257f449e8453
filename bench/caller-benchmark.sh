#!/usr/bin/env bash
# The caller's first frame on a slow mobile network (CallerBenchmark.java): the packaged jar on the
# local profile, Debian's headless Chromium as a phone (viewport, user agent) throttled by Chrome's
# own network emulation on WebPageTest's "3G" (1.6 Mbit/s down, 768 kbit/s up, 300 ms) and
# "3G slow" (400/400 kbit/s, 400 ms) profiles, a cold browser profile per load. Reports link
# opened -> Start can be pressed, Start pressed -> first frame, and the bytes before Start.
#   bench/caller-benchmark.sh [loads per profile, default 5] [profiles, default "3G,3G slow"]
# Needs chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
PORT=${PORT:-18480}
OUT=bench/results/caller
mkdir -p "$OUT"

mvn -q -DskipTests package dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
trap 'kill ${SERVICE_PID:-} 2>/dev/null; wait ${SERVICE_PID:-} 2>/dev/null || true' EXIT
# Ready is enough: the bucket-privacy check in /actuator/health can time out on a busy machine.
HEALTH_PATH=/actuator/health/readiness START_WAIT=${START_WAIT:-300} start_service "$PORT" "$OUT/service.log" --bridge.public-base-url="http://127.0.0.1:$PORT"
echo "$(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(chromium --version 2>/dev/null)"
java -cp "target/test-classes:target/classes:$(cat "$OUT/classpath.txt")" \
  com.ivrvideobridge.bench.CallerBenchmark "http://127.0.0.1:$PORT" "${1:-5}" "${2:-3G,3G slow}"
