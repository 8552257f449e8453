package com.ivrvideobridge.handoff;

/** Phone numbers are personal data: shown to operators only masked, never logged in clear. */
public final class PhoneNumbers {

    private PhoneNumbers() {}

    /** {@code +14155550100} becomes {@code +1*******00}. */
    public static String mask(String e164) {
        if (e164 == null || e164.length() < 5) {
            return e164 == null ? null : "***";
        }
        return e164.substring(0, 2) + "*".repeat(e164.length() - 4) + e164.substring(e164.length() - 2);
    }
}
