package dev.slipway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local registry is a real one: pushed images are served, and a re-pushed tag moves to the new manifest. */
class LocalRegistryIT {

    private static LocalRegistry registry;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.start();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void aTagPushedTwiceServesTheNewestManifest() throws Exception {
        // Given an image pushed as builders/java:17
        String first = registry.push("builders/java", "17", "first");

        // When a different image is pushed to the same tag
        String second = registry.push("builders/java", "17", "second");

        // Then both digests are real and differ, and the tag's manifest is now the second one
        assertThat(first).matches("sha256:[0-9a-f]{64}");
        assertThat(second).matches("sha256:[0-9a-f]{64}").isNotEqualTo(first);
        HttpResponse<Void> head = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/builders/java/manifests/17"))
                        .header("Accept", LocalRegistry.OCI_MANIFEST)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Docker-Content-Digest")).contains(second);
        assertThat(head.headers().firstValue("Content-Type")).contains(LocalRegistry.OCI_MANIFEST);
    }

    @Test
    void theSameTextGivesTheSameDigest() {
        assertThat(registry.push("same", "a", "text")).isEqualTo(registry.push("same", "b", "text"));
    }

    @Test
    void listensOnTheLoopbackAddress() {
        assertThat(registry.host()).matches("127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void closeStopsTheRegistry() {
        LocalRegistry other = LocalRegistry.start();
        String host = other.host();

        other.close();

        assertThatThrownBy(() -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).build(),
                HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void aBinaryThatCannotStartFailsWithItsPathAndOutput(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("registry");
        Files.writeString(broken, "#!/bin/sh\necho \"configuration error: cannot listen\"\nexit 1\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> LocalRegistry.start(broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(broken.toString())
                .hasMessageContaining("exited with code")
                .hasMessageContaining("configuration error: cannot listen");
    }
}
