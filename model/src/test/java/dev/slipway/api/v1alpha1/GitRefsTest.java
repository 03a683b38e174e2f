package dev.slipway.api.v1alpha1;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GitRefsTest {

    @Test
    void aRefWithAStarIsATagPattern() {
        assertThat(GitRefs.isTagPattern("v*")).isTrue();
        assertThat(GitRefs.isTagPattern("main")).isFalse();
        assertThat(GitRefs.isTagPattern(null)).isFalse();
    }

    @Test
    void aStarMatchesAnyRunAndTheRestMatchesItselfOnly() {
        assertThat(GitRefs.tagMatches("v*", "v1.4.0")).isTrue();
        assertThat(GitRefs.tagMatches("v*", "v")).isTrue();
        assertThat(GitRefs.tagMatches("v*", "nightly")).isFalse();
        assertThat(GitRefs.tagMatches("v1.*-rc*", "v1.2-rc3")).isTrue();
        assertThat(GitRefs.tagMatches("v1.*", "v1x2")).as("a dot is not any character").isFalse();
        assertThat(GitRefs.tagMatches("release/*", "release/2026/12")).isTrue();
    }
}
