package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitBuildEnded;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.buildLog;
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
import dev.slipway.controller.build.BuildStepImages;
import dev.slipway.testkit.GitHttpServer;
import dev.slipway.testkit.GitSshServer;
import dev.slipway.testkit.ImageLayers;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.LocalGit;
import dev.slipway.testkit.RealNode;
import dev.slipway.testkit.RepositoryLayout;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
                ARG SOURCE_COMMIT
                RUN mkdir -p /www && echo "$GREETING from a Dockerfile" > /www/index.html && echo ok > /www/healthz \\
                    && echo "$SOURCE_COMMIT" > /www/commit
                FROM %1$s
                COPY --from=page /www /www
                USER 1001
                CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
                """.formatted(busybox);

        String body = liveFromSource(namespace, "docker", git.url("docker"), "dockerfile: Dockerfile",
                Map.of("web/Dockerfile", dockerfile, "README.md", "the app is in web/"), "contextDir: web",
                "env: [{name: GREETING, value: Hello}]");

        assertThat(body).isEqualTo("Hello from a Dockerfile");
        // The clone has no .git; the commit comes as the build argument SOURCE_COMMIT.
        String commit = namespace.client().resources(Build.class).withName("docker-build-1").get().getStatus()
                .getRevision().getCommit();
        HttpResponse<String> stamped = get(URI.create("http://" + RealNode.ingressAddress(namespace.cluster()) + "/commit"),
                "docker-" + namespace.name() + ".apps.test");
        assertThat(stamped).isNotNull();
        assertThat(stamped.body().strip()).isEqualTo(commit);
    }

    @Test
    void privateRepositoriesAreClonedWithTheirSecretWhichNoLaterStepNoLogAndNoImageHolds(TestNamespace namespace)
            throws Exception {
        String token = "glpat-" + UUID.randomUUID();
        KeyPair deployKey = GitSshServer.newKeyPair();
        String privateKey = GitSshServer.openSshPrivateKey(deployKey);
        String keyBody = privateKey.lines().skip(1).findFirst().orElseThrow();
        // The build's environment is kept in the image, to be searched with the rest.
        Map<String, String> files = Map.of("Dockerfile", """
                FROM %s
                RUN mkdir -p /www && echo "Hello from a private repository" > /www/index.html && echo ok > /www/healthz \
                    && env > /www/env.txt
                USER 1001
                CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
                """.formatted(RealNode.busyboxImage(namespace.cluster())));
        try (GitHttpServer https = GitHttpServer.startPrivate(repositories, RealNode.HOST_ADDRESS, "deploy", token);
             GitSshServer ssh = GitSshServer.start(repositories, RealNode.HOST_ADDRESS, deployKey)) {
            namespace.client().secrets().resource(new SecretBuilder().withNewMetadata().withName("https-git").endMetadata()
                    .withType("kubernetes.io/basic-auth")
                    .withStringData(Map.of("username", "deploy", "password", token)).build()).create();
            namespace.client().secrets().resource(new SecretBuilder().withNewMetadata().withName("ssh-git").endMetadata()
                    .withType("kubernetes.io/ssh-auth")
                    .withStringData(Map.of("ssh-privatekey", privateKey, "known_hosts", ssh.knownHostsLine())).build())
                    .create();

            Map<String, String> bodies = new TreeMap<>();
            bodies.put("via-https", liveFromSource(namespace, "via-https", https.url("via-https"), "dockerfile: Dockerfile",
                    files, "credentialsSecret: {name: https-git}", null));
            bodies.put("via-ssh", liveFromSource(namespace, "via-ssh", ssh.url("via-ssh"), "dockerfile: Dockerfile",
                    files, "credentialsSecret: {name: ssh-git}", null));

            assertThat(bodies).containsOnly(Map.entry("via-https", "Hello from a private repository"),
                    Map.entry("via-ssh", "Hello from a private repository"));
            for (String app : bodies.keySet()) {
                Build build = namespace.client().resources(Build.class).withName(app + "-build-1").get();
                String log = buildLog(namespace.client(), build);
                String digest = build.getStatus().getImage().substring(build.getStatus().getImage().indexOf('@') + 1);
                ImageLayers image = ImageLayers.read(RealNode.REGISTRY_FROM_HOST, namespace.name() + "/" + app, digest);
                assertThat(image.contains("Hello from a private repository")).as("the search reads the layers").isTrue();
                for (String secret : List.of(token, keyBody, "deploy:")) {
                    assertThat(log).as("%s: the build log", app).doesNotContain(secret);
                    assertThat(image.contains(secret)).as("%s: the image's layers and config", app).isFalse();
                }
            }
        }
    }

    @Test
    void aRefusedTokenOrAMissingSecretFailsTheBuildSayingWhyWithoutTheToken(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        LocalGit.commit(LocalGit.init(repositories.resolve("refused")), "private", Map.of("index.html", "private"));
        try (GitHttpServer https = GitHttpServer.startPrivate(repositories, RealNode.HOST_ADDRESS, "deploy", "the-token")) {
            client.secrets().resource(new SecretBuilder().withNewMetadata().withName("stale-token").endMetadata()
                    .withType("kubernetes.io/basic-auth").withStringData(Map.of("password", "an-old-token")).build()).create();
            create(client, gitApp("refused", https.url("refused"), "builder: static", "replicas: 1").replace("ref: main}",
                    "ref: main, credentialsSecret: {name: stale-token}}"));
            create(client, gitApp("unnamed", https.url("refused"), "builder: static", "replicas: 1").replace("ref: main}",
                    "ref: main, credentialsSecret: {name: absent}}"));

            Build refused = awaitBuildEnded(client, BUILD_TIMEOUT, "refused-build-1");
            Build unnamed = awaitBuildEnded(client, BUILD_TIMEOUT, "unnamed-build-1");

            assertThat(refused.getStatus().getPhase()).isEqualTo(BuildPhase.Failed);
            assertThat(refused.getStatus().getMessage()).isEqualTo("clone failed: authentication failed for "
                    + https.url("refused") + ": it refused the credentials of Secret stale-token");
            assertThat(unnamed.getStatus().getPhase()).isEqualTo(BuildPhase.Failed);
            assertThat(unnamed.getStatus().getMessage())
                    .isEqualTo("spec.source.git.credentialsSecret: Secret absent does not exist");
            assertThat(unnamed.getStatus().getPodName()).as("no pod waits for a Secret that is not there").isNull();
            await().atMost(ReleaseFixtures.TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().list().getItems())
                    .anySatisfy(e -> {
                        assertThat(e.getInvolvedObject().getName()).isEqualTo("unnamed-build-1");
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getMessage()).contains("Secret absent does not exist");
                    }));
            assertThat(buildLog(client, refused)).doesNotContain("an-old-token");
        }
    }

    /**
     * Commits {@code files} to a repository named after the App, creates the App from it (built as
     * {@code howBuilt} says) with a route, and returns what the route answers once it does; the
     * build's log must show the real steps.
     */
    private static String liveFromSource(TestNamespace namespace, String app, String howBuilt, Map<String, String> files)
            throws Exception {
        return liveFromSource(namespace, app, git.url(app), howBuilt, files, null, null);
    }

    /**
     * As above, cloned from {@code url}, with more fields of the App's git source and a line of the
     * App's spec (null for none).
     */
    private static String liveFromSource(TestNamespace namespace, String app, String url, String howBuilt,
            Map<String, String> files, String gitFields, String specLine) throws Exception {
        KubernetesClient client = namespace.client();
        Path repository = LocalGit.init(repositories.resolve(app));
        String commit = LocalGit.commit(repository, "the " + app + " sample", files);
        String host = app + "-" + namespace.name() + ".apps.test";

        String yaml = gitApp(app, url, howBuilt, "healthCheck: {path: /healthz, periodSeconds: 1}\n  routes: [{host: "
                + host + "}]" + (specLine == null ? "" : "\n  " + specLine));
        create(client, gitFields == null ? yaml : yaml.replace("ref: main}", "ref: main, " + gitFields + "}"));

        Build build = awaitBuildEnded(client, BUILD_TIMEOUT, app + "-build-1");
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
