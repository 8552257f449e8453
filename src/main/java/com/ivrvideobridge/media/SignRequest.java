package com.ivrvideobridge.media;

/** A validated request to sign a link to one asset; see {@link SignRequestParser}. */
public record SignRequest(String bucket, String assetId, int expirationSeconds, String sessionToken) {}
