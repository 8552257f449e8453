# Shared helpers for the benchmark scripts: start the packaged service, run wrk, read its output.
# shellcheck shell=bash

# start_service PORT LOGFILE [extra args...]: packaged jar, local profile, -Xmx384m, G1 with the
# 5 ms pause goal the Dockerfile and docs/operations.md recommend; sets SERVICE_PID. Its embedded Redis and
# S3 listen on PORT+1 and PORT+2 (or on REDIS_PORT and S3_PORT: another instance's); NICE lowers
# its CPU priority; START_WAIT (seconds, default 120) bounds the wait for its health (HEALTH_PATH,
# default /actuator/health; /actuator/health/readiness leaves out the shared checks).
start_service() {
  local port=$1 log=$2
  local redis_port=${REDIS_PORT:-$((port + 1))} s3_port=${S3_PORT:-$((port + 2))}
  shift 2
  # A service from an earlier run may still be shutting down: wait for its ports.
  for _ in $(seq 1 60); do
    ss -ltn | grep -qE ":($port|$((port + 1))|$((port + 2))) " || break
    sleep 1
  done
  nice -n "${NICE:-0}" java -Xmx384m -XX:+UseG1GC -XX:MaxGCPauseMillis=5 -Xlog:gc:file="${log%.log}-gc.log" \
    -jar target/ivr-video-bridge-*.jar --server.port="$port" \
    --bridge.embedded.redis.port="$redis_port" --bridge.embedded.s3.port="$s3_port" "$@" >"$log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 "${START_WAIT:-120}"); do
    curl -sf "http://127.0.0.1:$port${HEALTH_PATH:-/actuator/health}" >/dev/null && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || { echo "service died; see $log" >&2; return 1; }
    sleep 1
  done
  echo "service did not become healthy; see $log" >&2
  return 1
}

# run_wrk OUTFILE wrk-args...: runs wrk with --latency, keeps its output.
run_wrk() {
  local out=$1
  shift
  wrk --latency "$@" >"$out"
}

# Fields from a wrk --latency output file.
wrk_rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
wrk_requests() { awk '/requests in/ {print $1}' "$1"; }
# Answers that were not 2xx (counted in wrk's requests).
wrk_non2xx() {
  local non2xx
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$1")
  echo "${non2xx:-0}"
}
# Non-2xx answers plus socket errors ("  Socket errors: connect 0, read 0, write 0, timeout 0").
wrk_errors() {
  local sock
  sock=$(awk -F'[ ,]+' '/Socket errors:/ {print $5+$7+$9+$11}' "$1")
  echo $(( $(wrk_non2xx "$1") + ${sock:-0} ))
}
# wrk_pct FILE 50|99 -> latency in ms
wrk_pct() {
  awk -v p="$2%" '$1 == p {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; printf "%.2f", v}' "$1"
}
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
# gc_pauses GCLOG -> "count, p99 ms, max ms" of the JVM's stop-the-world pauses in a -Xlog:gc file.
gc_pauses() {
  grep -E 'Pause (Young|Full|Remark|Cleanup)' "$1" | grep -oE '[0-9.]+ms$' | sed 's/ms//' | sort -n |
    awk '{v[NR]=$1} END {if (NR == 0) {print "0 pauses"; exit}; i=int(NR*0.99); if (i < 1) i=1; printf "%d pauses, p99 %.1f ms, max %.1f ms", NR, v[i], v[NR]}'
}
# await_stub PORT LOG: waits for bench's GenesysStub to answer (a port still held by an earlier
# run would otherwise leave the service calling nobody).
await_stub() {
  for _ in $(seq 1 30); do
    curl -sf "http://127.0.0.1:$1/stats" >/dev/null && return 0
    sleep 1
  done
  echo "Genesys stub did not start on port $1; see $2" >&2
  return 1
}
