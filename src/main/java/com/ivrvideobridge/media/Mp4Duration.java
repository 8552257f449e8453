package com.ivrvideobridge.media;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The length of an MP4 from its movie header ({@code moov/mvhd}: a timescale and a duration),
 * read with a few small ranged reads: the top-level boxes' headers (skipping {@code mdat}, the
 * media itself, by its size), then the start of {@code moov}. For a tutorial with neither a
 * sidecar length nor HLS.
 */
final class Mp4Duration {

    /** Reads {@code length} bytes from {@code offset} (fewer at the end of the object). */
    @FunctionalInterface
    interface Ranges {
        byte[] read(long offset, int length);
    }

    /** Top-level boxes looked at before giving up (ftyp, free, mdat, moov... come in a handful). */
    private static final int MAX_BOXES = 16;
    /** Of moov, read this much: mvhd is its first child in every muxer we know. */
    private static final int MOOV_HEAD = 4096;

    private static final double MAX_SECONDS = 24 * 3600;

    private Mp4Duration() {}

    /** Seconds, or null when the object is not an MP4 with a movie header. */
    static Double of(Ranges object) {
        long offset = 0;
        for (int i = 0; i < MAX_BOXES; i++) {
            byte[] header = object.read(offset, 16);
            if (header.length < 8) {
                return null;
            }
            ByteBuffer box = ByteBuffer.wrap(header);
            long size = Integer.toUnsignedLong(box.getInt());
            String type = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
            int headerLength = 8;
            if (size == 1 && header.length >= 16) {
                size = box.getLong(8);
                headerLength = 16;
            }
            if ("moov".equals(type)) {
                return movieHeader(object.read(offset + headerLength, (int) Math.min(MOOV_HEAD, size - headerLength)));
            }
            if (size < headerLength) {
                return null; // size 0 (to the end) or broken: no moov after it
            }
            offset += size;
        }
        return null;
    }

    /** The duration in moov's children, or null without an mvhd there. */
    private static Double movieHeader(byte[] moov) {
        ByteBuffer in = ByteBuffer.wrap(moov);
        int at = 0;
        while (at + 8 <= moov.length) {
            long size = Integer.toUnsignedLong(in.getInt(at));
            if ("mvhd".equals(new String(moov, at + 4, 4, StandardCharsets.ISO_8859_1))) {
                int version = moov[at + 8];
                boolean wide = version == 1;
                int timescaleAt = at + (wide ? 28 : 20);
                if (timescaleAt + (wide ? 12 : 8) > moov.length) {
                    return null;
                }
                long timescale = Integer.toUnsignedLong(in.getInt(timescaleAt));
                long duration = wide ? in.getLong(timescaleAt + 4) : Integer.toUnsignedLong(in.getInt(timescaleAt + 4));
                double seconds = timescale == 0 || duration <= 0 ? 0 : (double) duration / timescale;
                // Unset (0, all ones) or absurd: unknown rather than a length to judge telemetry by.
                return seconds > 0 && seconds <= MAX_SECONDS ? seconds : null;
            }
            if (size < 8 || at + size > moov.length) {
                return null;
            }
            at += (int) size;
        }
        return null;
    }
}
