package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseFixtures.TIMEOUT;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.InProcessController;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routes carried out by the Gateway API on the real node: the controller writes an HTTPRoute
 * attached to the local cluster's Gateway (slipway-system/slipway, GatewayClass traefik), Traefik
 * accepts it, and the App answers through the same entry point that serves Ingresses.
 */
@KubeClusterTest(realNode = true)
class RealNodeGatewayIT {

    private static InProcessController controller;

    @BeforeAll
    static void controllerWithTheGatewayBackend(TestNamespace namespace) {
        controller = InProcessController.start(namespace, ControllerSettings.forNamespaces(namespace.name())
                .withRouteBackend("gateway", "slipway-system/slipway"));
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void appRouteBecomesAnHttpRouteThatTraefikAcceptsAndServes(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        String host = "portal-" + namespace.name() + ".apps.test";
        AppPods.createWebSample(namespace, "portal", 1, "through the gateway", host);
        awaitPhase(client, "portal-1", ReleasePhase.Complete);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            HTTPRoute route = client.resources(HTTPRoute.class).list().getItems().stream().findFirst().orElseThrow();
            assertThat(route.getStatus().getParents()).singleElement().satisfies(parent -> {
                assertThat(parent.getControllerName()).isEqualTo("traefik.io/gateway-controller");
                assertThat(parent.getConditions()).anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("Accepted");
                    assertThat(c.getStatus()).isEqualTo("True");
                });
            });
        });
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(AppPods.throughIngress(namespace.cluster(), host))
                .isEqualTo("through the gateway"));
    }
}
