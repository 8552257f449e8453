# Runtime image for docker-compose.yml: build the jar first with `mvn package -DskipTests`.
FROM eclipse-temurin:17-jre
WORKDIR /opt/bridge
COPY target/ivr-video-bridge-*.jar app.jar
COPY routes/ routes/
COPY config/ config/
EXPOSE 8080
# G1 with a 5 ms pause goal: the webhook answers a caller waiting on the line (docs/benchmarks.md).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=5", "-jar", "app.jar"]
