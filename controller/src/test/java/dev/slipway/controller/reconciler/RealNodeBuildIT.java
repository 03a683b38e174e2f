package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static dev.slipway.controller.reconciler.ReleaseFixtures.gitApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.SourceRevision;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.InProcessController;
import dev.slipway.controller.build.BuildJob;
import dev.slipway.controller.build.BuildStepImages;
import dev.slipway.testkit.GitHttpServer;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.LocalGit;
import dev.slipway.testkit.RealNode;
import dev.slipway.testkit.RepositoryLayout;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apps from source on the real node, nothing faked: the build pod clones from a git server on this
 * machine, BuildKit builds rootless in the pod and pushes to the cluster's registry, the kubelet
 * pulls the image, a real readiness probe passes, and the route answers through the ingress
 * controller with the sample app's response.
 */
@KubeClusterTest(realNode = true)
class RealNodeBuildIT {

    /** A cold build pulls the builder image into BuildKit and the built image into the kubelet. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @TempDir
    static Path repositories;
    private static GitHttpServer git;
    private static InProcessController controller;

    @BeforeAll
    static void gitServerAndController(TestNamespace namespace) {
        git = GitHttpServer.start(repositories, RealNode.HOST_ADDRESS);
        controller = InProcessController.start(namespace, ControllerSettings.forNamespaces(namespace.name())
                .withRegistry(RealNode.REGISTRY, Duration.ZERO)
                .withBuildStepImages(new BuildStepImages(RealNode.gitImage(namespace.cluster()),
                        RealNode.buildkitImage(namespace.cluster()))));
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
        if (git != null) {
            git.close();
        }
    }

    @Test
    void staticSiteFromGitIsBuiltInTheClusterAndItsRouteAnswers(TestNamespace namespace) throws Exception {
        String body = liveFromSource(namespace, "site", "builder: static", sample("static"));

        assertThat(body).contains("<h1>Hello from the static builder</h1>");
    }

    @Test
    void pythonAppFromGitIsBuiltInTheClusterAndItsRouteAnswers(TestNamespace namespace) throws Exception {
        String body = liveFromSource(namespace, "greeter", "builder: python", sample("python"));

        assertThat(body).isEqualTo("Hello from the python builder");
    }

    @Test
    void aRepositorysOwnMultiStageDockerfileIsBuiltWithTheAppsValuesAsArguments(TestNamespace namespace)
            throws Exception {
        String busybox = RealNode.busyboxImage(namespace.cluster());
        // The first stage writes the page with the build argument; the second serves it as user 1001.
        String dockerfile = """
                FROM %1$s AS page
                ARG GREETING
                RUN mkdir -p /www && echo "$GREETING from a Dockerfile" > /www/index.html && echo ok > /www/healthz
                FROM %1$s
                COPY --from=page /www /www
                USER 1001
                CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
                """.formatted(busybox);

        String body = liveFromSource(namespace, "docker", "dockerfile: Dockerfile",
                Map.of("web/Dockerfile", dockerfile, "README.md", "the app is in web/"), "contextDir: web",
                "env: [{name: GREETING, value: Hello}]");

        assertThat(body).isEqualTo("Hello from a Dockerfile");
    }

    /**
     * Commits {@code files} to a repository named after the App, creates the App from it (built as
     * {@code howBuilt} says) with a route, and returns what the route answers once it does; the
     * build's log must show the real steps.
     */
    private static String liveFromSource(TestNamespace namespace, String app, String howBuilt, Map<String, String> files)
            throws Exception {
        return liveFromSource(namespace, app, howBuilt, files, null, null);
    }

    /** As above, with the source's contextDir and a line of the App's spec (null for none). */
    private static String liveFromSource(TestNamespace namespace, String app, String howBuilt, Map<String, String> files,
            String contextDir, String specLine) throws Exception {
        KubernetesClient client = namespace.client();
        Path repository = LocalGit.init(repositories.resolve(app));
        String commit = LocalGit.commit(repository, "the " + app + " sample", files);
        String host = app + "-" + namespace.name() + ".apps.test";

        String yaml = gitApp(app, git.url(app), howBuilt, "healthCheck: {path: /healthz, periodSeconds: 1}\n  routes: [{host: "
                + host + "}]" + (specLine == null ? "" : "\n  " + specLine));
        create(client, contextDir == null ? yaml : yaml.replace("ref: main}", "ref: main, " + contextDir + "}"));

        Build build = await().atMost(BUILD_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.resources(Build.class).withName(app + "-build-1").get(),
                        b -> b != null && b.getStatus() != null && (b.getStatus().getPhase() == BuildPhase.Complete
                                || b.getStatus().getPhase() == BuildPhase.Failed));
        String log = buildLog(client, build);
        assertThat(build.getStatus().getPhase()).as("build %s: %s%nlog:%n%s", build.getMetadata().getName(),
                build.getStatus().getMessage(), log).isEqualTo(BuildPhase.Complete);
        assertThat(build.getStatus().getImage())
                .startsWith(RealNode.REGISTRY + "/" + namespace.name() + "/" + app + "@sha256:");
        assertThat(log).contains("---> Commit " + commit, "---> Pushed " + RealNode.REGISTRY);
        assertThat(build.getStatus().getRevision()).extracting(SourceRevision::getCommit, SourceRevision::getAuthor,
                SourceRevision::getMessage).containsExactly(commit, "Slipway Tests <tests@slipway.dev>", "the " + app + " sample");

        Release release = awaitPhase(client, app + "-1", ReleasePhase.Complete);
        assertThat(release.getSpec().getReason()).isEqualTo("image change: build " + app + "-build-1 ("
                + commit.substring(0, 7) + " \"the " + app + " sample\" by Slipway Tests)");
        URI route = URI.create("http://" + RealNode.ingressAddress(namespace.cluster()) + "/");
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> get(route, host), r -> r != null && r.statusCode() == 200).body().strip();
    }

    /** The build pod's steps' logs, in order. */
    private static String buildLog(KubernetesClient client, Build build) {
        String pod = build.getStatus().getPodName();
        StringBuilder log = new StringBuilder();
        for (String container : new String[] {BuildJob.CLONE, BuildJob.DOCKERFILE, BuildJob.BUILD}) {
            log.append(client.pods().withName(pod).inContainer(container).getLog());
        }
        return log.toString();
    }

    /** The files of builder-images/BUILDER/test/app, by path. */
    private static Map<String, String> sample(String builder) {
        Path app = RepositoryLayout.root().resolve("builder-images").resolve(builder).resolve("test/app");
        Map<String, String> files = new TreeMap<>();
        try (var walk = Files.walk(app)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(app.relativize(file).toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static HttpResponse<String> get(URI route, String host) {
        try {
            return HTTP.send(HttpRequest.newBuilder(route).header("Host", host).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
