package dev.slipway.controller.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.Route;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * Waits until the test cluster's garbage collector deletes objects owned by a Route. It learns of
 * new CRDs by discovery every 30 s, so right after the cluster starts, an object whose owner Route
 * was deleted can outlive it by that long; tests about what deleting a Route removes wait for this
 * once, before they start.
 */
final class GarbageCollection {

    /** The collector's discovery period (30 s) and its queue, with room to spare. */
    private static final Duration DISCOVERY = Duration.ofSeconds(60);
    private static boolean ready;

    private GarbageCollection() {
    }

    static synchronized void awaitCollectsRouteDependents(KubernetesClient client, String namespace) {
        if (ready) {
            return;
        }
        Route probe = RouteFixtures.route(namespace, "gc-probe", "gc-probe.invalid", null,
                RouteFixtures.backend("gc-probe", 80, null));
        probe = client.resources(Route.class).inNamespace(namespace).resource(probe).create();
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("gc-probe").withOwnerReferences(RouteObjects.controllerReference(probe)).endMetadata()
                .build()).create();
        client.resources(Route.class).inNamespace(namespace).withName("gc-probe").delete();
        await().atMost(DISCOVERY).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(client.configMaps().inNamespace(namespace).withName("gc-probe").get()).isNull());
        ready = true;
    }
}
