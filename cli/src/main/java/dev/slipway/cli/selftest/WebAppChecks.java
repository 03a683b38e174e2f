package dev.slipway.cli.selftest;

import static dev.slipway.cli.selftest.SelftestContext.expect;
import static dev.slipway.cli.selftest.SelftestContext.expectPhase;
import static dev.slipway.cli.selftest.SelftestContext.name;
import static dev.slipway.cli.selftest.SelftestContext.steps;
import static dev.slipway.cli.selftest.SelftestContext.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.ApiClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The checks that write one release history of the App "web", from the sample image: v1; a config
 * change to v2 under load; a developer's release; Recreate with a migration to v4; a failing
 * migration (v5) that rolls back; a manual rollback to v2. Each answers what it saw.
 */
final class WebAppChecks {

    static final String WEB = "web";
    /** How long the event stream may take to replay a release that has already ended. */
    private static final Duration EVENTS_TIMEOUT = Duration.ofSeconds(30);

    private final SelftestContext context;
    private final String sampleImage;
    /** The newest release the checks know of, and the one the config change made. */
    private JsonNode latest;
    private long configChangeRevision;
    private RouteLoad load;
    /** The resourceVersion of the first release as it ended: the event stream resumes after it. */
    private String firstReleaseVersion;

    WebAppChecks(SelftestContext context, String sampleImage) {
        this.context = context;
        this.sampleImage = sampleImage;
    }

    String deploy() {
        context.namespace.applyApp("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: %s}
                spec:
                  image: %s
                  replicas: 2
                  port: 8080
                  env: [{name: MESSAGE, value: v1}]
                  healthCheck: {path: /healthz, periodSeconds: 1}
                  strategy: {type: Rolling}
                  routes: [{path: /}]
                  triggers: {config: true}
                """.formatted(WEB, sampleImage));
        long first = context.await("App web's first release", () -> {
            long revision = context.app(WEB).path("status").path("latestRevision").asLong();
            return revision > 0 ? revision : null;
        });
        latest = context.awaitEnd(WEB, first);
        expectPhase(latest, "Complete");
        return name(latest) + " Complete: 2 pods of the sample image ready";
    }

    String routes() {
        URI url = context.url(WEB);
        context.answers(url, "v1");
        return url + " answers \"v1\"";
    }

    /** Requests start going through the route before the change, for the rolling check. */
    String configTrigger() {
        load = RouteLoad.start(context.http, context.url(WEB));
        context.namespace.patchApp(WEB, Map.of("env", List.of(Map.of("name", "MESSAGE", "value", "v2"))));
        JsonNode release = awaitNextConfigChange();
        configChangeRevision = release.path("spec").path("revision").asLong();
        return "a change of the App's env started " + name(release) + " (\"" + text(release, "spec", "reason") + "\")";
    }

    /** The config change completes while requests go through the route: none may fail. */
    String rolling() {
        JsonNode release;
        RouteLoad.Result result;
        try {
            release = context.awaitEnd(WEB, configChangeRevision);
        } finally {
            result = load.stop();
        }
        expectPhase(release, "Complete");
        expect(result.failures().isEmpty(), result.failures().size() + " of " + result.sent()
                + " requests during the rollout failed, first: " + (result.failures().isEmpty() ? "" : result.failures().get(0)));
        expect(result.sent() >= RouteLoad.MIN_REQUESTS, "only " + result.sent() + " requests went through the route"
                + " during the rollout; at least " + RouteLoad.MIN_REQUESTS + " are needed to call it proven");
        context.answers(context.url(WEB), "v2");
        latest = release;
        return name(release) + " Complete; " + result.sent() + " requests through the route from before the change"
                + " to its end, 0 failed";
    }

    /** The App's event stream, resumed from before the config change, replays that release to its end. */
    String events() {
        String release = WEB + "-" + configChangeRevision;
        ApiClient client = new ApiClient(context.server, context.developer);
        String path = context.inNamespace("apps/" + WEB + "/events").toString();
        List<ApiClient.Event> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> replay = CompletableFuture.runAsync(() -> client.events(path, firstReleaseVersion,
                event -> {
                    if (!event.data().toString().contains("\"" + release + "\"")) {
                        return true;
                    }
                    seen.add(event);
                    return !(event.type().equals("release") && event.data().toString().contains("Complete"));
                }));
        try {
            replay.get(EVENTS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            replay.cancel(true);
            throw new CheckFailed("the event stream sent " + seen.size() + " events of " + release + " in "
                    + EVENTS_TIMEOUT.toSeconds() + " s, not its completion");
        } catch (ExecutionException e) {
            throw new CheckFailed("the event stream failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckFailed("interrupted");
        }
        return seen.size() + " server-sent events of " + release + " to its completion ("
                + seen.stream().map(ApiClient.Event::type).distinct().sorted().reduce((a, b) -> a + ", " + b).orElse("")
                + "), replayed from before it began";
    }

    String accessControl() {
        URI releases = context.inNamespace("apps/" + WEB + "/releases");
        String body = SelftestHttp.json(Map.of("reason", "selftest: a release by a developer"));
        SelftestHttp.Response refused = context.http.post(releases, context.viewer, Map.of(), body);
        expect(refused.status() == 403, "a viewer's release request answered " + refused.status() + ", not 403: "
                + refused.abbreviated());
        SelftestHttp.Response read = context.http.get(context.inNamespace("apps/" + WEB), context.viewer);
        expect(read.status() == 200, "a viewer's read of App web answered " + read.status());
        SelftestHttp.Response accepted = context.http.post(releases, context.developer, Map.of(), body);
        expect(accepted.status() == 202, "a developer's release request answered " + accepted.status() + ": "
                + accepted.abbreviated());
        JsonNode release = context.awaitEnd(WEB, accepted.json().path("spec").path("revision").asLong());
        expectPhase(release, "Complete");
        latest = release;
        return "a developer's release through the API " + name(release) + " Complete (202); a viewer may read (200)"
                + " and is refused a release (403)";
    }

    String recreate() {
        context.namespace.patchApp(WEB, Map.of("strategy", Map.of("type", "Recreate"),
                "hooks", Map.of("mid", Map.of("command", List.of("sh", "-c", "echo migrating; echo migrated"),
                        "failurePolicy", "Abort")),
                "env", List.of(Map.of("name", "MESSAGE", "value", "v4"))));
        JsonNode release = context.awaitEnd(WEB, awaitNextConfigChange().path("spec").path("revision").asLong());
        expectPhase(release, "Complete");
        List<String> steps = steps(release);
        expect(steps.containsAll(List.of("scale-down Complete", "mid-hook Complete", "rollout Complete")),
                name(release) + " has steps " + steps);
        context.answers(context.url(WEB), "v4");
        latest = release;
        return name(release) + " Complete: " + String.join(", ", steps) + "; answers \"v4\"";
    }

    String failingHookRollsBack() {
        context.namespace.patchApp(WEB, Map.of("hooks", Map.of("mid", Map.of("command",
                        List.of("sh", "-c", "echo a migration that fails on purpose >&2; exit 3"), "failurePolicy", "Abort")),
                "env", List.of(Map.of("name", "MESSAGE", "value", "v5"))));
        JsonNode release = context.awaitEnd(WEB, awaitNextConfigChange().path("spec").path("revision").asLong());
        expectPhase(release, "RolledBack");
        context.answers(context.url(WEB), "v4");
        latest = release;
        return name(release) + " RolledBack after its mid-hook failed (" + steps(release) + "); \"v4\" serves again";
    }

    String manualRollback() {
        SelftestHttp.Response accepted = context.http.post(context.inNamespace("apps/" + WEB + "/rollback"),
                context.developer, Map.of(), SelftestHttp.json(Map.of("toRevision", configChangeRevision,
                        "reason", "selftest: a manual rollback")));
        expect(accepted.status() == 202, "a rollback request answered " + accepted.status() + ": " + accepted.abbreviated());
        JsonNode release = context.awaitEnd(WEB, accepted.json().path("spec").path("revision").asLong());
        expectPhase(release, "Complete");
        context.answers(context.url(WEB), "v2");
        latest = release;
        return name(release) + " restored revision " + configChangeRevision + " (Complete); answers \"v2\"";
    }

    /** The first release newer than {@link #latest} that a config change started. */
    private JsonNode awaitNextConfigChange() {
        long known = latest.path("spec").path("revision").asLong();
        if (firstReleaseVersion == null) {
            firstReleaseVersion = text(latest, "metadata", "resourceVersion");
        }
        return context.await("a config change release of App web after revision " + known, () -> {
            SelftestHttp.Response list = context.http.get(context.inNamespace("apps/" + WEB + "/releases"), context.developer);
            if (list.status() != 200) {
                return null;
            }
            for (JsonNode release : list.json().path("items")) {
                String reason = text(release, "spec", "reason");
                if (release.path("spec").path("revision").asLong() > known && reason != null && reason.contains("config")) {
                    return release;
                }
            }
            return null;
        });
    }

    /** Stops the route's load when a check failed before the rolling check could. */
    void close() {
        if (load != null) {
            load.stop();
        }
    }
}
