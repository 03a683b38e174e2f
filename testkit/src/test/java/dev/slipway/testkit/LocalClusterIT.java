package dev.slipway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cluster kit works: controllers, scheduler and the fake node behave as a real cluster does,
 * and the pod behaviours of {@link PodBehaviour} can be chosen per pod.
 */
@KubeClusterTest
class LocalClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void deploymentBecomesAvailableAndItsServiceGetsEndpoints(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        client.resource(deployment("web", 2, Map.of())).create();
        client.resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "web")).addNewPort().withPort(80).endPort().endSpec()
                .build()).create();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Deployment web = client.apps().deployments().withName("web").get();
            assertThat(web.getStatus().getAvailableReplicas()).isEqualTo(2);
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            List<EndpointSlice> slices = client.discovery().v1().endpointSlices()
                    .withLabel("kubernetes.io/service-name", "web").list().getItems();
            // A slice is made before its first endpoint, with none listed yet.
            assertThat(slices).flatExtracting(s -> s.getEndpoints() == null ? List.of() : s.getEndpoints()).hasSize(2)
                    .allSatisfy(e -> assertThat(e.getConditions().getReady()).isTrue());
        });
    }

    @Test
    void deletingADeploymentCollectsItsReplicaSetsAndPods(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        client.resource(deployment("doomed", 1, Map.of())).create();
        await().atMost(TIMEOUT).until(() -> !client.pods().withLabel("app", "doomed").list().getItems().isEmpty());

        client.apps().deployments().withName("doomed").delete();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(client.apps().replicaSets().withLabel("app", "doomed").list().getItems()).isEmpty();
            assertThat(client.pods().withLabel("app", "doomed").list().getItems()).isEmpty();
        });
    }

    @Test
    void podMarkedNotReadyWhileTheNodeWasAwayIsReadyAgain(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        client.resource(deployment("marked", 1, Map.of())).create();
        await().atMost(TIMEOUT).until(() -> ready(client, "marked"));

        // What the node lifecycle controller does to the pods of a node whose lease ran out.
        Pod pod = client.pods().withLabel("app", "marked").list().getItems().get(0);
        Pod marked = client.pods().withName(pod.getMetadata().getName()).editStatus(p -> {
            p.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
                    .forEach(c -> c.setStatus("False"));
            return p;
        });
        assertThat(marked.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Ready"))
                .singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));

        await().atMost(TIMEOUT).until(() -> ready(client, "marked"));
    }

    private static boolean ready(KubernetesClient client, String app) {
        return client.pods().withLabel("app", app).list().getItems().stream().anyMatch(p -> p.getStatus().getConditions()
                .stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));
    }

    @Test
    void podLabelledNeverReadyRunsButStaysUnready(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        client.resource(deployment("stuck", 1, Map.of(PodBehaviour.READY_LABEL, PodBehaviour.NEVER))).create();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.pods().withLabel("app", "stuck").list().getItems())
                .singleElement().satisfies(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running")));
        // Given time to become ready, it still is not, and the Deployment counts no available pod.
        await().during(Duration.ofSeconds(3)).atMost(TIMEOUT).untilAsserted(() -> {
            Pod pod = client.pods().withLabel("app", "stuck").list().getItems().get(0);
            assertThat(pod.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Ready"))
                    .singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));
            assertThat(client.apps().deployments().withName("stuck").get().getStatus().getAvailableReplicas()).isNull();
        });
    }

    @Test
    void jobCompletes(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        client.resource(job("ok", Map.of(), Map.of())).create();

        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(client.batch().v1().jobs().withName("ok").get().getStatus().getSucceeded()).isEqualTo(1));
    }

    @Test
    void jobPodFailsWithTheChosenExitCodeAndMessage(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        client.resource(job("migrate", Map.of(), Map.of(
                PodBehaviour.EXIT_CODE_ANNOTATION, "3",
                PodBehaviour.TERMINATION_MESSAGE_ANNOTATION, "relation \"users\" already exists"))).create();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.batch().v1().jobs().withName("migrate").get()
                .getStatus().getConditions()).anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("Failed");
                    assertThat(c.getStatus()).isEqualTo("True");
                }));
        ContainerStateTerminated terminated = client.pods().withLabel("job-name", "migrate").list().getItems().get(0)
                .getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertThat(terminated.getExitCode()).isEqualTo(3);
        assertThat(terminated.getMessage()).isEqualTo("relation \"users\" already exists");
    }

    @Test
    void heldJobPodRunsUntilReleased(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        client.resource(job("held", Map.of(PodBehaviour.HOLD_LABEL, "true"), Map.of())).create();
        await().atMost(TIMEOUT).until(() -> client.pods().withLabel("job-name", "held").list().getItems().stream()
                .anyMatch(p -> "Running".equals(p.getStatus().getPhase())));
        await().during(Duration.ofSeconds(2)).atMost(TIMEOUT).until(() ->
                client.batch().v1().jobs().withName("held").get().getStatus().getSucceeded() == null);

        Pod pod = client.pods().withLabel("job-name", "held").list().getItems().get(0);
        client.pods().withName(pod.getMetadata().getName()).edit(p -> {
            p.getMetadata().getLabels().remove(PodBehaviour.HOLD_LABEL);
            return p;
        });

        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(client.batch().v1().jobs().withName("held").get().getStatus().getSucceeded()).isEqualTo(1));
    }

    private static Deployment deployment(String name, int replicas, Map<String, String> podLabels) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withTemplate(template(name, podLabels, Map.of(), "Always")).endSpec().build();
    }

    private static Job job(String name, Map<String, String> podLabels, Map<String, String> podAnnotations) {
        return new JobBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withBackoffLimit(0).withTemplate(template(name, podLabels, podAnnotations, "Never"))
                .endSpec().build();
    }

    private static PodTemplateSpec template(String app, Map<String, String> labels, Map<String, String> annotations,
            String restartPolicy) {
        return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", app).addToLabels(labels)
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy).addNewContainer().withName("main")
                .withImage("registry.example.com/" + app + ":1").endContainer().endSpec().build();
    }
}
