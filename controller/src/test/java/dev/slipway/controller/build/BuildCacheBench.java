package dev.slipway.controller.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.EnvVar;
import dev.slipway.testkit.BuildKitBinaries;
import dev.slipway.testkit.LocalGit;
import dev.slipway.testkit.RepositoryLayout;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build cache benchmark (bench/run-builds.sh runs it; not a test of the build: its name keeps it
 * out of the test runs). For the java and the node sample, a build pod runs on this machine as
 * {@link BuildPodIT} runs one, pushing to and exporting its cache to the registry
 * {@code -Dbench.registry} (which has the catalog's builder images); then one line of the source
 * changes and a BuildKit that never saw the App builds it again, as a new pod would; then the same
 * source once more. The figures: each build's seconds (the whole pod: clone, Dockerfile, build and
 * push), the second over the first, and the size of the App's cache in the registry, all of it and
 * without the builder image's layers. RUN steps reach the package registries
 * (Maven Central, npm) from this machine; the local cluster's pods could not.
 */
class BuildCacheBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    /**
     * One sample: where it is, the file whose line changes, that line before and after, and the App's
     * env. This machine reaches the package registries through an egress proxy whose certificate
     * authority its own trust store has and the builder images do not: the samples' builds skip
     * the certificate check of those downloads (Maven's wagon, npm), the benchmark's builds alone.
     */
    private record Sample(String builder, Path folder, String file, String before, String after, List<EnvVar> env) {
    }

    @TempDir
    Path work;

    @Test
    void cachedRebuildsOfTheJavaAndNodeSamples() throws IOException {
        String registry = System.getProperty("bench.registry");
        assertThat(registry).as("-Dbench.registry: the registry with the builder images (bench/run-builds.sh)")
                .isNotBlank();
        Path results = Path.of(System.getProperty("bench.results", "target/build-cache-bench.json"));
        HostBuildPod pod = new HostBuildPod(BuildKitBinaries.folder(), TIMEOUT);
        Path root = RepositoryLayout.root();
        String run = Long.toString(System.currentTimeMillis(), 36);
        ObjectNode figures = JSON.createObjectNode();
        for (Sample sample : List.of(
                new Sample("java", root.resolve("builder-images/java/test/app"),
                        "src/main/java/dev/slipway/samples/Hello.java", "Hello from the java builder",
                        "Hello again from the java builder", List.of(new EnvVar("MAVEN_BUILD_ARGS_APPEND",
                                "-Dmaven.wagon.http.ssl.insecure=true -Dmaven.wagon.http.ssl.allowall=true"))),
                new Sample("node", root.resolve("bench/samples/node"), "server.js", "Hello from the node builder",
                        "Hello again from the node builder", List.of(new EnvVar("npm_config_strict_ssl", "false"))))) {
            String name = Character.toUpperCase(sample.builder().charAt(0)) + sample.builder().substring(1);
            // A repository name of its own each run: the first build finds no cache.
            String output = registry + "/bench/" + sample.builder() + "-" + run;
            Path repo = LocalGit.init(work.resolve(sample.builder() + "-source"));
            LocalGit.commit(repo, "the sample", files(sample.folder()));
            Build build = BuildFixtures.build(sample.builder());
            build.getSpec().getSource().getGit().setUrl(LocalGit.url(repo));
            build.getSpec().getOutput().setImage(output);
            Job job = BuildJob.desired(build, null, sample.env(), registry, new BuilderDigests());

            Path firstState = work.resolve(sample.builder() + "-1").resolve("buildkit-state");
            double first = timed(pod, job, work.resolve(sample.builder() + "-1"), firstState);
            String changed = Files.readString(sample.folder().resolve(sample.file()))
                    .replace(sample.before(), sample.after());
            assertThat(changed).as("the line to change in %s", sample.file()).contains(sample.after());
            LocalGit.commit(repo, "one line changed", Map.of(sample.file(), changed));
            double second = timed(pod, job, work.resolve(sample.builder() + "-2"), null);
            // The same source again: every step from the cache, nothing to pull, the push left.
            double unchanged = timed(pod, job, work.resolve(sample.builder() + "-3"), null);
            // Another one-line change, built by the first build's BuildKit, which still has the builder
            // image: what a BuildKit whose state outlives its pod would take.
            LocalGit.commit(repo, "another line changed", Map.of(sample.file(), changed.replace(sample.after(),
                    sample.after() + "!")));
            double warm = timed(pod, job, work.resolve(sample.builder() + "-4"), firstState);

            figures.put("firstBuildSeconds" + name, round(first));
            figures.put("cachedRebuildSeconds" + name, round(second));
            figures.put("cachedRebuildRatio" + name, round(second / first));
            figures.put("unchangedRebuildSeconds" + name, round(unchanged));
            figures.put("warmStateRebuildSeconds" + name, round(warm));
            figures.put("warmStateRebuildRatio" + name, round(warm / first));
            Map<String, Long> cache = layers(output + ":" + BuildJob.CACHE_TAG);
            Map<String, Long> builder = layers(BuilderImages.reference(sample.builder(), registry));
            figures.put("cacheBytes" + name, cache.values().stream().mapToLong(Long::longValue).sum());
            figures.put("cacheOwnBytes" + name, cache.entrySet().stream().filter(e -> !builder.containsKey(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum());
        }
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures) + "\n");
    }

    /**
     * Seconds of one pod, with BuildKit's state in {@code state} (null: a fresh folder, as in a new pod);
     * only the first build runs the dependencies step.
     */
    private static double timed(HostBuildPod pod, Job job, Path workspace, Path state) throws IOException {
        Files.createDirectories(workspace);
        long started = System.nanoTime();
        List<PodStep> steps = pod.run(job, workspace, state != null ? state : workspace.resolve("buildkit-state"));
        double seconds = (System.nanoTime() - started) / 1e9;
        PodStep built = steps.get(2);
        assertThat(built.exitCode()).as(built.output()).isZero();
        // BuildKit's own step times, for taking a figure apart.
        Path logs = Files.createDirectories(Path.of("target/build-cache-bench"));
        Files.writeString(logs.resolve(workspace.getFileName() + ".log"), built.output());
        // After the first, the dependencies step's layers come from the registry: BuildKit pulls them
        // instead of running it.
        boolean fetched = built.output().contains("the dependencies with ");
        assertThat(fetched).as("the dependencies step ran: %s", built.output())
                .isEqualTo(workspace.getFileName().toString().endsWith("-1"));
        return seconds;
    }

    /** The files of a sample folder, by relative path. */
    private static Map<String, String> files(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }

    /**
     * The blobs a manifest lists, by digest, with their sizes: an image's config and layers, or a
     * BuildKit cache's (its manifest lists the cache's layers, the builder image's among them, and its
     * config).
     */
    private static Map<String, Long> layers(String reference) {
        int slash = reference.indexOf('/');
        int tag = reference.lastIndexOf(':');
        URI uri = URI.create("http://" + reference.substring(0, slash) + "/v2/" + reference.substring(slash + 1, tag)
                + "/manifests/" + reference.substring(tag + 1));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .header("Accept", RegistryClient.ACCEPT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
            JsonNode manifest = JSON.readTree(response.body());
            Map<String, Long> blobs = new TreeMap<>();
            blobs.put(manifest.path("config").path("digest").asText(), manifest.path("config").path("size").asLong());
            for (JsonNode layer : manifest.path("layers")) {
                blobs.put(layer.path("digest").asText(), layer.path("size").asLong());
            }
            return blobs;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the manifest " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
