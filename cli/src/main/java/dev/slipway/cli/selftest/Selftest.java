package dev.slipway.cli.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.ApiClient;
import dev.slipway.cli.CliException;
import dev.slipway.cli.selftest.CheckResult.Outcome;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code slipway selftest}: proves, on the cluster of the current kubeconfig and the installed API
 * server, each capability that the docs promise, in a namespace of its own that it removes after.
 * Checks run in order, each building on the ones before (a release history of one App, "web",
 * from the sample image: v1, a config change, a developer's release, Recreate with a migration, a
 * failing migration that rolls back, a manual rollback), and each prints PASS or FAIL with what it
 * saw; a check whose groundwork failed fails at once, saying which.
 */
public final class Selftest {

    /** What the command was given. {@code sampleImage} null: the one beside the installed API server's image. */
    public record Options(String namespace, Map<String, String> namespaceAnnotations, String sampleImage,
                          String gitUrl, String ingress, Duration timeout, boolean keepOnFailure) {
    }

    private static final String INSTALLATION = "slipway-system";
    private static final String WEB = "web";
    private static final String SOURCE = "source";
    private static final Set<String> ENDED = Set.of("Complete", "Failed", "RolledBack", "Superseded", "Cancelled");
    private static final Duration POLL = Duration.ofSeconds(1);
    /** The rolling check's requests through the route: one each 100 ms, at most this many. */
    private static final int MAX_ROUTE_REQUESTS = 3000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern CLONED_COMMIT = Pattern.compile("---> Commit ([0-9a-f]{40})");

    private final KubernetesClient kube;
    private final URI server;
    private final Options options;
    private final SelftestReport report;
    private final SelftestHttp http;
    private final SelftestNamespace namespace;
    private String developer;
    private String viewer;
    private String sampleImage;
    private long webRevision;
    private final List<ApiClient.Event> webEvents = new CopyOnWriteArrayList<>();
    private String sourceCommit;
    private String cleanup = "not created";

    private Selftest(KubernetesClient kube, URI server, Options options, SelftestReport report) {
        this.kube = kube;
        this.server = server;
        this.options = options;
        this.report = report;
        this.http = new SelftestHttp(options.ingress());
        this.namespace = new SelftestNamespace(kube, options.namespace());
    }

    /** Runs every check and prints the report; answers the exit code (0 only when none failed). */
    public static int run(KubernetesClient kube, URI server, Options options, PrintWriter out, boolean json) {
        Selftest selftest = new Selftest(kube, server, options, new SelftestReport(out, json));
        long started = System.nanoTime();
        String cleanup = selftest.checkAll();
        return selftest.report.finish(options.namespace(), cleanup, (System.nanoTime() - started) / 1e9);
    }

    private String checkAll() {
        check("api", null, this::api);
        check("namespace", null, this::namespace);
        try {
            check("deploy", "namespace", this::deploy);
            check("routes", "deploy", this::routes);
            Thread events = followEvents();
            check("triggers", "deploy", this::configTrigger);
            check("rolling", "triggers", this::rolling);
            events.interrupt();
            check("events", "rolling", this::events);
            check("access-control", "deploy", this::accessControl);
            check("recreate", "deploy", this::recreate);
            check("hooks", "recreate", this::failingHookRollsBack);
            check("rollback", "triggers", this::manualRollback);
            if (options.gitUrl() == null) {
                skip("builds", "no --git-url: a repository that the cluster's build pods can clone is needed");
                skip("detection", "no --git-url");
            } else {
                check("builds", "namespace", this::buildFromSource);
                check("detection", "builds", this::detection);
            }
            check("webhooks", "namespace", this::webhooks);
            check("metrics", null, this::metrics);
            skip("tls", "no certificate at hand: TLS routes are not checked");
        } finally {
            cleanupNamespace();
        }
        return cleanup;
    }

    private void cleanupNamespace() {
        if (!report.passed("namespace")) {
            return;
        }
        boolean failed = report.anyFailed();
        if (failed && options.keepOnFailure()) {
            cleanup = "kept for a look (kubectl delete namespace " + namespace.name() + " removes it)";
            return;
        }
        try {
            namespace.delete();
            cleanup = "deleted";
        } catch (KubernetesClientException e) {
            cleanup = "not deleted: " + e.getMessage();
        }
    }

    // The checks. Each answers what it saw, for its PASS line, or throws CheckFailed with why.

    private String api() {
        SelftestHttp.Response ready = http.get(server.resolve("readyz"), null);
        expect(ready.status() == 200, "GET /readyz answered " + ready.status() + ": " + ready.abbreviated());
        SelftestHttp.Response contract = http.get(server.resolve("openapi.yaml"), null);
        expect(contract.status() == 200 && contract.body().contains("openapi:"),
                "GET /openapi.yaml answered " + contract.status());
        return "the API server at " + server + " is ready and serves its contract";
    }

    private String namespace() {
        namespace.create(options.namespaceAnnotations());
        developer = namespace.token("selftest-developer", "slipway-developer");
        viewer = namespace.token("selftest-viewer", "slipway-viewer");
        sampleImage = options.sampleImage() != null ? options.sampleImage() : installedSampleImage();
        return "namespace " + namespace.name() + " with a developer and a viewer; sample image " + sampleImage;
    }

    private String deploy() {
        namespace.applyApp("""
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
        JsonNode release = awaitRelease(WEB, 0);
        expectPhase(release, "Complete");
        return name(release) + " Complete: 2 pods of the sample image ready";
    }

    private String routes() {
        URI url = URI.create(await("App web's status.url", () -> text(app(WEB), "status", "url")));
        answers(url, "v1");
        return url + " answers \"v1\"" + (options.ingress() == null ? "" : " through " + options.ingress());
    }

    private String configTrigger() {
        namespace.patchApp(WEB, Map.of("env", List.of(Map.of("name", "MESSAGE", "value", "v2"))));
        JsonNode release = awaitNextWebRelease();
        String reason = text(release, "spec", "reason");
        expect(reason != null && reason.contains("config"), name(release) + " has reason '" + reason
                + "', not a config change");
        return "a change of the App's env started " + name(release) + " (\"" + reason + "\")";
    }

    /** Requests go through the route while the config change rolls out: none may fail. */
    private String rolling() {
        URI url = URI.create(text(app(WEB), "status", "url"));
        AtomicBoolean rolling = new AtomicBoolean(true);
        List<String> failures = new CopyOnWriteArrayList<>();
        int[] sent = {0};
        Thread load = daemon("selftest-route-load", () -> {
            while (rolling.get() && sent[0] < MAX_ROUTE_REQUESTS) {
                SelftestHttp.Response response = http.route(url);
                sent[0]++;
                String body = response.body().strip();
                if (response.status() != 200 || !(body.equals("v1") || body.equals("v2"))) {
                    failures.add(response.status() + " " + response.abbreviated());
                }
                sleep(Duration.ofMillis(100));
            }
        });
        JsonNode release;
        try {
            release = awaitEnd(WEB, webRevision);
        } finally {
            rolling.set(false);
            join(load);
        }
        expectPhase(release, "Complete");
        expect(failures.isEmpty(), failures.size() + " of " + sent[0] + " requests during the rollout failed, first: "
                + (failures.isEmpty() ? "" : failures.get(0)));
        answers(url, "v2");
        return name(release) + " Complete; " + sent[0] + " requests through the route during the rollout, 0 failed";
    }

    private String events() {
        String release = WEB + "-" + webRevision;
        List<ApiClient.Event> seen = webEvents.stream().filter(e -> e.data().toString().contains(release)).toList();
        expect(!seen.isEmpty(), "the event stream of App web sent " + webEvents.size() + " events, none of " + release);
        return seen.size() + " server-sent events of " + release + " (" + seen.stream().map(ApiClient.Event::type)
                .distinct().sorted().reduce((a, b) -> a + ", " + b).orElse("") + ")";
    }

    private String accessControl() {
        URI releases = api("apps/" + WEB + "/releases");
        String body = SelftestHttp.json(Map.of("reason", "selftest: a release by a developer"));
        SelftestHttp.Response refused = http.post(releases, viewer, Map.of(), body);
        expect(refused.status() == 403, "a viewer's release request answered " + refused.status() + ", not 403: "
                + refused.abbreviated());
        SelftestHttp.Response read = http.get(api("apps/" + WEB), viewer);
        expect(read.status() == 200, "a viewer's read of App web answered " + read.status());
        SelftestHttp.Response accepted = http.post(releases, developer, Map.of(), body);
        expect(accepted.status() == 202, "a developer's release request answered " + accepted.status() + ": "
                + accepted.abbreviated());
        webRevision = accepted.json().path("spec").path("revision").asLong();
        JsonNode release = awaitEnd(WEB, webRevision);
        expectPhase(release, "Complete");
        return "a developer's release through the API " + name(release) + " Complete (202); a viewer may read (200)"
                + " and is refused a release (403)";
    }

    private String recreate() {
        namespace.patchApp(WEB, Map.of("strategy", Map.of("type", "Recreate"),
                "hooks", Map.of("mid", Map.of("command", List.of("sh", "-c", "echo migrating; echo migrated"),
                        "failurePolicy", "Abort")),
                "env", List.of(Map.of("name", "MESSAGE", "value", "v4"))));
        JsonNode release = awaitEnd(WEB, awaitNextWebRelease().path("spec").path("revision").asLong());
        expectPhase(release, "Complete");
        List<String> steps = steps(release);
        expect(steps.containsAll(List.of("scale-down Complete", "mid-hook Complete", "rollout Complete")),
                name(release) + " has steps " + steps);
        answers(URI.create(text(app(WEB), "status", "url")), "v4");
        return name(release) + " Complete: " + String.join(", ", steps) + "; answers \"v4\"";
    }

    private String failingHookRollsBack() {
        namespace.patchApp(WEB, Map.of("hooks", Map.of("mid", Map.of("command",
                        List.of("sh", "-c", "echo a migration that fails on purpose >&2; exit 3"), "failurePolicy", "Abort")),
                "env", List.of(Map.of("name", "MESSAGE", "value", "v5"))));
        JsonNode release = awaitEnd(WEB, awaitNextWebRelease().path("spec").path("revision").asLong());
        expectPhase(release, "RolledBack");
        answers(URI.create(text(app(WEB), "status", "url")), "v4");
        return name(release) + " RolledBack after its mid-hook failed (" + steps(release) + "); \"v4\" serves again";
    }

    private String manualRollback() {
        SelftestHttp.Response accepted = http.post(api("apps/" + WEB + "/rollback"), developer, Map.of(),
                SelftestHttp.json(Map.of("toRevision", 2, "reason", "selftest: a manual rollback")));
        expect(accepted.status() == 202, "a rollback request answered " + accepted.status() + ": " + accepted.abbreviated());
        webRevision = accepted.json().path("spec").path("revision").asLong();
        JsonNode release = awaitEnd(WEB, webRevision);
        expectPhase(release, "Complete");
        answers(URI.create(text(app(WEB), "status", "url")), "v2");
        return name(release) + " restored revision 2 (Complete); answers \"v2\"";
    }

    private String buildFromSource() {
        namespace.applyApp("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: %s}
                spec:
                  source: {git: {url: "%s"}}
                  routes: [{path: /}]
                """.formatted(SOURCE, options.gitUrl()));
        String buildName = await("App source's status.latestBuild", () -> text(app(SOURCE), "status", "latestBuild"));
        GenericKubernetesResource build = await("Build " + buildName + " to end", () -> {
            GenericKubernetesResource found = namespace.build(buildName);
            String phase = found == null ? null : (String) status(found).get("phase");
            return phase != null && Set.of("Complete", "Failed", "Cancelled").contains(phase) ? found : null;
        });
        Map<String, Object> status = status(build);
        expect("Complete".equals(status.get("phase")), "Build " + buildName + " ended " + status.get("phase") + ": "
                + status.get("message"));
        SelftestHttp.Response log = http.get(api("builds/" + buildName + "/log"), developer);
        expect(log.status() == 200 && !log.body().isBlank(), "the log of " + buildName + " answered " + log.status());
        sourceCommit = commitOf(build, log.body());
        JsonNode release = awaitRelease(SOURCE, 0);
        expectPhase(release, "Complete");
        URI url = URI.create(await("App source's status.url", () -> text(app(SOURCE), "status", "url")));
        SelftestHttp.Response answer = awaitResponse(url, r -> r.status() == 200);
        return buildName + " Complete (" + log.body().lines().count() + " log lines), image " + status.get("image")
                + "; " + name(release) + " Complete; " + url + " answers 200 (\"" + answer.abbreviated() + "\")";
    }

    private String detection() {
        GenericKubernetesResource build = namespace.build(text(app(SOURCE), "status", "latestBuild"));
        Object builder = status(build).get("builder");
        expect(builder != null, "Build " + build.getMetadata().getName() + " has no status.builder");
        return "the App names no builder; the source was detected as " + builder;
    }

    /** A push signed wrongly is refused; one signed with the App's secret is accepted (a build when from git). */
    private String webhooks() {
        String app = report.passed("builds") ? SOURCE : WEB;
        boolean push = app.equals(SOURCE);
        String key = randomHex();
        namespace.secret(app + "-webhook", "secret", key);
        String payload = push
                ? SelftestHttp.json(Map.of("ref", "refs/heads/" + gitRef(), "after", sourceCommit,
                        "repository", Map.of("default_branch", gitRef())))
                : SelftestHttp.json(Map.of("zen", "selftest"));
        URI hook = server.resolve("hooks/" + namespace.name() + "/" + app + "/git");
        String event = push ? "push" : "ping";
        SelftestHttp.Response refused = http.post(hook, null, Map.of("X-GitHub-Event", event,
                "X-Hub-Signature-256", signature("not-the-secret", payload)), payload);
        expect(refused.status() == 401, "a wrongly signed webhook answered " + refused.status() + ", not 401");
        int wanted = push ? 202 : 200;
        // Retried while the API server has yet to see the new Secret; each delivery is new, as a retry from GitHub is not.
        SelftestHttp.Response accepted = awaitAnswer("a webhook signed with the Secret " + app + "-webhook",
                () -> http.post(hook, null, Map.of("X-GitHub-Event", event, "X-GitHub-Delivery", "selftest-" + randomHex(),
                        "X-Hub-Signature-256", signature(key, payload)), payload),
                r -> r.status() == wanted);
        return push ? "a wrong signature refused (401); a signed push started " + text(accepted.json(), "metadata", "name")
                + " (202)" : "a wrong signature refused (401); a signed ping accepted and ignored (200)";
    }

    private String metrics() {
        SelftestHttp.Response metrics = http.get(server.resolve("metrics"), null);
        expect(metrics.status() == 200, "GET /metrics answered " + metrics.status());
        long series = metrics.body().lines().filter(l -> l.startsWith("slipway_")).count();
        expect(series > 0, "GET /metrics has no slipway_ series");
        return series + " slipway_ series in Prometheus' text format";
    }

    // What the checks share.

    private void check(String capability, String requires, Supplier<String> body) {
        long started = System.nanoTime();
        if (requires != null && !report.passed(requires)) {
            report.add(new CheckResult(capability, Outcome.FAIL, 0, "not run: it needs " + requires + ", which did not pass"));
            return;
        }
        Outcome outcome = Outcome.FAIL;
        String detail;
        try {
            detail = body.get();
            outcome = Outcome.PASS;
        } catch (CheckFailed | CliException e) {
            detail = e.getMessage();
        } catch (KubernetesClientException e) {
            detail = "Kubernetes refused: " + (e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage());
        } catch (RuntimeException e) {
            detail = e.toString();
        }
        report.add(new CheckResult(capability, outcome, Math.round((System.nanoTime() - started) / 1e8) / 10.0, detail));
    }

    private void skip(String capability, String why) {
        report.add(new CheckResult(capability, Outcome.SKIP, 0, why));
    }

    /** The API server's image with its name changed: Slipway's images are built and shipped together. */
    private String installedSampleImage() {
        Deployment api = kube.apps().deployments().inNamespace(INSTALLATION).withName("slipway-api-server").get();
        expect(api != null, "no Deployment slipway-api-server in " + INSTALLATION + " to find the sample image by:"
                + " pass --sample-image");
        String image = api.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        expect(image.contains("/api-server:"), "the API server's image " + image + " is not named .../api-server:TAG:"
                + " pass --sample-image");
        return image.replace("/api-server:", "/sample-app:");
    }

    /** Follows App web's event stream in the background, from now until interrupted. */
    private Thread followEvents() {
        ApiClient events = new ApiClient(server, developer);
        return daemon("selftest-events", () -> {
            try {
                events.events(api("apps/" + WEB + "/events").toString(), null, event -> {
                    webEvents.add(event);
                    return !Thread.currentThread().isInterrupted();
                });
            } catch (CliException e) {
                // The events check reports what arrived; a broken stream shows there as too few events.
            }
        });
    }

    private URI api(String path) {
        return server.resolve("api/v1/namespaces/" + namespace.name() + "/" + path);
    }

    private JsonNode app(String app) {
        SelftestHttp.Response response = http.get(api("apps/" + app), developer);
        expect(response.status() == 200, "GET App " + app + " answered " + response.status() + ": " + response.abbreviated());
        return response.json();
    }

    /** The App's release of {@code revision} (0: the newest) once it has ended. */
    private JsonNode awaitRelease(String app, long revision) {
        long wanted = revision > 0 ? revision : await("App " + app + "'s first release", () -> {
            long latest = app(app).path("status").path("latestRevision").asLong();
            return latest > 0 ? latest : null;
        });
        if (app.equals(WEB)) {
            webRevision = wanted;
        }
        return awaitEnd(app, wanted);
    }

    /** The release of App web after the one the self-test knows of. */
    private JsonNode awaitNextWebRelease() {
        long known = webRevision;
        JsonNode release = await("a release of App web after revision " + known, () -> {
            SelftestHttp.Response response = http.get(api("apps/" + WEB + "/releases/" + (known + 1)), developer);
            return response.status() == 200 ? response.json() : null;
        });
        webRevision = known + 1;
        return release;
    }

    private JsonNode awaitEnd(String app, long revision) {
        return await("release " + app + "-" + revision + " to end", () -> {
            SelftestHttp.Response response = http.get(api("apps/" + app + "/releases/" + revision), developer);
            if (response.status() != 200) {
                return null;
            }
            JsonNode release = response.json();
            String phase = text(release, "status", "phase");
            return phase != null && ENDED.contains(phase) ? release : null;
        });
    }

    /** Waits until the route answers {@code body}. */
    private void answers(URI url, String body) {
        awaitResponse(url, r -> r.status() == 200 && r.body().strip().equals(body));
    }

    private SelftestHttp.Response awaitResponse(URI url, Predicate<SelftestHttp.Response> wanted) {
        return awaitAnswer(url.toString(), () -> http.route(url), wanted);
    }

    /** Sends a request each second until its answer is {@code wanted}; a timeout names the last answer. */
    private SelftestHttp.Response awaitAnswer(String what, Supplier<SelftestHttp.Response> send,
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

    /** Polls {@code probe} each second until it answers non-null, for at most the check timeout. */
    private <T> T await(String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + options.timeout().toNanos();
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
                throw new CheckFailed("timed out after " + options.timeout().toSeconds() + " s waiting for " + what
                        + (lastError == null ? "" : " (last error: " + lastError + ")"));
            }
            sleep(POLL);
        }
    }

    private void expectPhase(JsonNode release, String phase) {
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

    private static List<String> steps(JsonNode release) {
        List<String> steps = new ArrayList<>();
        release.path("status").path("steps").forEach(s -> steps.add(s.path("name").asText() + " " + s.path("phase").asText()));
        return steps;
    }

    private String gitRef() {
        Object ref = spec(namespace.build(text(app(SOURCE), "status", "latestBuild"))).get("source") instanceof Map<?, ?> source
                && source.get("git") instanceof Map<?, ?> git ? git.get("ref") : null;
        return ref == null ? "main" : ref.toString();
    }

    /** The commit the Build asked for, else the one its clone step names in the log ("---> Commit <id>"). */
    private static String commitOf(GenericKubernetesResource build, String log) {
        if (spec(build).get("source") instanceof Map<?, ?> source && source.get("git") instanceof Map<?, ?> git
                && git.get("commit") != null) {
            return git.get("commit").toString();
        }
        Matcher cloned = CLONED_COMMIT.matcher(log);
        expect(cloned.find(), "the log of " + build.getMetadata().getName() + " names no commit (\"---> Commit <id>\")");
        return cloned.group(1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().getOrDefault("spec", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().getOrDefault("status", Map.of());
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String signature(String key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String name(JsonNode release) {
        return text(release, "metadata", "name");
    }

    private static String text(JsonNode node, String... path) {
        JsonNode at = node;
        for (String key : path) {
            at = at.path(key);
        }
        return at.isMissingNode() || at.isNull() ? null : at.asText();
    }

    private static void expect(boolean condition, String otherwise) {
        if (!condition) {
            throw new CheckFailed(otherwise);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckFailed("interrupted");
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
