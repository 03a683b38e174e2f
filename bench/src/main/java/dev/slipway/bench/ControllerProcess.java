package dev.slipway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The controller as users run it, in a JVM of its own (java -jar controller/target/slipway-controller.jar),
 * so its heap and resident memory are its own; figures come from its /metrics and /proc.
 */
final class ControllerProcess implements AutoCloseable {

    private static final Pattern WRITE = Pattern.compile(
            "^slipway_kube_requests_total\\{method=\"(POST|PUT|PATCH|DELETE)\"} ([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final Pattern HEAP = Pattern.compile(
            "^jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} ([0-9.eE+]+)$", Pattern.MULTILINE);

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    ControllerProcess(Path root, Path kubeconfig, String namespace, int port, Path log) throws IOException,
            InterruptedException {
        this.port = port;
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", root.resolve("controller/target/slipway-controller.jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("SLIPWAY_NAMESPACES", namespace);
        builder.environment().put("SLIPWAY_LEADER_ELECTION", "false");
        builder.environment().put("SLIPWAY_METRICS_PORT", Integer.toString(port));
        this.process = builder.start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the controller did not become healthy; see " + log);
    }

    String metrics() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Create, update, patch and delete requests the controller has sent since it started. */
    long writes() throws IOException, InterruptedException {
        return (long) Bench.sum(WRITE, metrics(), 2);
    }

    /** Heap in use after a full collection: the live set, in MB. */
    double liveHeapMb() throws IOException, InterruptedException {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor();
        return Bench.sum(HEAP, metrics(), 1) / (1024 * 1024);
    }

    /** Resident set size of the controller's process, in MB. */
    double rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for " + process.pid());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(Duration.ofSeconds(20).toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        process.destroyForcibly();
    }
}
