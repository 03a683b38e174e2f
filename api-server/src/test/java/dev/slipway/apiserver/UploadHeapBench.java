package dev.slipway.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.LocalRegistry;
import dev.slipway.testkit.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload memory benchmark (bench/run-builds.sh runs it; its name keeps it out of the test runs):
 * the API server, in this JVM, takes a 200 MB upload into a real registry while a sampler forces a
 * full collection every 200 ms and records the heap in use after it, the live data. The figure is the
 * most seen during the upload minus the same before it; a 2 MB upload measured the same way is the
 * baseline, so the ratio says whether the server's memory grows with the upload's size. The client
 * generates the bytes as it sends them, so it holds none of them either.
 */
@KubeClusterTest
class UploadHeapBench extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MB = 1000 * 1000;
    private static LocalRegistry registry;

    @BeforeAll
    static void start(TestNamespace namespace) {
        registry = LocalRegistry.start();
        startApi(namespace, ApiFixture.testSettings().withUploads(registry.host(), 200 * MB), "small", "large");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void heapDuringA200MbUploadAgainstA2MbOne() throws IOException, InterruptedException {
        ObjectNode figures = JSON.createObjectNode();
        liveHeapMbDuring("small", 2 * MB, figures, "uploadHeapMb2");
        liveHeapMbDuring("large", 200 * MB, figures, "uploadHeapMb200");
        Path results = Path.of(System.getProperty("bench.results", "target/upload-heap-bench.json"));
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures) + "\n");
    }

    /**
     * Puts under {@code key} the most live heap seen while {@code bytes} are uploaded, over the live heap
     * before, in MB, and beside it how many samples were taken and the upload's seconds.
     */
    private static void liveHeapMbDuring(String app, long bytes, ObjectNode figures, String key)
            throws IOException, InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong most = new AtomicLong(before);
        AtomicBoolean uploading = new AtomicBoolean(true);
        AtomicLong samples = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (uploading.get()) {
                memory.gc();
                most.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                samples.incrementAndGet();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.start();
        HttpResponse<String> response;
        long started = System.nanoTime();
        try {
            response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(api.uri(api.apps("/" + app + "/uploads"))).timeout(Duration.ofMinutes(5))
                            .header("Authorization", "Bearer " + developer).header("Content-Type", "application/gzip")
                            .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new GeneratedBytes(bytes)), bytes)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } finally {
            uploading.set(false);
            sampler.join();
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        figures.put(key, Math.round((most.get() - before) / 1e5) / 10.0);
        figures.put(key + "Samples", samples.get());
        figures.put(key + "Seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
    }

    /** {@code size} pseudo-random bytes, made as they are read. */
    private static final class GeneratedBytes extends InputStream {
        private final Random random = new Random(42);
        private long left;

        GeneratedBytes(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, buffer, offset, n);
            left -= n;
            return n;
        }
    }
}
