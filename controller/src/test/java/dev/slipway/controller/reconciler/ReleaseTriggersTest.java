package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseUpdatesTest.release;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.App;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** Which updates of the pods, Apps and sibling releases that a release watches start a pass of it. */
class ReleaseTriggersTest {

    private static Pod pod(String revision, String phase) {
        return Serialization.unmarshal("""
                apiVersion: v1
                kind: Pod
                metadata: {name: shop-7f9-x, labels: {slipway.dev/app: shop, slipway.dev/revision: "%s"}}
                status: {phase: %s}
                """.formatted(revision, phase), Pod.class);
    }

    private static App app(long generation, String status) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: shop, generation: %d}
                spec: {image: shop:1}
                status: %s
                """.formatted(generation, status), App.class);
    }

    @Test
    void aPodStartsAPassWhenItsRevisionChangesNotWhenItsStatusDoes() {
        assertThat(ReleaseTriggers.podLabelsChanged(pod("7", "Running"), pod("7", "Pending"))).isFalse();
        assertThat(ReleaseTriggers.podLabelsChanged(pod("8", "Running"), pod("7", "Running"))).isTrue();
    }

    @Test
    void anAppStartsAPassWhenItsSpecChangesNotWhenItsStatusDoes() {
        assertThat(ReleaseTriggers.appSpecChanged(app(1, "{phase: Ready}"), app(1, "{phase: Deploying}"))).isFalse();
        assertThat(ReleaseTriggers.appSpecChanged(app(2, "{phase: Deploying}"), app(1, "{phase: Deploying}"))).isTrue();
        App deleting = app(1, "{}");
        deleting.getMetadata().setDeletionTimestamp("2026-12-02T00:00:00Z");
        assertThat(ReleaseTriggers.appSpecChanged(deleting, app(1, "{}"))).isTrue();
    }

    @Test
    void aSiblingStartsAPassWhenItsPhaseChangesNotWhenItsStepsDo() {
        assertThat(ReleaseTriggers.phaseSpecOrApprovalChanged(release(1, "{phase: Running, steps: [{name: rollout}]}"),
                release(1, "{phase: Running}"))).isFalse();
        assertThat(ReleaseTriggers.phaseSpecOrApprovalChanged(release(1, "{phase: Complete}"), release(1, "{phase: Running}")))
                .isTrue();
        assertThat(ReleaseTriggers.phaseSpecOrApprovalChanged(release(2, "{phase: Running}"), release(1, "{phase: Running}")))
                .isTrue();
    }
}
