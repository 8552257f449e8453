# Runtime image for docker-compose.yml: build the jar first with `mvn package -DskipTests`.
FROM eclipse-temurin:17-jre
WORKDIR /opt/bridge
COPY target/ivr-video-bridge-*.jar app.jar
COPY routes/ routes/
COPY config/ config/
EXPOSE 8080
# The prod profile unless told otherwise: without it the jar starts its default, "local", whose
# credentials are published. prod refuses to start until every setting it needs is given.
ENV SPRING_PROFILES_ACTIVE=prod
# G1 with a 5 ms pause goal: the webhook answers a caller waiting on the line (docs/benchmarks.md).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=5", "-jar", "app.jar"]
