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

    @Test
    void aNestedTutorialDoesNotReachItsParentFolder() {
        TutorialScope nested = TutorialScope.of("lessons/router/setup.mp4");
        assertThat(nested.admits("lessons/router/setup.m3u8")).isTrue();
        assertThat(nested.admits("lessons/other/setup.m3u8")).isFalse();
    }
}
