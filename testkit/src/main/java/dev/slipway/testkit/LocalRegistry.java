package dev.slipway.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real container registry for tests: the CNCF distribution registry (the program in the
 * {@code registry:2} image, built by {@code hack/build-cluster-binaries.sh registry}), listening on
 * 127.0.0.1 at a free port, storing its blobs in a fresh folder under the module's {@code target/}.
 * It speaks plain HTTP and asks for no credentials.
 *
 * <p>It stops on {@link #close()}; when the JVM exits without closing it (a shutdown hook), and when
 * the JVM dies without running its hooks (a watchdog beside the registry that waits for this JVM's pid).
 */
public final class LocalRegistry implements AutoCloseable {

    /** The OCI media types {@link #push} writes. */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

    /** The label of the pushed image's config that holds the text given to {@link #push}. */
    public static final String TEXT_LABEL = "dev.slipway.testkit.text";

    private static final Logger LOG = LoggerFactory.getLogger(LocalRegistry.class);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    // Sorted keys: the same text gives the same bytes, hence the same digest, in every JVM.
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    // Runs the registry and stops it when the owner JVM is gone or when this shell is terminated.
    private static final String WATCHDOG = """
            "$1" serve "$2" & registry=$!
            trap 'kill "$registry" 2>/dev/null' EXIT
            trap 'exit 143' TERM INT
            while kill -0 "$3" 2>/dev/null && kill -0 "$registry" 2>/dev/null; do sleep 1; done
            """;

    private final Process process;
    private final Thread shutdownHook;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();

    private LocalRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.shutdownHook = new Thread(LocalRegistry.stop(process), "local-registry-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Builds the registry binary when it is missing (about a minute, once per machine), starts it and
     * returns once {@code GET /v2/} answers 200.
     *
     * @throws IllegalStateException naming the binary and quoting its last output lines when it does not start
     */
    public static LocalRegistry start() {
        return start(binary());
    }

    /** Starts the given registry binary; the public {@link #start()} builds and finds it. */
    static LocalRegistry start(Path binary) {
        Path dir = workDir();
        IllegalStateException last = null;
        // The free port is bound by the registry a moment after it is chosen; on a busy machine
        // another process can take it in between, and the registry then exits at once.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(binary, dir, freePort(), attempt);
            } catch (IllegalStateException e) {
                last = e;
                LOG.warn("The local registry did not start (attempt {} of {}): {}", attempt, START_ATTEMPTS,
                        e.getMessage());
            }
        }
        throw last;
    }

    /** {@code 127.0.0.1:<port>}, as it appears in an image reference. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /**
     * Pushes a minimal valid OCI image (one empty layer, a config whose {@link #TEXT_LABEL} label
     * is {@code text}) as {@code repository:tag}, through the Registry HTTP API v2.
     *
     * @return the manifest digest, {@code sha256:<hex>}, as the registry reported it
     */
    public String push(String repository, String tag, String text) {
        byte[] tar = new byte[1024]; // an empty tar archive: two zero blocks
        byte[] layer = gzip(tar);
        byte[] config = json(Map.of(
                "architecture", "amd64",
                "os", "linux",
                "config", Map.of("Labels", Map.of(TEXT_LABEL, text)),
                "rootfs", Map.of("type", "layers", "diff_ids", List.of(sha256(tar)))));
        uploadBlob(repository, config);
        uploadBlob(repository, layer);
        byte[] manifest = json(Map.of(
                "schemaVersion", 2,
                "mediaType", OCI_MANIFEST,
                "config", descriptor(OCI_CONFIG, config),
                "layers", List.of(descriptor(OCI_LAYER, layer))));
        HttpResponse<String> put = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", OCI_MANIFEST)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)), 201);
        String expected = sha256(manifest);
        String reported = put.headers().firstValue("Docker-Content-Digest").orElse("");
        if (!expected.equals(reported)) {
            throw new IllegalStateException("The registry stored the manifest of " + repository + ":" + tag
                    + " as " + reported + ", expected " + expected);
        }
        return expected;
    }

    /** Stops the registry and the watchdog beside it. */
    @Override
    public void close() {
        stop(process).run();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway; nothing to remove.
        }
    }

    @Override
    public String toString() {
        return "LocalRegistry[" + host() + ", log " + log + "]";
    }

    private static Path binary() {
        Path script = RepositoryLayout.buildClusterBinariesScript();
        Path buildLog = RepositoryLayout.buildDir().resolve("registry-build.log");
        String folder = Scripts.run(script, List.of("registry"), buildLog, BUILD_TIMEOUT).strip();
        Path binary = Path.of(folder, "registry");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(script + " registry printed " + folder + ", which holds no registry binary");
        }
        return binary;
    }

    private static Path workDir() {
        try {
            Path target = Files.createDirectories(RepositoryLayout.buildDir());
            return Files.createTempDirectory(target, "local-registry-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a folder for the local registry", e);
        }
    }

    private static LocalRegistry startOnce(Path binary, Path dir, int port, int attempt) {
        Path config = dir.resolve("config-" + attempt + ".yml");
        Path log = dir.resolve("registry-" + attempt + ".log");
        Process process;
        try {
            Files.writeString(config, config(dir.resolve("storage"), port));
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", WATCHDOG, "local-registry",
                    binary.toString(), config.toString(), Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // Distribution v3 exports OpenTelemetry traces by default; there is no collector here.
            builder.environment().put("OTEL_TRACES_EXPORTER", "none");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + binary, e);
        }
        LocalRegistry registry = new LocalRegistry(process, port, log);
        try {
            registry.awaitReady(binary);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        LOG.info("Local registry {} from {}", registry, binary);
        return registry;
    }

    private static String config(Path storage, int port) {
        // http.secret is set so the registry does not warn about a random one; it signs upload state.
        return """
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                  secret: %s
                """.formatted(storage, port, UUID.randomUUID());
    }

    private void awaitReady(Path binary) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest ping = HttpRequest.newBuilder(uri("/v2/")).timeout(Duration.ofSeconds(1)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw notStarted(binary, "exited with code " + process.exitValue());
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(100));
        }
        throw notStarted(binary, "did not answer GET /v2/ with 200 within " + START_TIMEOUT);
    }

    private IllegalStateException notStarted(Path binary, String what) {
        return new IllegalStateException("The registry " + binary + " on " + host() + " " + what
                + "; last lines of " + log + ":\n" + Scripts.tail(log, 20));
    }

    /** Stores {@code blob} in {@code repository} (one monolithic upload) and returns its digest. */
    public String uploadBlob(String repository, byte[] blob) {
        HttpResponse<String> started = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), 202);
        String location = started.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("The registry started an upload to " + repository
                        + " without a Location header"));
        URI upload = started.uri().resolve(location);
        String separator = upload.getRawQuery() == null ? "?" : "&";
        send(HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + sha256(blob)))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)), 201);
        return sha256(blob);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int expectedStatus) {
        HttpRequest built = request.timeout(CALL_TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException(built.method() + " " + built.uri() + " answered "
                        + response.statusCode() + " (expected " + expectedStatus + "): " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://" + host() + path);
    }

    private static Runnable stop(Process process) {
        return () -> {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        };
    }

    private static Map<String, Object> descriptor(String mediaType, byte[] content) {
        return Map.of("mediaType", mediaType, "digest", sha256(content), "size", content.length);
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code sha256:<hex>} of the bytes, the form of an OCI digest. */
    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM has no SHA-256", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
