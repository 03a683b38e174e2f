package dev.slipway.controller.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Release;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** Which updates of a Release wake its reconciler: spec changes and the API server's decision, not status writes. */
class ReleaseUpdatesTest {

    private final ReleaseUpdates updates = new ReleaseUpdates();

    static Release release(long generation, String status) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata: {name: shop-8, generation: %d}
                spec: {app: shop, revision: 8, approval: {required: true}}
                status: %s
                """.formatted(generation, status), Release.class);
    }

    @Test
    void aDecisionOnTheApprovalWakesTheReleaseThoughItChangesNoGeneration() {
        Release waiting = release(1, "{phase: AwaitingApproval}");
        Release approved = release(1, "{phase: AwaitingApproval, approval: {decision: Approved, by: bob}}");

        assertThat(updates.accept(approved, waiting)).isTrue();
    }

    @Test
    void aSpecChangeWakesItAndTheControllersOwnStatusWritesDoNot() {
        assertThat(updates.accept(release(2, "{}"), release(1, "{}"))).isTrue();
        assertThat(updates.accept(release(1, "{phase: Running}"), release(1, "{phase: Pending}"))).isFalse();
        assertThat(updates.accept(release(1, "{phase: Running, approval: {decision: Approved, by: bob}}"),
                release(1, "{phase: AwaitingApproval, approval: {decision: Approved, by: bob}}"))).isFalse();
    }
}
