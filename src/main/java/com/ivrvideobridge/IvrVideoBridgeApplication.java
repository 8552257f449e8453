package com.ivrvideobridge;

import com.ivrvideobridge.routes.RoutesValidationCommand;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class IvrVideoBridgeApplication {

    public static void main(String[] args) {
        if (RoutesValidationCommand.requested(args)) {
            System.exit(RoutesValidationCommand.run(args, System.out));
        }
        SpringApplication.run(IvrVideoBridgeApplication.class, args);
    }

    /** One clock for every time decision, so tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
