package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.controller.WithController;
import dev.slipway.testkit.TestNamespace;
import org.junit.jupiter.api.Test;

/**
 * The reconciler threads' queue knows whose pass each is from the name JOSDK gives it: if a
 * JOSDK upgrade named passes otherwise, they would all wait in one line, and this says so.
 */
class ReconcilerQueueIT extends WithController {

    @Test
    void eachControllersPassesWaitInALineOfTheirOwn(TestNamespace namespace) {
        create(namespace.client(), """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: queued}
                spec: {image: registry.example.com/queued:1}
                """);
        awaitPhase(namespace.client(), "queued-1", ReleasePhase.Complete);

        assertThat(controller.registry().find("slipway.reconciler.passes.queued").counters())
                .as("passes queued by controller")
                .extracting(c -> c.getId().getTag("controller"))
                .contains("app", "release")
                .doesNotContain("");
        assertThat(controller.registry().get("slipway.reconciler.passes.queued").tag("controller", "release")
                .counter().count()).isPositive();
    }
}
