package com.ivrvideobridge.embedded;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import redis.embedded.RedisServer;

/** Starts a real redis-server (bundled binary) on bridge.embedded.redis.port, for the local profile. */
@Component
@ConditionalOnProperty("bridge.embedded.redis.enabled")
public class EmbeddedRedis implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final RedisServer server;

    public EmbeddedRedis(EmbeddedProperties properties) throws IOException {
        int port = properties.getRedis().getPort();
        this.server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        log.info("Embedded Redis listening on 127.0.0.1:{} (local profile; data is not kept)", port);
    }

    @Override
    public void destroy() throws IOException {
        server.stop();
    }
}
