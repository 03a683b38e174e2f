package dev.slipway.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildStatus;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.RealNode;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A build's log through the API, from a pod on the real node: the kubelet's own log of each step
 * (an init container, then the main one), streamed as it is written with {@code follow=true}.
 */
@KubeClusterTest(realNode = true)
class BuildLogIT extends ApiTestBase {

    @BeforeAll
    static void start(TestNamespace namespace) {
        startApi(namespace, ApiFixture.testSettings(), "shop");
    }

    @Test
    void aFollowedBuildLogStreamsEveryStepInOrderWhileThePodRunsAndEndsWithIt() throws Exception {
        String build = buildWithPod("""
                echo '---> Cloning'; sleep 1; echo '---> Commit 0123abc'""", """
                for i in 1 2 3 4 5; do echo "#$i step $i"; sleep 1; done; echo '---> Pushed'""");
        String path = "/api/v1/namespaces/" + ns.name() + "/builds/" + build + "/log?follow=true";

        List<String> lines = new ArrayList<>();
        List<String> phasesWhenRead = new ArrayList<>();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                api.request(path, developer, Map.of()).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
                phasesWhenRead.add(pod(build).getStatus().getPhase());
            }
        }

        assertThat(lines).containsExactly("---> Cloning", "---> Commit 0123abc", "#1 step 1", "#2 step 2", "#3 step 3",
                "#4 step 4", "#5 step 5", "---> Pushed");
        assertThat(phasesWhenRead.get(0)).as("the first line arrives while the pod still runs").isIn("Pending", "Running");
        // The stream ended with the build step; the kubelet reports the pod's end a moment later.
        await().atMost(Duration.ofSeconds(10)).until(() -> "Succeeded".equals(pod(build).getStatus().getPhase()));
        assertThat(api.get(path.replace("?follow=true", ""), developer).body())
                .isEqualTo(String.join("\n", lines) + "\n");
    }

    /** A Build of the App whose pod is a real one with a clone step and a build step running these scripts. */
    private static String buildWithPod(String clone, String buildStep) {
        HttpResponse<String> created = api.post(api.apps("/shop/builds"), developer, "{}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String build = new JsonObject(created.body()).getJsonObject("metadata").getString("name");
        String image = RealNode.busyboxImage(ns.cluster());
        ns.client().pods().resource(new PodBuilder().withNewMetadata().withName(build + "-pod").endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                    .addNewInitContainer().withName("clone").withImage(image).withCommand("sh", "-c", clone)
                    .endInitContainer()
                    .addNewContainer().withName("build").withImage(image).withCommand("sh", "-c", buildStep)
                    .endContainer()
                .endSpec().build()).create();
        ns.client().resources(Build.class).withName(build).editStatus(b -> {
            BuildStatus status = new BuildStatus();
            status.setPodName(build + "-pod");
            b.setStatus(status);
            return b;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/namespaces/" + ns.name() + "/builds/" + build
                + "/log", developer).statusCode() == 200);
        return build;
    }

    private static Pod pod(String build) {
        return ns.client().pods().withName(build + "-pod").get();
    }
}
