package dev.slipway.bench;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppPhase;
import dev.slipway.api.v1alpha1.AppRoute;
import dev.slipway.api.v1alpha1.AppStatus;
import dev.slipway.api.v1alpha1.Condition;
import dev.slipway.api.v1alpha1.ConditionStatus;
import dev.slipway.api.v1alpha1.ConditionTypes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/** What the benchmark mains share: the bench App, setup steps, waiting, and arithmetic on samples. */
final class Bench {

    private static final int THREADS = 16;

    private Bench() {
    }

    /** A result's first figures: which benchmark, when, with how many Apps, on how many cores. */
    static Map<String, Object> results(String benchmark, int apps) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", benchmark);
        result.put("date", Instant.now().toString());
        result.put("apps", apps);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        return result;
    }

    /**
     * The machine's one-minute load average: other work sharing the cores while a benchmark runs
     * shows here, to read its numbers by.
     */
    static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    /** User and system CPU seconds the process {@code pid} has used, from /proc (in clock ticks of 1/100 s). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The fields after the command name, which is in parentheses and may hold spaces.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** Writes bench/results/{benchmark}.json, for tools that compare runs, and prints it. */
    static void write(Path root, Map<String, Object> result) throws IOException {
        Path out = root.resolve("bench/results/" + result.get("benchmark") + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, Serialization.asJson(result) + "\n");
        log("%s", Serialization.asJson(result));
    }

    /** The App every benchmark creates: 2 replicas of one image with a health check. */
    static App app(String namespace, String name) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: %s, namespace: %s}
                spec:
                  image: registry.example.com/bench/%s:1
                  replicas: 2
                  port: 8080
                  healthCheck: {path: /healthz}
                """.formatted(name, namespace, name), App.class);
    }

    /** Runs {@code task} for 0..count-1 on a fixed pool, so setup of hundreds of objects does not take minutes. */
    static void parallel(int count, IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = IntStream.range(0, count).mapToObj(i -> pool.submit(() -> task.accept(i)))
                    .<Future<?>>map(f -> f).toList();
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    /** Creates a namespace and waits for its default ServiceAccount, which pods and tokens need. */
    static void namespace(KubernetesClient client, String name) throws InterruptedException {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        await(() -> client.serviceAccounts().inNamespace(name).withName("default").get() != null,
                "default ServiceAccount in " + name, Duration.ofMinutes(1));
    }

    interface Check {
        boolean done();
    }

    static void await(Check check, String what, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!check.done()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    /** The nearest-rank percentile: the smallest sample with at least {@code percentile}% of samples at or below it. */
    static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    /** The sum of a number that {@code pattern} finds on every line it matches, such as one metric's series. */
    static double sum(Pattern pattern, String text, int group) {
        Matcher matcher = pattern.matcher(text);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(group));
        }
        return total;
    }

    /** A port nobody listens on now, for a process of the benchmark's own on 127.0.0.1. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static double round(double value) {
        return round(value, 2);
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }

    /** The bench App with one route on its generated host, as most Apps have. */
    /**
     * The status the controller writes for an App that serves {@code revision}: phase Ready, its URL,
     * and its three conditions, each with {@code message}, last changed at {@code since}.
     */
    static AppStatus servingStatus(String name, long revision, String message, String since) {
        AppStatus status = new AppStatus();
        status.setPhase(AppPhase.Ready);
        status.setUrl("http://" + name + ".apps.slipway.localhost");
        status.setLatestRevision(revision);
        status.setObservedGeneration(1L);
        List<Condition> conditions = new ArrayList<>();
        for (String type : List.of(ConditionTypes.READY, ConditionTypes.PROGRESSING, ConditionTypes.DEGRADED)) {
            Condition condition = new Condition();
            condition.setType(type);
            condition.setStatus(ConditionTypes.READY.equals(type) ? ConditionStatus.True : ConditionStatus.False);
            condition.setReason("RolledOut");
            condition.setMessage(message);
            condition.setLastTransitionTime(since);
            condition.setObservedGeneration(1L);
            conditions.add(condition);
        }
        status.setConditions(conditions);
        return status;
    }

    static App routed(App app) {
        app.getSpec().setRoutes(List.of(new AppRoute()));
        return app;
    }

    /** Until {@code count} Apps of the namespace are Ready with their URL. */
    static void awaitAppsReady(KubernetesClient client, String namespace, int count) throws InterruptedException {
        awaitAppsReady(client, namespace, count, Duration.ofMinutes(20));
    }

    static void awaitAppsReady(KubernetesClient client, String namespace, int count, Duration timeout)
            throws InterruptedException {
        awaitCount(client.resources(App.class).inNamespace(namespace), a -> {
            AppStatus s = a.getStatus();
            return s != null && s.getPhase() == AppPhase.Ready && s.getUrl() != null && s.getConditions() != null
                    && s.getConditions().stream().anyMatch(
                            c -> ConditionTypes.READY.equals(c.getType()) && c.getStatus() == ConditionStatus.True);
        }, count, "Apps Ready", timeout);
    }

    /**
     * Until {@code count} of {@code objects} pass {@code counted}, counted in a watch's cache. Not by
     * listing them: four lists a second of a thousand objects made the kube-apiserver, already the
     * busiest process of a run, serialize a thousand objects four times a second for the benchmark
     * alone, on the cores the run measures.
     */
    static <T extends HasMetadata> void awaitCount(Informable<T> objects, Predicate<T> counted, int count,
            String what, Duration timeout) throws InterruptedException {
        try (SharedIndexInformer<T> informer = objects.inform()) {
            awaitCount(() -> informer.getStore().list().stream().filter(counted).count(), count, what, timeout);
        }
    }

    /**
     * Until {@code counter} reaches {@code count}, asked four times a second; logs it every 15 s, for the
     * shape of the climb (kube-controller-manager works breadth first: most of a thousand Deployments
     * become available in the last third of the time).
     */
    private static void awaitCount(LongSupplier counter, int count, String what, Duration timeout)
            throws InterruptedException {
        long start = System.nanoTime();
        long[] lastLog = {start};
        await(() -> {
            long n = counter.getAsLong();
            if (System.nanoTime() - lastLog[0] >= 15_000_000_000L) {
                lastLog[0] = System.nanoTime();
                log("%s: %d of %d after %.0f s", what, n, count, (lastLog[0] - start) / 1e9);
            }
            return n >= count;
        }, what, timeout);
    }
}
