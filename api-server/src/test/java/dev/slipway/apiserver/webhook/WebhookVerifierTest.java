package dev.slipway.apiserver.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookVerifierTest {

    private static final byte[] SECRET = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    /** GitHub's own documented example: this secret, this payload, this signature. */
    private static final String GITHUB_EXAMPLE =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void githubsDocumentedExampleVerifies() {
        assertThat(WebhookVerifier.github(SECRET, BODY, GITHUB_EXAMPLE)).isTrue();
    }

    @Test
    void anyOtherGithubSignatureDoesNot() {
        assertThat(WebhookVerifier.github(SECRET, "Hello, World?".getBytes(StandardCharsets.UTF_8), GITHUB_EXAMPLE)).isFalse();
        assertThat(WebhookVerifier.github("other".getBytes(StandardCharsets.UTF_8), BODY, GITHUB_EXAMPLE)).isFalse();
        assertThat(WebhookVerifier.github(SECRET, BODY, GITHUB_EXAMPLE.replace("sha256=", "sha1="))).isFalse();
        assertThat(WebhookVerifier.github(SECRET, BODY, "sha256=zz")).isFalse();
        assertThat(WebhookVerifier.github(SECRET, BODY, "sha256=")).isFalse();
        assertThat(WebhookVerifier.github(SECRET, BODY, null)).isFalse();
    }

    @Test
    void gitlabTokensMustMatchExactly() {
        assertThat(WebhookVerifier.gitlab(SECRET, "It's a Secret to Everybody")).isTrue();
        assertThat(WebhookVerifier.gitlab(SECRET, "It's a Secret to Everybody ")).isFalse();
        assertThat(WebhookVerifier.gitlab(SECRET, "")).isFalse();
        assertThat(WebhookVerifier.gitlab(SECRET, null)).isFalse();
    }
}
