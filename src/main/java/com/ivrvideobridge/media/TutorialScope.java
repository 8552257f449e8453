package com.ivrvideobridge.media;

/**
 * The objects one tutorial may reach through its landing page (its playlists, segments, captions):
 * its folder, matched with the trailing separator so that {@code intro} never admits
 * {@code intro-internal/}. A tutorial at the bucket's root has no folder: its scope is the folder
 * named after it ({@code intro.mp4} reaches {@code intro/...}) and its own companions beside it,
 * {@code intro.<ext>} ({@code intro.m3u8}, {@code intro.vtt}), nothing else at the root. A
 * tutorial always reaches its own MP4 (a playlist may play it by byte ranges), extension or not.
 */
public final class TutorialScope {

    private final String assetId;
    private final String folder;
    private final String stem;

    private TutorialScope(String assetId, String folder, String stem) {
        this.assetId = assetId;
        this.folder = folder;
        this.stem = stem;
    }

    /** The scope of the tutorial whose MP4 is {@code assetId} (a valid asset id, see {@link AssetIds}). */
    public static TutorialScope of(String assetId) {
        int slash = assetId.lastIndexOf('/');
        if (slash >= 0) {
            return new TutorialScope(assetId, assetId.substring(0, slash + 1), null);
        }
        String stem = Tutorial.baseName(assetId);
        return new TutorialScope(assetId, stem + "/", stem + ".");
    }

    /** Whether {@code key} (an object key) belongs to the tutorial; never one with an empty, '.' or '..' segment. */
    public boolean admits(String key) {
        if (AssetIds.hasDotOrEmptySegment(key)) {
            return false;
        }
        if (key.equals(assetId) || (key.startsWith(folder) && key.length() > folder.length())) {
            return true;
        }
        // A root-level tutorial's own companions: intro.m3u8, intro.vtt (one extension, no folder).
        return stem != null
                && key.startsWith(stem)
                && key.length() > stem.length()
                && key.indexOf('/', stem.length()) < 0
                && key.indexOf('.', stem.length()) < 0;
    }

    @Override
    public String toString() {
        return stem == null ? folder : folder + " and " + stem + "<ext>";
    }
}
