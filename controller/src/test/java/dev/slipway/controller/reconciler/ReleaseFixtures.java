package dev.slipway.controller.reconciler;

import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Given/When helpers for release engine tests: Apps written as users write them, in YAML. */
final class ReleaseFixtures {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ReleaseFixtures() {
    }

    static App app(String yaml) {
        return Serialization.unmarshal(yaml, App.class);
    }

    static App create(KubernetesClient client, String yaml) {
        return client.resource(app(yaml)).create();
    }

    static App edit(KubernetesClient client, String name, UnaryOperator<App> change) {
        return client.resources(App.class).withName(name).edit(change);
    }

    static Release release(KubernetesClient client, String name) {
        return client.resources(Release.class).withName(name).get();
    }

    /** Waits until the release reaches {@code phase} and returns it. */
    static Release awaitPhase(KubernetesClient client, String name, ReleasePhase phase) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> release(client, name),
                r -> r != null && r.getStatus() != null && r.getStatus().getPhase() == phase);
    }
}
