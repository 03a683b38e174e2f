package dev.slipway.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.testkit.KubeClusterTest;
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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slipway installed from its own images on the real node ({@link LocalInstall}): the pods run
 * under the restricted Pod Security Standard from images that name their commit, and the installed
 * controller and API server do their work: an App is released and answers through its route, and
 * the API lists it.
 */
@KubeClusterTest(realNode = true)
class InstallIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final String REGISTRY_ADDRESS = RealNode.HOST_ADDRESS + ":5000";

    @BeforeAll
    static void install(TestNamespace namespace) {
        LocalInstall.install(namespace.cluster(), namespace.name());
    }

    @AfterAll
    static void uninstall(TestNamespace namespace) {
        LocalInstall.uninstall(namespace.cluster());
    }

    @Test
    void slipwaysPodsRunRestrictedFromItsOwnImagesThatNameTheirCommit(TestNamespace namespace) throws Exception {
        KubernetesClient client = namespace.client();
        assertThat(client.namespaces().withName("slipway-system").get().getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        // Those of the rollout that set SLIPWAY_NAMESPACES, not the ones it replaced.
        List<Pod> pods = client.pods().inNamespace("slipway-system").withLabel("app.kubernetes.io/part-of", "slipway")
                .list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        assertThat(pods).extracting(p -> p.getMetadata().getName() + " on " + p.getSpec().getNodeName() + ", ready "
                + p.getStatus().getContainerStatuses().get(0).getReady()).hasSize(4)
                .allSatisfy(line -> assertThat(line).endsWith(" on slipway-node, ready true"));
        assertThat(pods).extracting(p -> p.getSpec().getContainers().get(0).getImage()).containsOnly(
                RealNode.REGISTRY + "/slipway/controller:0.1.0", RealNode.REGISTRY + "/slipway/api-server:0.1.0");

        for (String image : List.of("controller", "api-server")) {
            JsonObject config = imageConfig("slipway/" + image, "0.1.0").getJsonObject("config");
            assertThat(config.getString("User")).isEqualTo("65532:65532");
            assertThat(config.getJsonObject("Labels").getString("org.opencontainers.image.revision"))
                    .isEqualTo(headCommit());
        }
    }

    @Test
    void theInstalledControllerReleasesAnAppAndTheInstalledApiServerListsIt(TestNamespace namespace) throws Exception {
        KubernetesClient client = namespace.client();
        String host = "hello-" + namespace.name() + ".apps.test";
        namespace.kubectl().apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: hello}
                spec:
                  image: %s
                  env: [{name: MESSAGE, value: "installed"}]
                  healthCheck: {path: /healthz, periodSeconds: 1}
                  routes: [{host: %s}]
                """.formatted(RealNode.webSampleImage(namespace.cluster()), host));

        await().atMost(TIMEOUT).until(() -> client.resources(Release.class).withName("hello-1").get(),
                r -> r != null && r.getStatus() != null && r.getStatus().getPhase() == ReleasePhase.Complete);
        URI route = URI.create("http://" + RealNode.ingressAddress(namespace.cluster()) + "/");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(HTTP.send(HttpRequest.newBuilder(route)
                .header("Host", host).build(), HttpResponse.BodyHandlers.ofString()).body().strip())
                .isEqualTo("installed"));

        // The API server's pods are on the node's bridge, which this machine reaches.
        String apiPod = client.pods().inNamespace("slipway-system")
                .withLabel("app.kubernetes.io/name", "slipway-api-server").list().getItems().get(0).getStatus().getPodIP();
        String token = ApiFixture.tokenOf(client, namespace.name(), "viewer");
        namespace.kubectl().run("create", "rolebinding", "viewer-slipway-viewer", "--clusterrole=slipway-viewer",
                "--serviceaccount=" + namespace.name() + ":viewer");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            HttpResponse<String> apps = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + apiPod
                    + ":8443/api/v1/namespaces/" + namespace.name() + "/apps")).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(apps.statusCode()).as(apps.body()).isEqualTo(200);
            assertThat(apps.body()).contains("\"hello\"");
        });
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
        Process git = new ProcessBuilder("git", "-C", RepositoryLayout.root().toString(), "rev-parse", "HEAD").start();
        String commit = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(git.waitFor()).isZero();
        return commit;
    }
}
