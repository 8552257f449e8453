package com.ivrvideobridge.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bridge.webhook.*}: the credentials of the Genesys Web Services Data Actions integration
 * calling {@code POST /api/v1/handoffs}: Basic auth ({@code username}/{@code password}), or a
 * user-defined header ({@code header-name}/{@code header-value}; empty name: Basic only).
 */
@ConfigurationProperties("bridge.webhook")
public record WebhookProperties(
        @DefaultValue("") String username,
        @DefaultValue("") String password,
        @DefaultValue("") String headerName,
        @DefaultValue("") String headerValue) {}
