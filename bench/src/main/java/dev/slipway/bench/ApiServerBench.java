package dev.slipway.bench;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppStatus;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.apiserver.ApiServer;
import dev.slipway.apiserver.ApiServerSettings;
import dev.slipway.apiserver.http.HttpListener;
import dev.slipway.apiserver.requests.ReleaseRequests;
import dev.slipway.apiserver.requests.Requests;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static dev.slipway.bench.Bench.app;
import static dev.slipway.bench.Bench.await;
import static dev.slipway.bench.Bench.log;
import static dev.slipway.bench.Bench.namespace;
import static dev.slipway.bench.Bench.parallel;
import static dev.slipway.bench.Bench.round;

/**
 * The API server benchmark. On one fresh local control plane holding N Apps (each with the status
 * the controller would write), with the API server running in this JVM, in one run:
 * <ol>
 * <li>{@code GET /api/v1/namespaces/bench/apps} from the server's cache, against a bare Vert.x route in
 * the same JVM answering the same bytes, and against kube-apiserver listing the same Apps: requests
 * per second and p99 with wrk (a fixed number of keep-alive connections for a fixed time, after a
 * warm-up run that is not counted);</li>
 * <li>{@code POST .../apps/{app}/releases} at a steady 100 per second, against creating the same
 * Release directly on kube-apiserver at the same rate: the difference of the two p99 latencies;</li>
 * <li>TokenReview and SubjectAccessReview calls per API request in the measured parts of both, from
 * the server's own {@code slipway_api_access_reviews_total}.</li>
 * </ol>
 * Every request, to the API server and to kube-apiserver, carries a real ServiceAccount token
 * (TokenRequest) bound to slipway-developer; the API server runs as its shipped ServiceAccount with
 * the shipped RBAC. Usage: {@code bench/run-api-server.sh [apps] [seconds]}; writes
 * bench/results/api-server.json.
 */
public final class ApiServerBench {

    private static final String NS = "bench";
    private static final String DEVELOPER = "developer";
    private static final String DEVELOPER_USER = "system:serviceaccount:" + NS + ":" + DEVELOPER;
    private static final String LIST_PATH = "/api/v1/namespaces/" + NS + "/apps";
    private static final Duration WARMUP = Duration.ofSeconds(5);
    private static final int WRK_THREADS = 2;
    private static final int WRK_CONNECTIONS = 16;
    private static final int RELEASES_PER_SECOND = 100;
    private static final int RELEASE_CONNECTIONS = 8;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern REVIEWS = Pattern.compile(
            "^slipway_api_access_reviews_total\\{[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);
    /** Requests to the authenticated API: every route under /namespaces/ (not /metrics, /healthz, webhooks). */
    private static final Pattern API_REQUESTS = Pattern.compile(
            "^slipway_api_request_duration_seconds_count\\{[^}]*route=\"[^\"]*/namespaces/[^\"]*\"[^}]*} ([0-9.eE+]+)$",
            Pattern.MULTILINE);

    /** The server's access review and request counters at one moment. */
    private record Counters(double reviews, double requests) {

        /** Review calls per request from {@code this} until {@code later}. */
        double reviewsPerRequest(Counters later) {
            if (later.requests <= requests) {
                throw new IllegalStateException("the API server counted no requests; has its metric changed?");
            }
            return (later.reviews - reviews) / (later.requests - requests);
        }
    }

    private ApiServerBench() {
    }

    public static void main(String[] args) throws Exception {
        int apps = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Duration measured = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 20);
        Path root = Path.of("").toAbsolutePath();
        Path work = root.resolve("bench/target/api-server");
        Files.createDirectories(work);
        Map<String, Object> result = Bench.results("api-server", apps);
        result.put("warmupSeconds", WARMUP.toSeconds());
        result.put("measuredSeconds", measured.toSeconds());
        result.put("loadAverageAtStart", Bench.loadAverage());

        try (BenchCluster cluster = new BenchCluster(root, work.resolve("cluster"))) {
            KubernetesClient admin = cluster.client;
            cluster.kubectl("create", "namespace", "slipway-system");
            cluster.kubectl("apply", "-f", root.resolve("manifests/rbac").toString());
            namespace(admin, NS);
            List<App> created = createApps(admin, apps);
            cluster.kubectl("-n", NS, "create", "serviceaccount", DEVELOPER);
            cluster.kubectl("-n", NS, "create", "rolebinding", DEVELOPER, "--clusterrole=slipway-developer",
                    "--serviceaccount=" + NS + ":" + DEVELOPER);
            String developerToken = cluster.token(NS, DEVELOPER);
            String serverToken = cluster.token("slipway-system", "slipway-api-server");
            ApiServerSettings settings = ApiServerSettings.fromEnvironment(Map.of(
                    "SLIPWAY_API_HOST", "127.0.0.1",
                    "SLIPWAY_API_PORT", "0",
                    "SLIPWAY_NAMESPACES", NS,
                    // All the load comes from one user: the per-user limit (10/s by default) would answer 429.
                    "SLIPWAY_API_RATE_PER_SECOND", "1000000",
                    "SLIPWAY_API_RATE_BURST", "1000000"));
            try (KubernetesClient serverClient = clientWithToken(admin.getConfiguration(), serverToken);
                 ApiServer server = ApiServer.start(serverClient, settings)) {
                server.awaitReady(Duration.ofSeconds(60));
                Counters[] getApps = listApps(result, work, server, admin.getConfiguration(), developerToken, apps,
                        measured);
                result.put("getAppsSerializeMs", round(serializeMs(serverClient, created), 3));
                Counters[] releases = releases(result, server, admin.getConfiguration(), developerToken, created,
                        measured);
                authCalls(result, "getApps", getApps);
                authCalls(result, "releases", releases);
                // The headline is the worse of the two workloads, so a busy one cannot hide a quiet one.
                result.put("authCallsPerRequest", round(Math.max(
                        getApps[0].reviewsPerRequest(getApps[1]), releases[0].reviewsPerRequest(releases[1])), 6));
                result.put("loadAverageAtEnd", Bench.loadAverage());
            }
        }
        Bench.write(root, result);
        System.exit(0);
    }

    /**
     * GET of the App list from the bare route, the API server and kube-apiserver, in that order.
     *
     * @return the API server's counters at the start and end of its measured run
     */
    private static Counters[] listApps(Map<String, Object> result, Path work, ApiServer server, Config kube,
                                       String token, int apps, Duration measured) throws Exception {
        String apiUrl = "http://127.0.0.1:" + server.port() + LIST_PATH;
        byte[] json = awaitListed(apiUrl, token, apps);
        String kubeUrl = kube.getMasterUrl().replaceAll("/+$", "") + "/apis/slipway.dev/v1alpha1/namespaces/" + NS
                + "/apps";
        result.put("getAppsResponseBytes", json.length);
        Wrk wrk = new Wrk(work, token, WRK_THREADS, WRK_CONNECTIONS);
        result.put("getAppsConnections", WRK_CONNECTIONS);

        Vertx bareVertx = Vertx.vertx();
        Wrk.Result bare;
        try {
            HttpServer bareServer = bareServer(bareVertx, Buffer.buffer(json));
            bare = warmThenMeasure(wrk, "http://127.0.0.1:" + bareServer.actualPort() + LIST_PATH, measured);
        } finally {
            bareVertx.close().await(10, TimeUnit.SECONDS);
        }
        wrk.run(apiUrl, WARMUP);
        Counters start = counters(server);
        Wrk.Result api = wrk.run(apiUrl, measured);
        Counters end = counters(server);
        Wrk.Result kubeList = warmThenMeasure(wrk, kubeUrl, measured);

        for (Wrk.Result run : List.of(bare, api)) {
            if (run.non2xx() > 0 || run.errors() > 0) {
                throw new IllegalStateException("GET apps failed under load: " + run);
            }
        }
        record(result, "getAppsBareVertx", bare);
        record(result, "getAppsApiServer", api);
        record(result, "getAppsKubeApiserver", kubeList);
        result.put("getAppsRatioToBareVertx", round(api.perSecond() / bare.perSecond(), 3));
        result.put("getAppsRatioToKubeApiserver", round(api.perSecond() / kubeList.perSecond(), 3));
        log("GET apps: bare Vert.x %.0f/s p99 %.1f ms; API server %.0f/s p99 %.1f ms; "
                        + "kube-apiserver %.0f/s p99 %.1f ms",
                bare.perSecond(), bare.p99Ms(), api.perSecond(), api.p99Ms(), kubeList.perSecond(), kubeList.p99Ms());
        return new Counters[] {start, end};
    }

    /**
     * What writing the App list as JSON costs, alone: the median of single-threaded runs of the
     * serializer the API server's responses use, on the same Apps, after the load has warmed it.
     */
    private static double serializeMs(KubernetesClient client, List<App> apps) {
        List<Double> samples = new ArrayList<>();
        Map<String, Object> list = Map.of("items", apps);
        for (int i = 0; i < 300; i++) {
            long start = System.nanoTime();
            client.getKubernetesSerialization().asJson(list);
            samples.add((System.nanoTime() - start) / 1e6);
        }
        return Bench.percentile(samples.subList(100, samples.size()), 50);
    }

    private static Wrk.Result warmThenMeasure(Wrk wrk, String url, Duration measured) throws Exception {
        wrk.run(url, WARMUP);
        return wrk.run(url, measured);
    }

    private static void record(Map<String, Object> result, String prefix, Wrk.Result run) {
        result.put(prefix + "PerSecond", round(run.perSecond()));
        result.put(prefix + "P50Ms", round(run.p50Ms()));
        result.put(prefix + "P99Ms", round(run.p99Ms()));
        result.put(prefix + "Requests", run.requests());
        result.put(prefix + "Non2xx", run.non2xx());
        result.put(prefix + "SocketErrors", run.errors());
    }

    /** The baseline: the least a Vert.x server can do for this request, writing bytes prepared in advance. */
    private static HttpServer bareServer(Vertx vertx, Buffer json) throws Exception {
        Router router = Router.router(vertx);
        router.get("/api/v1/namespaces/:ns/apps").handler(rc -> rc.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json));
        // The API server's listener options, so only what happens per request differs.
        return vertx.createHttpServer(HttpListener.options(ApiServerSettings.fromEnvironment(Map.of(
                        "SLIPWAY_API_HOST", "127.0.0.1", "SLIPWAY_API_PORT", "0"))))
                .requestHandler(router).listen().await(30, TimeUnit.SECONDS);
    }

    /**
     * POST of a release, first as a direct create on kube-apiserver, then through the API server, at
     * the same steady rate over the same number of connections, cycling through the Apps.
     *
     * @return the API server's counters at the start and end of its measured requests
     */
    private static Counters[] releases(Map<String, Object> result, ApiServer server, Config kube, String token,
                                       List<App> apps, Duration measured) throws Exception {
        int warmup = (int) (RELEASES_PER_SECOND * WARMUP.toSeconds());
        int total = warmup + (int) (RELEASES_PER_SECOND * measured.toSeconds());
        URI master = URI.create(kube.getMasterUrl());
        List<SteadyLoad.Request> direct = new ArrayList<>();
        List<SteadyLoad.Request> viaApi = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            App app = apps.get(i % apps.size());
            // Revision 1 is the one in the App's status; each pass over the Apps takes the next one.
            // The bench namespace carries no approval label: no release waits for approval.
            Release release = ReleaseRequests.desired(app, 2 + i / apps.size(), null, "bench", null,
                    new Requests.Requester(DEVELOPER_USER, "bench-" + i), Map.of());
            direct.add(new SteadyLoad.Request(post(master.getHost(), master.getPort(),
                    "/apis/slipway.dev/v1alpha1/namespaces/" + NS + "/releases", token),
                    Buffer.buffer(Serialization.asJson(release))));
            viaApi.add(new SteadyLoad.Request(post("127.0.0.1", server.port(),
                    "/api/v1/namespaces/" + NS + "/apps/" + app.getMetadata().getName() + "/releases", token),
                    Buffer.buffer("{\"reason\":\"bench\"}")));
        }
        HttpClientOptions tls = new HttpClientOptions().setSsl(true).setTrustOptions(new PemTrustOptions()
                .addCertValue(Buffer.buffer(Base64.getDecoder().decode(kube.getCaCertData()))));
        SteadyLoad.Result directRun;
        try (SteadyLoad load = new SteadyLoad(tls, RELEASE_CONNECTIONS)) {
            directRun = load.run(direct, warmup, RELEASES_PER_SECOND, 201, () -> { });
        }
        CompletableFuture<Counters> start = new CompletableFuture<>();
        SteadyLoad.Result apiRun;
        try (SteadyLoad load = new SteadyLoad(new HttpClientOptions(), RELEASE_CONNECTIONS)) {
            apiRun = load.run(viaApi, warmup, RELEASES_PER_SECOND, 202, () -> start.complete(counters(server)));
        }
        Counters end = counters(server);

        result.put("releasesPerSecond", RELEASES_PER_SECOND);
        result.put("releaseConnections", RELEASE_CONNECTIONS);
        result.put("releaseRequests", apiRun.requests());
        result.put("releaseDirectUnanswered", directRun.unanswered());
        result.put("releaseApiServerUnanswered", apiRun.unanswered());
        result.put("releaseDirectP50Ms", round(directRun.p50Ms()));
        result.put("releaseDirectP99Ms", round(directRun.p99Ms()));
        result.put("releaseDirectMaxMs", round(directRun.maxMs()));
        result.put("releaseApiServerP50Ms", round(apiRun.p50Ms()));
        result.put("releaseApiServerP99Ms", round(apiRun.p99Ms()));
        result.put("releaseApiServerMaxMs", round(apiRun.maxMs()));
        result.put("releaseP99OverheadMs", round(apiRun.p99Ms() - directRun.p99Ms()));
        log("POST releases at %d/s: direct p50 %.1f ms p99 %.1f ms; API server p50 %.1f ms p99 %.1f ms",
                RELEASES_PER_SECOND, directRun.p50Ms(), directRun.p99Ms(), apiRun.p50Ms(), apiRun.p99Ms());
        return new Counters[] {start.get(10, TimeUnit.SECONDS), end};
    }

    private static RequestOptions post(String host, int port, String path, String token) {
        return new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(path)
                .setIdleTimeout(30_000)
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    }

    private static void authCalls(Map<String, Object> result, String workload, Counters[] window) {
        result.put(workload + "AuthCalls", (long) (window[1].reviews() - window[0].reviews()));
        result.put(workload + "AuthRequests", (long) (window[1].requests() - window[0].requests()));
        result.put(workload + "AuthCallsPerRequest", round(window[0].reviewsPerRequest(window[1]), 6));
    }

    private static Counters counters(ApiServer server) {
        String metrics = httpGet("http://127.0.0.1:" + server.port() + "/metrics", null).body();
        return new Counters(Bench.sum(REVIEWS, metrics, 1), Bench.sum(API_REQUESTS, metrics, 1));
    }

    /** Waits until the server's cache lists every App with its status; returns that answer's bytes. */
    private static byte[] awaitListed(String url, String token, int apps) throws InterruptedException {
        byte[][] body = new byte[1][];
        await(() -> {
            HttpResponse<String> response = httpGet(url, token);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            var items = new JsonObject(response.body()).getJsonArray("items");
            body[0] = response.body().getBytes(StandardCharsets.UTF_8);
            return items.size() == apps && items.stream().allMatch(item -> ((JsonObject) item).containsKey("status"));
        }, "the API server to list " + apps + " Apps with their status", Duration.ofMinutes(1));
        return body[0];
    }

    private static HttpResponse<String> httpGet(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** N Apps, each with a status like the one the controller writes once it is Ready. */
    private static List<App> createApps(KubernetesClient admin, int count) throws Exception {
        App[] created = new App[count];
        parallel(count, i -> {
            App app = admin.resource(app(NS, "app-" + i)).create();
            app.setStatus(readyStatus(app.getMetadata().getName()));
            created[i] = admin.resource(app).updateStatus();
        });
        return List.of(created);
    }

    private static AppStatus readyStatus(String name) {
        return Serialization.unmarshal("""
                phase: Ready
                latestRevision: 1
                currentRelease: %1$s-1
                url: http://%1$s-bench.apps.127.0.0.1.nip.io
                observedGeneration: 1
                conditions:
                - {type: Ready, status: "True", reason: ReleaseComplete, observedGeneration: 1,
                   lastTransitionTime: "2026-01-01T00:00:00Z", message: "revision 1 serves: 2 of 2 replicas ready"}
                - {type: Progressing, status: "False", reason: ReleaseComplete, observedGeneration: 1,
                   lastTransitionTime: "2026-01-01T00:00:00Z", message: "release %1$s-1 is complete"}
                - {type: Degraded, status: "False", reason: AsExpected, observedGeneration: 1,
                   lastTransitionTime: "2026-01-01T00:00:00Z", message: "all replicas ready"}
                """.formatted(name), AppStatus.class);
    }

    /** A client with only a bearer token, like a pod's: no client certificate, no admin rights. */
    private static KubernetesClient clientWithToken(Config admin, String token) {
        return new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory())
                .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(admin.getMasterUrl())
                        .withCaCertData(admin.getCaCertData()).withOauthToken(token).build())
                .build();
    }
}
