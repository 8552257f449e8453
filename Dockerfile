# Runtime image for docker-compose.yml: build the jar first with `mvn package -DskipTests`.
FROM eclipse-temurin:17-jre
WORKDIR /opt/bridge
COPY target/ivr-video-bridge-*.jar app.jar
COPY routes/ routes/
COPY config/ config/
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "app.jar"]
