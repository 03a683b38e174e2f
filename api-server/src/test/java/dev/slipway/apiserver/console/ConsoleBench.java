package dev.slipway.apiserver.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.apiserver.ApiFixture;
import dev.slipway.apiserver.ApiTestBase;
import dev.slipway.apiserver.ControllerStandIn;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's benchmark (bench/run-console.sh runs it; its name keeps it out of the test runs).
 * With 500 Apps in a namespace: the apps page's p99 at 50 concurrent sessions over the JSON list's
 * p99 at 50 concurrent clients of the same server in the same run (each measured twice,
 * alternating, the better of each kept); and the time from a release step's status written to the
 * cluster to that step shown in an open page in headless Chromium (a MutationObserver in the page
 * stamps the moment), over 40 step changes.
 */
@KubeClusterTest
class ConsoleBench extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int APPS = 500;
    private static final int SESSIONS = 50;
    private static final int REQUESTS_PER_CLIENT = 20;
    private static final int STEP_CHANGES = 40;
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @BeforeAll
    static void start(TestNamespace namespace) {
        startApi(namespace, ApiFixture.testSettings().withRateLimit(100_000, 100_000), "watched");
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < APPS - 1; i++) {
            yaml.append("""
                    apiVersion: slipway.dev/v1alpha1
                    kind: App
                    metadata: {name: app-%03d}
                    spec: {image: registry.test/app:1}
                    ---
                    """.formatted(i));
        }
        var applied = namespace.kubectl().apply(yaml.toString());
        assertThat(applied.succeeded()).as("%s", applied).isTrue();
        await().atMost(Duration.ofMinutes(2)).until(() -> api.get(api.apps(""), developer).body()
                .split("\"kind\":\"App\"", -1).length - 1 >= APPS);
    }

    @Test
    void appsPageAgainstTheJsonListAndStepToPage(TestNamespace namespace) throws Exception {
        ObjectNode figures = JSON.createObjectNode();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            cookies.add(signIn(http, developer));
        }
        String page = "/ui/namespaces/" + namespace.name();
        Function<Integer, HttpRequest> pageRequest = i -> HttpRequest.newBuilder(api.uri(page))
                .header("Cookie", cookies.get(i)).build();
        Function<Integer, HttpRequest> jsonRequest = i -> HttpRequest.newBuilder(api.uri(api.apps("")))
                .header("Authorization", "Bearer " + developer).build();
        p99Ms(http, pageRequest);
        p99Ms(http, jsonRequest);
        double pageP99 = Double.MAX_VALUE;
        double jsonP99 = Double.MAX_VALUE;
        for (int round = 0; round < 2; round++) {
            jsonP99 = Math.min(jsonP99, p99Ms(http, jsonRequest));
            pageP99 = Math.min(pageP99, p99Ms(http, pageRequest));
        }
        figures.put("apps", APPS).put("sessions", SESSIONS).put("appsPageP99Ms", round(pageP99))
                .put("jsonListP99Ms", round(jsonP99)).put("appsPageRatioToJsonList", round(pageP99 / jsonP99));

        List<Long> delays = stepToPageMs(namespace);
        Collections.sort(delays);
        figures.put("stepChanges", delays.size()).put("stepToPageP50Ms", delays.get(delays.size() / 2))
                .put("stepToPageP99Ms", delays.get((int) Math.ceil(delays.size() * 0.99) - 1));

        Path results = Path.of(System.getProperty("bench.results", "target/console-bench.json"));
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures) + "\n");
    }

    /** A signed-in session's cookie header, got as a browser gets it: the sign-in form, then its post. */
    private static String signIn(HttpClient http, String token) throws IOException, InterruptedException {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(api.uri("/ui/sign-in")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        Matcher csrf = CSRF.matcher(form.body());
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(api.uri("/ui/sign-in"))
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf.group(1) + "&token=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(303);
        return signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    /** {@value #SESSIONS} clients at once, {@value #REQUESTS_PER_CLIENT} requests each; every answer must be 200. */
    private static double p99Ms(HttpClient http, Function<Integer, HttpRequest> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
        try {
            List<Future<List<Long>>> clients = IntStream.range(0, SESSIONS).mapToObj(i -> pool.submit(() -> {
                List<Long> nanos = new ArrayList<>();
                for (int n = 0; n < REQUESTS_PER_CLIENT; n++) {
                    long start = System.nanoTime();
                    HttpResponse<byte[]> response = http.send(request.apply(i), HttpResponse.BodyHandlers.ofByteArray());
                    nanos.add(System.nanoTime() - start);
                    assertThat(response.statusCode()).isEqualTo(200);
                }
                return nanos;
            })).toList();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> client : clients) {
                all.addAll(client.get());
            }
            Collections.sort(all);
            return all.get((int) Math.ceil(all.size() * 0.99) - 1) / 1e6;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each change: a step's new state written as the controller would, and the wall-clock time until the page shows it. */
    private static List<Long> stepToPageMs(TestNamespace namespace) {
        HttpResponse<String> created = api.post(api.apps("/watched/releases"), developer, "{\"reason\": \"bench\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String release = namespace.client().resources(Release.class).list().getItems().get(0).getMetadata().getName();
        List<Long> delays = new ArrayList<>();
        try (Browser browser = Browser.open(URI.create(api.uri("/").toString()), 1440)) {
            browser.signIn(developer).go("/ui/namespaces/" + namespace.name() + "/apps/watched");
            browser.script("""
                    window.shown = [];
                    const live = document.getElementById('live');
                    new MutationObserver(() => live.querySelectorAll('[data-step]').forEach(step =>
                        window.shown.push(step.dataset.step + '=' + step.dataset.state + '@' + Date.now())))
                        .observe(live, {childList: true, subtree: true});
                    """);
            // The page's event stream opens after its load; a change before that would be seen late, not live.
            await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            for (int i = 0; i < STEP_CHANGES; i++) {
                String message = "change " + i;
                StepPhase phase = i % 2 == 0 ? StepPhase.Running : StepPhase.Pending;
                long written = System.currentTimeMillis();
                ControllerStandIn.progress(namespace.client(), release, ReleasePhase.Running, List.<ReleaseStep>of(
                        ControllerStandIn.step(StepName.ROLLOUT, phase, message)));
                String wanted = "rollout=" + phase.name() + "@";
                long shownAt = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    @SuppressWarnings("unchecked")
                    List<String> shown = (List<String>) browser.script("return window.shown.splice(0)");
                    return shown.stream().filter(s -> s.startsWith(wanted))
                            .mapToLong(s -> Long.parseLong(s.substring(wanted.length())))
                            .filter(at -> at >= written).min().orElse(-1);
                }, at -> at > 0);
                delays.add(shownAt - written);
            }
        }
        return delays;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
