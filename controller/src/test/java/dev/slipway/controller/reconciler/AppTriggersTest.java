package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseUpdatesTest.release;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Release;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which updates of an App's Deployment and releases start a pass of the App. */
class AppTriggersTest {

    private static Deployment deployment(long generation, String status) {
        return Serialization.unmarshal("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: shop, generation: %d}
                spec: {replicas: 2}
                status: %s
                """.formatted(generation, status), Deployment.class);
    }

    @Test
    void aDeploymentStartsAPassWhenItsSpecOrItsAvailablePodsChange() {
        assertThat(AppTriggers.deploymentChanged(deployment(1, "{availableReplicas: 2, updatedReplicas: 2}"),
                deployment(1, "{availableReplicas: 2, updatedReplicas: 1}"))).isFalse();
        assertThat(AppTriggers.deploymentChanged(deployment(1, "{availableReplicas: 2}"),
                deployment(1, "{availableReplicas: 1}"))).isTrue();
        assertThat(AppTriggers.deploymentChanged(deployment(2, "{}"), deployment(1, "{}"))).isTrue();
    }

    @Test
    void aReleaseStartsAPassWhenItsPhaseOrAnnotationsChangeNotWhenItsStepsDo() {
        assertThat(AppTriggers.releaseChanged(release(1, "{phase: Running, steps: [{name: rollout}]}"),
                release(1, "{phase: Running}"))).isFalse();
        assertThat(AppTriggers.releaseChanged(release(1, "{phase: Complete}"), release(1, "{phase: Running}"))).isTrue();
        Release annotated = release(1, "{phase: Pending}");
        annotated.getMetadata().setAnnotations(Map.of(Labels.CONFIG_HASH, "abc"));
        assertThat(AppTriggers.releaseChanged(annotated, release(1, "{phase: Pending}"))).isTrue();
    }
}
