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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One of Slipway's programs as users run it, in a JVM of its own ({@code java -jar}), so its heap
 * and resident memory are its own: figures come from its /metrics on 127.0.0.1 and from /proc.
 */
abstract class SlipwayProcess implements AutoCloseable {

    private static final Pattern THREADS_STARTED = Pattern.compile("^jvm_threads_started_threads_total (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern HEAP = Pattern.compile(
            "^jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} ([0-9.eE+]+)$", Pattern.MULTILINE);

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * Starts {@code jar} with {@code jvmOptions} and {@code env} added to this JVM's environment, its
     * output in {@code log}, and waits until {@code readyPath} on {@code port} answers 200 (with null,
     * does not wait).
     */
    SlipwayProcess(Path jar, List<String> jvmOptions, Map<String, String> env, int port, String readyPath, Path log)
            throws IOException, InterruptedException {
        this.port = port;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        this.process = builder.start();
        if (readyPath == null) {
            return;
        }
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (get(readyPath).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListening) {
                // Not yet.
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException(jar.getFileName() + " did not answer " + readyPath + "; see " + log);
    }

    int port() {
        return port;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, as the kernel's OOM killer or a lost node ends a process: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String metrics() throws IOException, InterruptedException {
        return get("/metrics").body();
    }

    /** Threads the JVM has started since it began (Micrometer's JVM thread metrics). */
    double threadsStarted() throws IOException, InterruptedException {
        return Bench.sum(THREADS_STARTED, metrics(), 1);
    }

    /** Heap in use after a full collection: the live set, in MB. */
    double liveHeapMb() throws IOException, InterruptedException {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor();
        return Bench.sum(HEAP, metrics(), 1) / (1024 * 1024);
    }

    /** CPU time the process has used, user and system, in seconds (/proc/PID/stat, 100 ticks a second). */
    double cpuSeconds() throws IOException {
        return Bench.cpuSeconds(process.pid());
    }

    /** Resident set size of the process, in MB. */
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
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
