package dev.slipway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real node runs real containers: images made on this machine start, exit codes and logs are
 * the program's own, a probe that fails keeps a pod unready, and pods reach each other through
 * Service names (CoreDNS) and ClusterIPs (kube-proxy).
 */
@KubeClusterTest(realNode = true)
class RealNodeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void jobEndsWithTheProgramsExitCodeAndItsLogIsKept(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        client.resource(job("migrate", RealNode.busyboxImage(namespace.cluster()),
                "echo applying 3 migrations; echo 'relation users does not exist' >&2; exit 3")).create();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.batch().v1().jobs().withName("migrate").get()
                .getStatus().getFailed()).isEqualTo(1));
        Pod pod = client.pods().withLabel("job-name", "migrate").list().getItems().get(0);
        ContainerStateTerminated terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertThat(terminated.getExitCode()).isEqualTo(3);
        assertThat(pod.getSpec().getNodeName()).isEqualTo("slipway-node");
        assertThat(client.pods().withName(pod.getMetadata().getName()).getLog())
                .contains("applying 3 migrations", "relation users does not exist");
    }

    @Test
    void failingReadinessProbeKeepsAPodUnreadyAndAPassingOneMakesItReady(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        String image = RealNode.webSampleImage(namespace.cluster());
        client.resource(webPod("healthy", image, "/healthz")).create();
        client.resource(webPod("unhealthy", image, "/missing")).create();

        client.pods().withName("healthy").waitUntilReady(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await().during(Duration.ofSeconds(4)).atMost(TIMEOUT).untilAsserted(() -> {
            Pod pod = client.pods().withName("unhealthy").get();
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            assertThat(pod.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Ready"))
                    .singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));
        });
    }

    @Test
    void podsReachAServiceByNameAndTheHostReachesPodsOnTheBridge(TestNamespace namespace) throws Exception {
        KubernetesClient client = namespace.client();
        String image = RealNode.webSampleImage(namespace.cluster());
        Pod web = webPod("greeter", image, "/healthz");
        web.getMetadata().setLabels(Map.of("app", "greeter"));
        web.getSpec().getContainers().get(0).setEnv(List.of(new EnvVar("MESSAGE",
                "hello through the cluster", null)));
        client.resource(web).create();
        client.resource(new ServiceBuilder().withNewMetadata().withName("greeter").endMetadata().withNewSpec()
                .withSelector(Map.of("app", "greeter")).addNewPort().withPort(80).withTargetPort(new IntOrString(8080))
                .endPort().endSpec().build()).create();
        Pod ready = client.pods().withName("greeter").waitUntilReady(TIMEOUT.toSeconds(),
                TimeUnit.SECONDS);

        HttpResponse<String> direct = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + ready.getStatus().getPodIP() + ":8080/")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(direct.body()).isEqualTo("hello through the cluster\n");

        client.resource(job("client", RealNode.busyboxImage(namespace.cluster()),
                "wget -q -O - http://greeter." + namespace.name() + ".svc.cluster.local/ && wget -q -O - http://greeter/"))
                .create();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.batch().v1().jobs().withName("client").get()
                .getStatus().getSucceeded()).isEqualTo(1));
        Pod pod = client.pods().withLabel("job-name", "client").list().getItems().get(0);
        assertThat(client.pods().withName(pod.getMetadata().getName()).getLog())
                .isEqualTo("hello through the cluster\nhello through the cluster\n");
    }

    private static Job job(String name, String image, String script) {
        return new JobBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withBackoffLimit(0)
                .withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer().withName("main")
                .withImage(image).withCommand("sh", "-c", script).endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static Pod webPod(String name, String image, String readinessPath) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withTerminationGracePeriodSeconds(5L).addNewContainer().withName("web").withImage(image)
                .addNewPort().withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath(readinessPath).withPort(new IntOrString(8080)).endHttpGet()
                .withPeriodSeconds(1).withFailureThreshold(1).endReadinessProbe()
                .endContainer().endSpec().build();
    }
}
