package com.ivrvideobridge.web;

import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs each platform-http route on the servlet container's request thread. Camel's Spring Boot
 * engine would hand every request to a task executor and the answer back to Tomcat: two thread
 * switches per call, which on a busy two-core host cost the webhook a scheduling wait each, while
 * the route blocks its thread anyway (Redis, the Kafka acknowledgement). Concurrency is then
 * bounded by Tomcat's request threads ({@code server.tomcat.threads.max}).
 */
@Configuration(proxyBeanMethods = false)
public class RequestThreadHttpEngine {

    /** Camel's platform-http component looks its engine up by this name. */
    @Bean(name = "platform-http-engine")
    PlatformHttpEngine platformHttpEngine(@Value("${server.port:8080}") int port) {
        return new SpringBootPlatformHttpEngine(port, Runnable::run);
    }
}
