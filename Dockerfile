# The production image: build the lean jar first with `mvn -Pprod package` (no embedded Redis or
# S3 server inside; it runs the prod profile only, configured by environment variables).
FROM eclipse-temurin:17-jre
WORKDIR /opt/bridge
# An unprivileged user owns nothing it runs: the jar, routes and config stay root's, read-only to it.
RUN groupadd --system bridge && useradd --system --gid bridge --home-dir /opt/bridge --shell /usr/sbin/nologin bridge
COPY target/ivr-video-bridge-*.jar app.jar
COPY config/ config/
# The routes are read from a folder (BRIDGE_ROUTES_DIR, every *.yaml at any depth). The image carries
# the release's routes there; production mounts its own folder over it, read-only (a volume or a
# ConfigMap; docs/routes-in-production.md). A broken folder stops the start with file and line.
COPY routes/ /etc/ivr-video-bridge/routes/
ENV BRIDGE_ROUTES_DIR=/etc/ivr-video-bridge/routes
USER bridge
# The prod profile unless told otherwise: without it the jar starts its default, "local", whose
# credentials are published. prod refuses to start until every setting it needs is given.
ENV SPRING_PROFILES_ACTIVE=prod
EXPOSE 8080
# Liveness only (livenessState): a Redis or Kafka outage makes the instance unready, not unhealthy, so
# the orchestrator does not restart instances that would recover on their own. The JRE image has no
# curl; bash's /dev/tcp asks instead.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
# G1 with a 5 ms pause goal: the webhook answers a caller waiting on the line (docs/benchmarks.md).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=5", "-jar", "app.jar"]
