package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TutorialScopeTest {

    @Test
    void aTutorialInAFolderReachesThatFolderAndBelow() {
        TutorialScope welcome = TutorialScope.of("welcome/welcome.mp4");
        assertThat(welcome.admits("welcome/welcome.m3u8")).isTrue();
        assertThat(welcome.admits("welcome/hls/low/index.m3u8")).isTrue();
        assertThat(welcome.admits("welcome-internal/secret.m3u8")).isFalse();
        assertThat(welcome.admits("welcome")).isFalse();
        assertThat(welcome.admits("welcome/")).isFalse();
        assertThat(welcome.admits("other/welcome.m3u8")).isFalse();
        assertThat(welcome.admits("welcome.m3u8")).isFalse();
    }

    @Test
    void aRootLevelTutorialReachesTheFolderNamedAfterItAndItsOwnCompanions() {
        TutorialScope intro = TutorialScope.of("intro.mp4");
        assertThat(intro.admits("intro.m3u8")).isTrue();
        assertThat(intro.admits("intro.vtt")).isTrue();
        assertThat(intro.admits("intro/hls/low/index.m3u8")).isTrue();
        assertThat(intro.admits("intro-internal/secret.m3u8")).isFalse();
        assertThat(intro.admits("introduction.m3u8")).isFalse();
        assertThat(intro.admits("intro.v2.m3u8")).isFalse();
        assertThat(intro.admits("intro.")).isFalse();
        assertThat(intro.admits("intro")).isFalse();
        assertThat(intro.admits("other.m3u8")).isFalse();
    }

    /** Found by MediaFuzzTest#assetId (crash-fc092d05...): an asset id without an extension. */
    @Test
    void aTutorialReachesItsOwnMp4EvenWithoutAnExtension() {
        assertThat(TutorialScope.of("intro").admits("intro")).isTrue();
        assertThat(TutorialScope.of("intro").admits("intro/low.m3u8")).isTrue();
        assertThat(TutorialScope.of("intro").admits("intro2")).isFalse();
    }

    /** Found by MediaFuzzTest#assetId (crash-32f8fd6e...): the asset "...e" has the stem "..". */
    @Test
    void noKeyWithADotSegmentIsEverAdmitted() {
        assertThat(TutorialScope.of("...e").admits("../...e")).isFalse();
        assertThat(TutorialScope.of("...e").admits("...e")).isTrue();
        assertThat(TutorialScope.of("welcome/welcome.mp4").admits("welcome/../secret.m3u8"))
                .isFalse();
        assertThat(TutorialScope.of("welcome/welcome.mp4").admits("welcome//x.m3u8"))
                .isFalse();
        assertThat(TutorialScope.of("welcome/welcome.mp4").admits("welcome/./x.m3u8"))
                .isFalse();
    }

    @Test
    void aNestedTutorialDoesNotReachItsParentFolder() {
        TutorialScope nested = TutorialScope.of("lessons/router/setup.mp4");
        assertThat(nested.admits("lessons/router/setup.m3u8")).isTrue();
        assertThat(nested.admits("lessons/other/setup.m3u8")).isFalse();
    }
}
