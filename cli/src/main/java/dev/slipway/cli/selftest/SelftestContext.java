package dev.slipway.cli.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.CliException;
import dev.slipway.cli.Phases;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the checks share: the API server, the self-test's namespace and its two users' tokens, the
 * HTTP client, and waiting. Every wait of a check ends at that check's deadline ({@link #startCheck}),
 * so {@code --timeout} bounds a check as a whole.
 */
final class SelftestContext {

    static final Set<String> ENDED = Phases.RELEASE_FINAL;
    private static final Set<String> ENDED_BUILD = Phases.BUILD_FINAL;
    private static final Duration POLL = Duration.ofSeconds(1);

    final URI server;
    final SelftestHttp http;
    final SelftestNamespace namespace;
    private final Duration timeout;
    private long deadline;
    /** Tokens of ServiceAccounts bound to slipway-developer and slipway-viewer in the namespace. */
    String developer;
    String viewer;

    SelftestContext(URI server, SelftestHttp http, SelftestNamespace namespace, Duration timeout) {
        this.server = server;
        this.http = http;
        this.namespace = namespace;
        this.timeout = timeout;
        startCheck();
    }

    void startCheck() {
        deadline = System.nanoTime() + timeout.toNanos();
    }

    /** An API path under the self-test's namespace. */
    URI inNamespace(String path) {
        return server.resolve("api/v1/namespaces/" + namespace.name() + "/" + path);
    }

    /** An App as the developer reads it through the API. */
    JsonNode app(String app) {
        SelftestHttp.Response response = http.get(inNamespace("apps/" + app), developer);
        expect(response.status() == 200, "GET App " + app + " answered " + response.status() + ": " + response.abbreviated());
        return response.json();
    }

    /** The URL of the App's route once its status has one. */
    URI url(String app) {
        return URI.create(await("App " + app + "'s status.url", () -> text(app(app), "status", "url")));
    }

    /** The App's release of {@code revision} once it has ended. */
    JsonNode awaitEnd(String app, long revision) {
        return await("release " + app + "-" + revision + " to end", () -> {
            SelftestHttp.Response response = http.get(inNamespace("apps/" + app + "/releases/" + revision), developer);
            if (response.status() != 200) {
                return null;
            }
            JsonNode release = response.json();
            String phase = text(release, "status", "phase");
            return phase != null && ENDED.contains(phase) ? release : null;
        });
    }

    /** The Build once it has ended; a check fails unless it completed, with the Build's message. */
    GenericKubernetesResource awaitComplete(String buildName) {
        GenericKubernetesResource build = await("Build " + buildName + " to end", () -> {
            GenericKubernetesResource found = namespace.build(buildName);
            Object phase = found == null ? null : part(found, "status").get("phase");
            return phase != null && ENDED_BUILD.contains(phase) ? found : null;
        });
        Map<String, Object> status = part(build, "status");
        expect("Complete".equals(status.get("phase")), "Build " + buildName + " ended " + status.get("phase") + ": "
                + status.get("message"));
        return build;
    }

    /** Waits until the route answers 200 with {@code body}. */
    void answers(URI url, String body) {
        awaitAnswer(url.toString(), () -> http.route(url), r -> r.status() == 200 && r.body().strip().equals(body));
    }

    /** Sends a request each second until its answer is {@code wanted}; a timeout names the last answer. */
    SelftestHttp.Response awaitAnswer(String what, Supplier<SelftestHttp.Response> send,
                                      Predicate<SelftestHttp.Response> wanted) {
        List<SelftestHttp.Response> last = new ArrayList<>(List.of(new SelftestHttp.Response(0, "none")));
        try {
            return await(what + " to answer as expected", () -> {
                last.set(0, send.get());
                return wanted.test(last.get(0)) ? last.get(0) : null;
            });
        } catch (CheckFailed e) {
            throw new CheckFailed(e.getMessage() + "; last answer: " + last.get(0).status() + " " + last.get(0).abbreviated());
        }
    }

    /** Polls {@code probe} each second until it answers non-null, at most until the check's deadline. */
    <T> T await(String what, Supplier<T> probe) {
        String lastError = null;
        while (true) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (CheckFailed | CliException | KubernetesClientException e) {
                lastError = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new CheckFailed("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (lastError == null ? "" : " (last error: " + lastError + ")"));
            }
            sleep(POLL);
        }
    }

    static void expectPhase(JsonNode release, String phase) {
        String actual = text(release, "status", "phase");
        if (!phase.equals(actual)) {
            JsonNode failed = null;
            for (JsonNode step : release.path("status").path("steps")) {
                if ("Failed".equals(step.path("phase").asText())) {
                    failed = step;
                }
            }
            throw new CheckFailed(name(release) + " ended " + actual + ", not " + phase
                    + (failed == null ? "" : ": " + text(failed, "name") + ": " + text(failed, "message")));
        }
    }

    /** "name phase" of each step, in order. */
    static List<String> steps(JsonNode release) {
        List<String> steps = new ArrayList<>();
        release.path("status").path("steps").forEach(s -> steps.add(s.path("name").asText() + " " + s.path("phase").asText()));
        return steps;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> part(GenericKubernetesResource resource, String name) {
        return (Map<String, Object>) resource.getAdditionalProperties().getOrDefault(name, Map.of());
    }

    static String name(JsonNode resource) {
        return text(resource, "metadata", "name");
    }

    static String text(JsonNode node, String... path) {
        JsonNode at = node;
        for (String key : path) {
            at = at.path(key);
        }
        return at.isMissingNode() || at.isNull() ? null : at.asText();
    }

    static void expect(boolean condition, String otherwise) {
        if (!condition) {
            throw new CheckFailed(otherwise);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckFailed("interrupted");
        }
    }
}
