package com.ivrvideobridge.web;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.EncodedResourceResolver;

/**
 * Browser libraries under versioned paths ({@code /vendor/<name>@<version>/...}): a new version is
 * a new URL, so a browser or proxy may keep each for a year without asking again (immutable). They
 * are served from the brotli or gzip copy beside them when the browser accepts it (compressed once,
 * at the strongest level, by scripts/vendor-frontend.sh). Other static files (dashboard, sandbox)
 * keep unversioned names: spring.web.resources.cache.cachecontrol.no-cache makes browsers revalidate
 * them (304 when unchanged). Landing documents are {@code no-store}; playlists are kept a few
 * seconds by the browser only (LandingHeadersFilter).
 */
@Configuration
public class StaticAssets implements WebMvcConfigurer {

    static final Duration VERSIONED_MAX_AGE = Duration.ofDays(365);

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/vendor/**")
                .addResourceLocations("classpath:/static/vendor/")
                .setCacheControl(
                        CacheControl.maxAge(VERSIONED_MAX_AGE).cachePublic().immutable())
                .resourceChain(true)
                .addResolver(new EncodedResourceResolver());
    }
}
