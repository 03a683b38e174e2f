package dev.slipway.controller.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testkit.LocalRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against a real distribution registry ({@link LocalRegistry}), spoken to over plain HTTP. */
class RegistryClientIT {

    private static final String DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static LocalRegistry registry;
    private static RegistryClient client;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.start();
        client = new RegistryClient(Set.of(registry.host()), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void digestOfAPushedTag() {
        String pushed = registry.push("builders/node", "20", "node 20");

        assertThat(client.digest(registry.host() + "/builders/node:20")).contains(pushed);
    }

    @Test
    void digestFollowsTheTagWhenItIsPushedAgain() {
        // Given a builder image tag the client has seen
        String before = registry.push("builders/python", "3.12", "first build");
        assertThat(client.digest(registry.host() + "/builders/python:3.12")).contains(before);

        // When a new image is pushed to the same tag
        String after = registry.push("builders/python", "3.12", "security update");

        // Then the client reports the new digest
        assertThat(after).isNotEqualTo(before);
        assertThat(client.digest(registry.host() + "/builders/python:3.12")).contains(after);
    }

    @Test
    void theDefaultTagIsLatest() {
        String pushed = registry.push("builders/go", "latest", "go");

        assertThat(client.digest(registry.host() + "/builders/go")).contains(pushed);
    }

    @Test
    void aMissingTagIsEmpty() {
        registry.push("builders/ruby", "3.3", "ruby");

        assertThat(client.digest(registry.host() + "/builders/ruby:9.9")).isEmpty();
    }

    @Test
    void anUnknownRepositoryIsEmpty() {
        assertThat(client.digest(registry.host() + "/nobody/pushed-this:1")).isEmpty();
    }

    @Test
    void aReferenceWithADigestIsAnsweredWithoutACall() throws IOException {
        String silent = "127.0.0.1:" + unusedPort();

        assertThat(client.digest(silent + "/builders/java:17@" + DIGEST)).contains(DIGEST);
    }

    @Test
    void aHostWhereNothingListensIsARegistryExceptionNamingIt() throws IOException {
        String silent = "127.0.0.1:" + unusedPort();
        RegistryClient plain = new RegistryClient(Set.of(silent), Duration.ofSeconds(2));

        assertThatThrownBy(() -> plain.digest(silent + "/builders/java:17"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(silent)
                .hasMessageContaining("builders/java");
    }

    /** A port that was free a moment ago; nothing of this test listens on it. */
    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
