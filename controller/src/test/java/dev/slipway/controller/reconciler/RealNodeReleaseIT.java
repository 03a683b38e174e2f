package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.ConditionTypes;
import static dev.slipway.controller.reconciler.ReleaseFixtures.TIMEOUT;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static dev.slipway.controller.reconciler.ReleaseFixtures.edit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.FailurePolicy;
import dev.slipway.api.v1alpha1.Hook;
import dev.slipway.api.v1alpha1.Hooks;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.controller.WithController;
import dev.slipway.controller.rollout.ReleaseStateMachine;
import dev.slipway.controller.status.Conditions;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.RealNode;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Releases on the real node, where nothing is faked: the App's pods serve HTTP from a real image,
 * readiness is a real probe, and a hook's exit code and message are its program's own.
 */
@KubeClusterTest(realNode = true)
class RealNodeReleaseIT extends WithController {

    private static void serve(TestNamespace namespace, String name, String message) {
        create(namespace.client(), """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: %s}
                spec:
                  image: %s
                  replicas: 2
                  env: [{name: MESSAGE, value: "%s"}]
                  healthCheck: {path: /healthz, periodSeconds: 1}
                  strategy: {type: Rolling, timeoutSeconds: 60}
                """.formatted(name, RealNode.webSampleImage(namespace.cluster()), message));
        awaitPhase(namespace.client(), name + "-1", ReleasePhase.Complete);
    }

    @Test
    void rollingReleaseReplacesPodsThatServeTheOldMessageWithPodsThatServeTheNew(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        serve(namespace, "greeter", "hello v1");
        assertThat(AppPods.answers(client, "greeter")).containsOnly("hello v1").hasSize(2);

        edit(client, "greeter", a -> {
            a.getSpec().getEnv().get(0).setValue("hello v2");
            return a;
        });

        awaitPhase(client, "greeter-2", ReleasePhase.Complete);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(AppPods.answers(client, "greeter")).containsOnly("hello v2")
                .hasSize(2));
    }

    @Test
    void routeAnswersThroughTheIngressControllerAndARollingReleaseUnderLoadLosesNoRequest(TestNamespace namespace)
            throws Exception {
        KubernetesClient client = namespace.client();
        String host = "shop-" + namespace.name() + ".apps.test";
        AppPods.createWebSample(namespace, "shop", 2, "shop v1", host);
        awaitPhase(client, "shop-1", ReleasePhase.Complete);
        URI route = URI.create("http://" + RealNode.ingressAddress(namespace.cluster()) + "/");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(AppPods.throughIngress(namespace.cluster(), host))
                .isEqualTo("shop v1"));

        try (RouteLoad load = RouteLoad.start(route, host, 4000, Duration.ofSeconds(120))) {
            edit(client, "shop", a -> {
                a.getSpec().getEnv().get(0).setValue("shop v2");
                return a;
            });
            awaitPhase(client, "shop-2", ReleasePhase.Complete);
            // Old pods stop after the release completes; the load goes on until they are gone.
            await().atMost(TIMEOUT).until(() -> client.pods().withLabel(Labels.APP, "shop")
                    .withLabel(Labels.REVISION, "1").list().getItems().isEmpty());
            RouteLoad.Result result = load.stop();
            System.out.printf("rolling release under load: %d requests, %d failed, answers %s%n", result.total(),
                    result.failed(), result.answers());
            assertThat(result.total()).isGreaterThan(50);
            assertThat(result.answers()).containsKeys("shop v1", "shop v2");
            assertThat(result.failed()).as("requests that failed during the release: %s", result.failures()).isZero();
        }
    }

    @Test
    void failingPreHookAbortsWithItsOwnExitCodeAndMessageAndTheOldPodsServeOn(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        serve(namespace, "billing", "billing v1");

        edit(client, "billing", a -> {
            Hook pre = new Hook();
            pre.setCommand(List.of("sh", "-c", "echo checking the schema; echo 'database unreachable' >&2; exit 3"));
            pre.setFailurePolicy(FailurePolicy.Abort);
            Hooks hooks = new Hooks();
            hooks.setPre(pre);
            a.getSpec().setHooks(hooks);
            a.getSpec().getEnv().get(0).setValue("billing v2");
            return a;
        });

        Release failed = awaitPhase(client, "billing-2", ReleasePhase.RolledBack);
        ReleaseStep pre = failed.getStatus().getSteps().get(0);
        assertThat(pre.getName()).isEqualTo(StepName.PRE_HOOK);
        assertThat(pre.getPhase()).isEqualTo(StepPhase.Failed);
        assertThat(pre.getMessage()).contains("exit code 3").contains("database unreachable");
        Pod hookPod = client.pods().withLabel("job-name", "billing-2-pre-1").list().getItems().get(0);
        assertThat(client.pods().withName(hookPod.getMetadata().getName()).getLog())
                .contains("checking the schema", "database unreachable");
        assertThat(AppPods.answers(client, "billing")).containsOnly("billing v1").hasSize(2);
    }

    @Test
    void releaseWhosePodsFailARealReadinessProbeIsRolledBack(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        serve(namespace, "probe", "probe v1");

        edit(client, "probe", a -> {
            a.getSpec().getHealthCheck().setPath("/missing");
            a.getSpec().getStrategy().setTimeoutSeconds(8);
            a.getSpec().getEnv().get(0).setValue("probe v2");
            return a;
        });

        Release rolledBack = awaitPhase(client, "probe-2", ReleasePhase.RolledBack);
        assertThat(Conditions.find(rolledBack.getStatus().getConditions(), ConditionTypes.SUCCEEDED))
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Timeout"));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(client.pods().withLabel(Labels.APP, "probe").withLabel(Labels.ROLE, Labels.WEB).list().getItems())
                    .hasSize(2).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry(Labels.REVISION, "1"));
            assertThat(AppPods.answers(client, "probe")).containsOnly("probe v1").hasSize(2);
        });
    }
}
