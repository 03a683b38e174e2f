package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.testkit.GitHttpServer;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.Kubectl;
import dev.slipway.testkit.LocalGit;
import dev.slipway.testkit.LocalInstall;
import dev.slipway.testkit.RealNode;
import dev.slipway.testkit.RepositoryLayout;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slipway installed from its own images on the real node ({@link LocalInstall}) as a user installs
 * it, then proved by {@code slipway selftest} as a user proves it: the pods run under the restricted
 * Pod Security Standard from images that name their commit, the API server's image carries the
 * command line, every check of the self-test passes (its report stays in
 * target/selftest-report.txt), and an upgrade applied over the running
 * installation lets a release in flight finish with its migration run once.
 */
@KubeClusterTest(realNode = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(4);
    private static final String REGISTRY_ADDRESS = RealNode.HOST_ADDRESS + ":5000";

    @TempDir
    static Path repositories;
    private static GitHttpServer git;

    @BeforeAll
    static void install(TestNamespace namespace) throws IOException {
        // The installed controller watches the test's namespaces only: this one and the self-test's.
        LocalInstall.install(namespace.cluster(), namespace.name(), selftestNamespace(namespace));
        Path sample = RepositoryLayout.root().resolve("builder-images/python/test/app");
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.list(sample)) {
            for (Path file : paths.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        LocalGit.commit(LocalGit.init(repositories.resolve("hello")), "the python sample", files);
        git = GitHttpServer.start(repositories, RealNode.HOST_ADDRESS);
    }

    @AfterAll
    static void uninstall(TestNamespace namespace) {
        if (git != null) {
            git.close();
        }
        LocalInstall.uninstall(namespace.cluster());
    }

    @Test
    @Order(1)
    void slipwaysPodsRunRestrictedFromItsOwnImagesThatNameTheirCommit(TestNamespace namespace) throws Exception {
        KubernetesClient client = namespace.client();
        assertThat(client.namespaces().withName("slipway-system").get().getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        // Not those of an earlier install still terminating.
        List<Pod> pods = client.pods().inNamespace("slipway-system").withLabel("app.kubernetes.io/part-of", "slipway")
                .list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        assertThat(pods).extracting(p -> p.getMetadata().getName() + " on " + p.getSpec().getNodeName() + ", ready "
                + p.getStatus().getContainerStatuses().get(0).getReady()).hasSize(4)
                .allSatisfy(line -> assertThat(line).endsWith(" on slipway-node, ready true"));
        assertThat(pods).extracting(p -> p.getSpec().getContainers().get(0).getImage()).containsOnly(
                RealNode.REGISTRY + "/slipway/controller:0.1.0", RealNode.REGISTRY + "/slipway/api-server:0.1.0");

        for (String image : List.of("controller", "api-server", "sample-app")) {
            JsonObject config = imageConfig("slipway/" + image, "0.1.0").getJsonObject("config");
            assertThat(config.getString("User")).isEqualTo("65532:65532");
            assertThat(config.getJsonObject("Labels").getString("org.opencontainers.image.revision"))
                    .isEqualTo(headCommit());
        }
    }

    @Test
    @Order(2)
    void theApiServerImageCarriesTheCommandLine(TestNamespace namespace) {
        String apiPod = namespace.client().pods().inNamespace("slipway-system")
                .withLabel("app.kubernetes.io/name", "slipway-api-server").list().getItems().get(0).getMetadata().getName();
        Kubectl.Result version = namespace.cluster().kubectl("slipway-system").run("exec", apiPod, "--",
                "/opt/slipway/bin/slipway", "--version");
        assertThat(version.succeeded()).as(version.toString()).isTrue();
        assertThat(version.stdout().strip()).isEqualTo("slipway 0.1.0");
    }

    @Test
    @Order(3)
    void theSelftestPassesEveryCheckAgainstTheInstallation(TestNamespace namespace) {
        List<String> args = new ArrayList<>(List.of("--ingress", RealNode.ingressAddress(namespace.cluster()),
                "--git-url", git.url("hello"), "--test-namespace", selftestNamespace(namespace), "--timeout", "240"));
        RealNode.NAMESPACE_ANNOTATIONS.forEach((key, value) -> args.addAll(List.of("--namespace-annotation", key + "=" + value)));

        String report = LocalInstall.selftest(namespace.cluster(), args);

        assertThat(report.lines().filter(l -> l.startsWith("PASS ")).map(l -> l.split(" +")[1]))
                .as(report).containsExactly("api", "namespace", "deploy", "routes", "triggers", "rolling", "events",
                        "access-control", "recreate", "hooks", "rollback", "builds", "detection", "uploads", "webhooks",
                        "metrics");
        assertThat(report).as(report).contains("SKIP tls ", " 0 failed, 1 skipped ",
                "namespace " + selftestNamespace(namespace) + " deleted");
    }

    /** Last: it changes the installation the others look at. The migration takes longer than the upgrade. */
    @Test
    @Order(4)
    void anUpgradeOverTheRunningInstallationFinishesTheReleaseInFlight(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        String host = "shop-" + namespace.name() + ".apps.localhost";
        namespace.kubectl().apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: shop}
                spec:
                  image: %s/slipway/sample-app:0.1.0
                  env: [{name: MESSAGE, value: v1}]
                  healthCheck: {path: /healthz, periodSeconds: 1}
                  strategy: {type: Recreate}
                  hooks:
                    mid: {command: [sh, -c, "echo migrating; sleep 60; echo migrated"], failurePolicy: Abort}
                  routes: [{host: %s}]
                """.formatted(RealNode.REGISTRY, host));
        await().atMost(RELEASE_TIMEOUT).until(() -> phase(client, "shop-1"), ReleasePhase.Complete::equals);
        Kubectl.Result patched = namespace.kubectl().run("patch", "app", "shop", "--type=merge", "-p",
                "{\"spec\":{\"env\":[{\"name\":\"MESSAGE\",\"value\":\"v2\"}]}}");
        assertThat(patched.succeeded()).as(patched.toString()).isTrue();
        await().atMost(RELEASE_TIMEOUT).until(() -> step(client, "shop-2", StepName.MID_HOOK), StepPhase.Running::equals);

        LocalInstall.upgrade(namespace.cluster(), "0.1.1", namespace.name(), selftestNamespace(namespace));
        // The migration outlasts the upgrade: what finishes the release is the new controller.
        assertThat(step(client, "shop-2", StepName.MID_HOOK)).as("the migration when the upgrade has rolled out")
                .isEqualTo(StepPhase.Running);

        await().atMost(RELEASE_TIMEOUT).until(() -> phase(client, "shop-2"), ReleasePhase.Complete::equals);
        assertThat(client.batch().v1().jobs().list().getItems()).extracting(j -> j.getMetadata().getName())
                .filteredOn(name -> name.startsWith("shop-2-mid-")).as("the migration ran once").hasSize(1);
        assertThat(client.pods().inNamespace("slipway-system").withLabel("app.kubernetes.io/part-of", "slipway").list()
                .getItems()).filteredOn(p -> p.getMetadata().getDeletionTimestamp() == null)
                .extracting(p -> p.getSpec().getContainers().get(0).getImage()).hasSize(4)
                .allSatisfy(image -> assertThat(image).endsWith(":0.1.1"));
        await().atMost(RELEASE_TIMEOUT).untilAsserted(() -> assertThat(HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://" + RealNode.ingressAddress(namespace.cluster()) + "/")).header("Host", host).build(),
                HttpResponse.BodyHandlers.ofString()).body().strip()).isEqualTo("v2"));
    }

    private static ReleasePhase phase(KubernetesClient client, String release) {
        Release found = client.resources(Release.class).withName(release).get();
        return found == null || found.getStatus() == null ? null : found.getStatus().getPhase();
    }

    private static StepPhase step(KubernetesClient client, String release, StepName name) {
        Release found = client.resources(Release.class).withName(release).get();
        return found == null || found.getStatus() == null || found.getStatus().getSteps() == null ? null
                : found.getStatus().getSteps().stream().filter(s -> s.getName() == name).map(ReleaseStep::getPhase)
                .findFirst().orElse(null);
    }

    private static String selftestNamespace(TestNamespace namespace) {
        return namespace.name() + "-selftest";
    }

    /** The config of an image in the real node's registry, which this machine reaches. */
    private static JsonObject imageConfig(String repository, String tag) throws IOException, InterruptedException {
        String base = "http://" + REGISTRY_ADDRESS + "/v2/" + repository;
        JsonObject manifest = new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/manifests/" + tag))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json, "
                        + "application/vnd.docker.distribution.manifest.v2+json")
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        String config = manifest.getJsonObject("config").getString("digest");
        return new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/blobs/" + config)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String headCommit() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("git", "-C", RepositoryLayout.root().toString(), "rev-parse", "HEAD").start();
        String commit = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).isZero();
        return commit;
    }
}
