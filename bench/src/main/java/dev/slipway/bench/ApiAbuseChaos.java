package dev.slipway.bench;

import dev.slipway.apiserver.ApiServerSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static dev.slipway.bench.Bench.log;
import static dev.slipway.bench.Bench.round;

/**
 * The API server under abuse (chaos/api-abuse.sh). On a fresh local control plane with its real
 * TokenReview, the API server running in a JVM of its own as its shipped ServiceAccount, in one run:
 * <ol>
 * <li>N malformed or random requests ({@link AbuseRequests}), 32 connections at a time: their
 * statuses, the 5xx, the error answers without the JSON error shape or without a request id, and
 * whether the server's process lives through them;</li>
 * <li>1,000 requests with distinct bogus tokens, 50 at a time: the TokenReviews sent, from the
 * server's own counter, per 1,000 requests;</li>
 * <li>M event streams opened at once by one user: how many are answered 200 and how many 429, and
 * the server's live heap and resident memory before and while they are open;</li>
 * <li>slow clients that send their request heads a byte a second, while another client asks every
 * 100 ms: when the server cuts each off, and how the other is served meanwhile.</li>
 * </ol>
 * Bounded by count and by time: each part stops at its deadline. The figures are merged into
 * bench/results/chaos.json, whose other keys are left as they are. Usage:
 * {@code chaos/api-abuse.sh [requests] [streams] [slowClients]}.
 */
public final class ApiAbuseChaos {

    private static final String NS = "chaos";
    private static final String APP = "shop";
    private static final String DEVELOPER = "developer";
    private static final long SEED = 20_261_601L;
    private static final int CONNECTIONS = 32;
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(3);
    private static final ApiServerSettings.ClientLimits LIMITS = ApiServerSettings.ClientLimits.defaults();
    private static final Pattern TOKEN_REVIEWS = Pattern.compile(
            "^slipway_api_access_reviews_total\\{[^}]*kind=\"TokenReview\"[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final Pattern SERVER_5XX = Pattern.compile(
            "^slipway_api_request_duration_seconds_count\\{[^}]*status=\"5[0-9][0-9]\"[^}]*} ([0-9.eE+]+)$",
            Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ApiAbuseChaos() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int streams = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int slowClients = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Path root = Path.of("").toAbsolutePath();
        Path work = root.resolve("bench/target/chaos");
        Files.createDirectories(work);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("date", Instant.now().toString());
        detail.put("cores", Runtime.getRuntime().availableProcessors());
        detail.put("loadAverageAtStart", Bench.loadAverage());
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("addressRatePerSecond", LIMITS.addressRatePerSecond());
        limits.put("addressRateBurst", LIMITS.addressRateBurst());
        limits.put("eventStreamsPerUser", LIMITS.eventStreamsPerUser());
        limits.put("requestHeadSeconds", LIMITS.requestHeadTimeout().toSeconds());
        limits.put("idleTimeoutSeconds", LIMITS.idleTimeout().toSeconds());
        limits.put("maxRequestLineBytes", LIMITS.maxRequestLineBytes());
        limits.put("maxHeaderBytes", LIMITS.maxHeaderBytes());
        detail.put("limits", limits);
        Map<String, Object> figures = new LinkedHashMap<>();

        try (BenchCluster cluster = new BenchCluster(root, work.resolve("cluster"))) {
            KubernetesClient admin = cluster.client;
            cluster.kubectl("create", "namespace", "slipway-system");
            cluster.kubectl("apply", "-f", root.resolve("manifests/rbac").toString());
            Bench.namespace(admin, NS);
            admin.resource(Bench.app(NS, APP)).create();
            cluster.kubectl("-n", NS, "create", "serviceaccount", DEVELOPER);
            cluster.kubectl("-n", NS, "create", "rolebinding", DEVELOPER, "--clusterrole=slipway-developer",
                    "--serviceaccount=" + NS + ":" + DEVELOPER);
            String developer = cluster.token(NS, DEVELOPER);
            Path kubeconfig = cluster.tokenKubeconfig(work.resolve("api-server.kubeconfig"), "slipway-system",
                    "slipway-api-server");
            // One user opens all the streams: the per-user rate would answer 429 before the stream quota could.
            Map<String, String> settings = Map.of("SLIPWAY_API_RATE_PER_SECOND", "1000000",
                    "SLIPWAY_API_RATE_BURST", "1000000");
            try (ApiServerProcess server = new ApiServerProcess(root, kubeconfig, NS, settings,
                    work.resolve("api-server.log"))) {
                String appPath = "/api/v1/namespaces/" + NS + "/apps/" + APP;
                Bench.await(() -> serves(server.port(), appPath, developer), "the API server to serve App " + APP,
                        Duration.ofMinutes(1));
                long fiveXx = 0;
                AtomicBoolean died = new AtomicBoolean();
                ExecutorService watch = watchLife(server, died);
                try {
                    fiveXx += malformed(detail, server, new AbuseRequests(NS, APP, developer), requests);
                    fiveXx += bogusTokens(detail, figures, server, developer);
                    fiveXx += eventStreams(detail, figures, server, appPath + "/events", developer, streams);
                    fiveXx += slowClients(detail, figures, server, slowClients);
                } finally {
                    watch.shutdownNow();
                }
                boolean healthy = server.alive() && server.get("/healthz").statusCode() == 200;
                figures.put("api5xx", fiveXx);
                figures.put("apiCrashes", died.get() || !healthy ? 1 : 0);
                detail.put("server5xxCounted", (long) Bench.sum(SERVER_5XX, server.metrics(), 1));
                detail.put("loadAverageAtEnd", Bench.loadAverage());
            }
        }
        figures.put("apiAbuse", detail);
        merge(root.resolve("bench/results/chaos.json"), figures);
        System.exit(0);
    }

    /** Notes, every second, whether the server's process has ended. */
    private static ExecutorService watchLife(ApiServerProcess server, AtomicBoolean died) {
        ExecutorService watch = Executors.newSingleThreadExecutor();
        watch.submit(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (!server.alive()) {
                    died.set(true);
                    log("the API server's process has ended");
                    return;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return watch;
    }

    /**
     * Part 1: {@code count} malformed or random requests, {@value #CONNECTIONS} at a time, at most 15 minutes.
     *
     * @return the 5xx answers
     */
    static long malformed(Map<String, Object> detail, ApiServerProcess server, AbuseRequests abuse, int count)
            throws InterruptedException {
        Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong fiveXx = new AtomicLong();
        AtomicLong unshaped = new AtomicLong();
        AtomicLong withoutId = new AtomicLong();
        AtomicLong unanswered = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        for (int i = 0; i < count; i++) {
            int n = i;
            pool.submit(() -> {
                if (System.nanoTime() > deadline) {
                    skipped.incrementAndGet();
                    return;
                }
                AbuseRequests.Request request = abuse.next(new Random(SEED + n));
                RawExchange.Answer answer = RawExchange.send(server.port(), request.bytes(), request.headOnly(),
                        ANSWER_WAIT);
                statuses.computeIfAbsent(request.kind() + " " + answer.status(), k -> new AtomicLong()).incrementAndGet();
                String problem = null;
                if (answer.status() == 0) {
                    unanswered.incrementAndGet();
                } else if (answer.status() >= 500) {
                    fiveXx.incrementAndGet();
                    problem = "5xx";
                } else if (answer.header("X-Request-Id") == null) {
                    withoutId.incrementAndGet();
                    problem = "no request id";
                } else if (answer.status() >= 400 && !request.headOnly() && !console(request) && !shaped(answer)) {
                    unshaped.incrementAndGet();
                    problem = "not the JSON error shape";
                }
                if (problem != null && examples.size() < 20) {
                    examples.add(problem + ": request " + n + " (" + request.kind() + ") -> " + answer.status() + " "
                            + answer.body().substring(0, Math.min(200, answer.body().length())));
                }
                if (n > 0 && n % 1000 == 0) {
                    log("malformed: %d sent", n);
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(16, TimeUnit.MINUTES)) {
            pool.shutdownNow();
        }
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("requests", count - skipped.get());
        part.put("skippedAtDeadline", skipped.get());
        part.put("seconds", round((System.nanoTime() - start) / 1e9));
        part.put("fiveXx", fiveXx.get());
        part.put("errorsWithoutJsonShape", unshaped.get());
        part.put("answersWithoutRequestId", withoutId.get());
        part.put("unanswered", unanswered.get());
        Map<String, Long> byKind = new TreeMap<>();
        statuses.forEach((k, v) -> byKind.put(k, v.get()));
        part.put("statusesByKind", byKind);
        part.put("examples", List.copyOf(examples));
        detail.put("malformed", part);
        log("malformed: %d requests, %d 5xx, %d errors without the JSON shape, %d without a request id, %d unanswered",
                count - skipped.get(), fiveXx.get(), unshaped.get(), withoutId.get(), unanswered.get());
        return fiveXx.get();
    }

    /** Console pages answer errors as HTML, by design. */
    private static boolean console(AbuseRequests.Request request) {
        String line = new String(request.bytes(), 0, Math.min(200, request.bytes().length), StandardCharsets.ISO_8859_1);
        String[] parts = line.split(" ", 3);
        return parts.length > 1 && (parts[1].startsWith("/ui") || parts[1].equals("/"));
    }

    /** Whether an error answer is the API's JSON error whose request id is the header's. */
    private static boolean shaped(RawExchange.Answer answer) {
        try {
            JsonObject error = new JsonObject(answer.body()).getJsonObject("error");
            return error != null && error.getString("code") != null && error.getString("message") != null
                    && answer.header("X-Request-Id").equals(error.getString("requestId"))
                    && String.valueOf(answer.header("Content-Type")).startsWith("application/json");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Part 2: 1,000 requests with distinct bogus tokens, 50 at a time, once the address's allowance
     * has filled up again after part 1.
     *
     * @return the 5xx answers
     */
    static long bogusTokens(Map<String, Object> detail, Map<String, Object> figures, ApiServerProcess server,
                                    String developer) throws Exception {
        int count = 1000;
        Thread.sleep((long) Math.ceil(LIMITS.addressRateBurst() / LIMITS.addressRatePerSecond() * 1000) + 1000);
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/namespaces/" + NS + "/apps");
        double before = Bench.sum(TOKEN_REVIEWS, server.metrics(), 1);
        long start = System.nanoTime();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int from = 0; from < count; from += 50) {
            List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 50); i++) {
                batch.add(HTTP.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer bogus-" + UUID.randomUUID()).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : batch) {
                statuses.merge(response.get(60, TimeUnit.SECONDS).statusCode(), 1, Integer::sum);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double reviews = Bench.sum(TOKEN_REVIEWS, server.metrics(), 1) - before;
        // Its address has no allowance left now: a user it knows is served all the same.
        int knownGood = get(server.port(), uri.getPath(), developer).statusCode();
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("requests", count);
        part.put("seconds", round(seconds));
        part.put("tokenReviews", (long) reviews);
        part.put("statuses", statuses);
        part.put("knownUserRightAfter", knownGood);
        detail.put("bogusTokens", part);
        figures.put("tokenReviewsPer1000BogusRequests", round(reviews * 1000 / count));
        log("bogus tokens: %d requests in %.1f s cost %.0f TokenReviews; statuses %s; a known user got %d",
                count, seconds, reviews, statuses, knownGood);
        return statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * Part 3: {@code count} event streams of one user opened at once, then closed; the quota must
     * let a new one open once they are.
     *
     * @return the 5xx answers
     */
    static long eventStreams(Map<String, Object> detail, Map<String, Object> figures, ApiServerProcess server,
                                     String path, String token, int count) throws Exception {
        double heapBefore = server.liveHeapMb();
        double rssBefore = server.rssMb();
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nAccept: text/event-stream\r\n\r\n";
        List<Socket> sockets = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        double heapDuring;
        double rssDuring;
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                sockets.add(socket);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            }
            for (Socket socket : sockets) {
                socket.setSoTimeout(30_000);
                statuses.merge(status(socket.getInputStream()), 1, Integer::sum);
            }
            heapDuring = server.liveHeapMb();
            rssDuring = server.rssMb();
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        int reopened = 0;
        Instant deadline = Instant.now().plusSeconds(15);
        while (reopened != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            try (Socket again = new Socket("127.0.0.1", server.port())) {
                again.setSoTimeout(10_000);
                again.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                reopened = status(again.getInputStream());
            }
        }
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("requested", count);
        part.put("quota", LIMITS.eventStreamsPerUser());
        part.put("statuses", statuses);
        part.put("liveHeapMbBefore", round(heapBefore));
        part.put("liveHeapMbWhileOpen", round(heapDuring));
        part.put("rssMbBefore", round(rssBefore));
        part.put("rssMbWhileOpen", round(rssDuring));
        part.put("newStreamAfterAllClosed", reopened);
        detail.put("eventStreams", part);
        figures.put("apiEventStreams429", statuses.getOrDefault(429, 0));
        figures.put("apiEventStreamsMemoryMb", round(Math.max(rssDuring - rssBefore, heapDuring - heapBefore)));
        log("event streams: %d at once: %s; live heap %.1f -> %.1f MB, RSS %.1f -> %.1f MB; a new one after: %d",
                count, statuses, heapBefore, heapDuring, rssBefore, rssDuring, reopened);
        return statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
    }

    /** The status of the response whose head {@code in} starts with; 0 when none came. */
    private static int status(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        try {
            while (head.length() < 16_384 && head.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            return 0;
        }
        String[] statusLine = head.toString().split(" ", 3);
        return statusLine.length > 1 && statusLine[1].matches("[0-9]{3}") ? Integer.parseInt(statusLine[1]) : 0;
    }

    /**
     * Part 4: {@code count} clients that send a request head a byte a second, while another asks
     * for /healthz every 100 ms, until every slow one is cut off or three head timeouts have passed.
     *
     * @return the 5xx answers to the other client
     */
    static long slowClients(Map<String, Object> detail, Map<String, Object> figures, ApiServerProcess server,
                                    int count) throws Exception {
        Duration limit = LIMITS.requestHeadTimeout().multipliedBy(3);
        List<Double> cutOffAfter = Collections.synchronizedList(new ArrayList<>());
        ExecutorService slow = Executors.newFixedThreadPool(count);
        for (int i = 0; i < count; i++) {
            slow.submit(() -> {
                long start = System.nanoTime();
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    socket.setSoTimeout(1000);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = socket.getInputStream();
                    out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    while (System.nanoTime() - start < limit.toNanos()) {
                        out.write('a');
                        out.flush();
                        try {
                            if (in.read() < 0) {
                                break;
                            }
                        } catch (SocketTimeoutException stillOpen) {
                            continue;
                        }
                    }
                } catch (IOException cut) {
                    // Reset by the server: cut off as well.
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (seconds < limit.toSeconds()) {
                    cutOffAfter.add(seconds);
                }
                return null;
            });
        }
        slow.shutdown();
        List<Double> latencies = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        while (!slow.isTerminated()) {
            long start = System.nanoTime();
            int status;
            try {
                status = server.get("/healthz").statusCode();
            } catch (IOException e) {
                status = 0;
            }
            latencies.add((System.nanoTime() - start) / 1e6);
            statuses.merge(status, 1, Integer::sum);
            slow.awaitTermination(100, TimeUnit.MILLISECONDS);
        }
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("slowClients", count);
        part.put("headTimeoutSeconds", LIMITS.requestHeadTimeout().toSeconds());
        part.put("cutOff", cutOffAfter.size());
        part.put("cutOffAfterMaxSeconds", cutOffAfter.isEmpty() ? null
                : round(Collections.max(cutOffAfter)));
        part.put("otherClientRequests", latencies.size());
        part.put("otherClientStatuses", statuses);
        part.put("otherClientP99Ms", latencies.isEmpty() ? null : round(Bench.percentile(latencies, 99)));
        detail.put("slowClients", part);
        figures.put("apiSlowClientsCutOff", cutOffAfter.size() + "/" + count);
        figures.put("apiSlowClientMaxSeconds", cutOffAfter.isEmpty() ? null : round(Collections.max(cutOffAfter)));
        log("slow clients: %d of %d cut off, the last after %s s; the other client: %s, p99 %s ms", cutOffAfter.size(),
                count, part.get("cutOffAfterMaxSeconds"), statuses, part.get("otherClientP99Ms"));
        return statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * Puts {@code figures} into the JSON object in {@code file}, keeping the keys that other runs
     * wrote there, and replaces the file at once, so a reader never sees half of it.
     */
    static void merge(Path file, Map<String, Object> figures) throws IOException {
        Files.createDirectories(file.getParent());
        JsonObject all = Files.exists(file) ? new JsonObject(Files.readString(file)) : new JsonObject();
        figures.forEach(all::put);
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, all.encodePrettily() + "\n");
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log("%s", all.encodePrettily());
    }

    private static boolean serves(int port, String path, String token) {
        try {
            return get(port, path, token).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static HttpResponse<String> get(int port, String path, String token) throws IOException,
            InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
