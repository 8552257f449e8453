package com.ivrvideobridge.media;

/** See {@link MediaProperties.CredentialLimit}. */
public enum CredentialLimitPolicy {
    SHORTEN,
    REFUSE
}
