package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseUpdatesTest.release;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Release;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which events of the controller's own informer wake a release's siblings. */
class SiblingEventsTest {

    private static final Set<ResourceID> WAITING = Set.of(new ResourceID("shop-9", "team"),
            new ResourceID("shop-10", "team"));

    private final List<ResourceID> woken = new ArrayList<>();
    private final SiblingEvents<Release> siblings = new SiblingEvents<>("sibling-releases", r -> WAITING,
            ReleaseTriggers::phaseSpecOrApprovalChanged);

    @BeforeEach
    void listen() {
        siblings.setEventHandler(event -> woken.add(event.getRelatedCustomResourceID()));
    }

    @Test
    void aReleaseThatEndsWakesItsSiblings() {
        siblings.start();

        siblings.onResourceUpdated(release(1, "{phase: Complete}"), release(1, "{phase: Running}"));

        assertThat(woken).containsExactlyInAnyOrderElementsOf(WAITING);
    }

    @Test
    void aStatusWriteThatLeavesThePhaseWakesNoSibling() {
        siblings.start();

        siblings.onResourceUpdated(release(1, "{phase: Running, startedAt: 2026-12-02T10:00:00Z}"),
                release(1, "{phase: Running}"));

        assertThat(woken).isEmpty();
    }

    @Test
    void aReleaseCreatedOrDeletedWakesItsSiblings() {
        siblings.start();

        siblings.onResourceCreated(release(1, "{}"));
        siblings.onResourceDeleted(release(1, "{phase: Running}"));

        assertThat(woken).hasSize(2 * WAITING.size());
    }

    @Test
    void beforeTheControllerStartsNoSiblingIsWokenAsEveryReleaseIsReconciledThen() {
        siblings.onResourceCreated(release(1, "{}"));

        assertThat(woken).isEmpty();
        assertThat(siblings.getSecondaryResources(release(1, "{}"))).isEmpty();
    }
}
