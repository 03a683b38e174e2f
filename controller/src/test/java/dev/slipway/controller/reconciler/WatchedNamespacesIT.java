package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseFixtures.app;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.InProcessController;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A controller limited to some namespaces (as a scoped install runs it) that starts while each of
 * them holds Apps: it keeps every namespace's objects in view and acts on all of them. It watches
 * each namespace with an informer of its own, and a cache shared between those informers once lost
 * the objects of all but the last namespace listed: a release taken over by a new controller then
 * waited for an App it could not see.
 */
@KubeClusterTest
class WatchedNamespacesIT {

    @Test
    void aControllerStartingOverAppsInTwoNamespacesActsOnBoth(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        String second = namespace.name() + "-second";
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(second).endMetadata().build())
                .create();
        List<String> namespaces = List.of(namespace.name(), second);
        ControllerSettings settings = ControllerSettings.forNamespaces(namespaces.toArray(String[]::new));
        try {
            try (InProcessController first = InProcessController.start(namespace, settings)) {
                for (String ns : namespaces) {
                    client.resource(app("""
                            apiVersion: slipway.dev/v1alpha1
                            kind: App
                            metadata: {name: shop, namespace: %s}
                            spec: {image: registry.example.com/shop:1}
                            """.formatted(ns))).create();
                }
                namespaces.forEach(ns -> awaitPhase(client, ns, "shop-1", ReleasePhase.Complete));
            }
            // Changed while no controller runs: the next one finds both changes when it lists.
            for (String ns : namespaces) {
                client.resources(App.class).inNamespace(ns).withName("shop").edit(a -> {
                    a.getSpec().setImage("registry.example.com/shop:2");
                    return a;
                });
            }

            try (InProcessController next = InProcessController.start(namespace, settings)) {
                for (String ns : namespaces) {
                    Release done = awaitPhase(client, ns, "shop-2", ReleasePhase.Complete);
                    assertThat(done.getSpec().getImage()).as(ns).isEqualTo("registry.example.com/shop:2");
                }
            }
        } finally {
            client.namespaces().withName(second).delete();
        }
    }
}
