package dev.slipway.controller.route;

import static dev.slipway.api.v1alpha1.ConditionTypes.READY;
import static dev.slipway.controller.route.ClusterRoutes.admitted;
import static dev.slipway.controller.route.ClusterRoutes.awaitStatus;
import static dev.slipway.controller.route.ClusterRoutes.condition;
import static dev.slipway.controller.route.ClusterRoutes.create;
import static dev.slipway.controller.route.ClusterRoutes.has;
import static dev.slipway.controller.route.RouteFixtures.backend;
import static dev.slipway.controller.route.RouteFixtures.route;
import static dev.slipway.controller.route.RouteFixtures.tls;
import static dev.slipway.controller.route.RouteFixtures.withTls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.InsecurePolicy;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.api.v1alpha1.RouteBackend;
import dev.slipway.api.v1alpha1.RouteStatus;
import dev.slipway.api.v1alpha1.TlsTermination;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.InProcessController;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TLSRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Routes carried out by Gateway API HTTPRoutes and TLSRoutes on the real test cluster, with the
 * standard CRDs and TLSRoute installed and a Gateway with a plain HTTP, an HTTPS and a TLS
 * passthrough listener (no gateway controller runs, so
 * the tests look at what Slipway writes, as a user would with kubectl).
 */
@KubeClusterTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayRouteIT {

    private KubernetesClient client;
    private String ns;
    private InProcessController controller;

    @BeforeAll
    void start(TestNamespace namespace) {
        GatewayApiCrds.install(namespace.cluster());
        client = namespace.client();
        ns = namespace.name();
        Gateway gateway = new GatewayBuilder()
                .withNewMetadata().withName("edge").withNamespace(ns).endMetadata()
                .withNewSpec().withGatewayClassName("slipway-test")
                .addNewListener().withName("web").withProtocol("HTTP").withPort(80).endListener()
                .addNewListener().withName("websecure").withProtocol("HTTPS").withPort(443)
                .withNewTls().withMode("Terminate").addNewCertificateRef().withKind("Secret").withName("edge-cert")
                .endCertificateRef().endTls().endListener()
                .addNewListener().withName("tls-passthrough").withProtocol("TLS").withPort(8443)
                .withNewTls().withMode("Passthrough").endTls().endListener()
                .endSpec().build();
        client.resources(Gateway.class).inNamespace(ns).resource(gateway).create();
        controller = InProcessController.start(namespace,
                ControllerSettings.forNamespaces(ns).withRouteBackend("gateway", ns + "/edge"));
    }

    @AfterAll
    void stop() {
        controller.close();
    }

    @Test
    void blueGreenWeightsBecomeAnHttpRouteWithWeightedBackends() {
        // Given a route sending nothing to blue and everything to green
        create(client, route(ns, "shop", "shop.example.test", "/", backend("shop-blue", 8080, 0),
                backend("shop-green", 8080, 256)));

        awaitStatus(client, ns, "shop", admitted(true, RouteConditions.REASON_ADMITTED)
                .andThen(has(READY, true, RouteConditions.REASON_HTTP_ROUTE_READY)));

        // Then one HTTPRoute attaches to the whole Gateway with both backends and their weights
        HTTPRoute httpRoute = httpRoute("shop");
        assertThat(httpRoute.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("shop"));
        assertThat(httpRoute.getSpec().getParentRefs()).singleElement().satisfies(p -> assertParent(p, null));
        assertThat(httpRoute.getSpec().getHostnames()).containsExactly("shop.example.test");
        assertThat(httpRoute.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getMatches()).singleElement().satisfies(m -> {
                assertThat(m.getPath().getType()).isEqualTo("PathPrefix");
                assertThat(m.getPath().getValue()).isEqualTo("/");
            });
            assertThat(rule.getFilters()).isNullOrEmpty();
            assertThat(rule.getBackendRefs()).extracting(HTTPBackendRef::getName, HTTPBackendRef::getPort,
                    HTTPBackendRef::getWeight).containsExactly(
                            tuple("shop-blue", 8080, 0),
                            tuple("shop-green", 8080, 256));
        });
        assertThat(client.network().v1().ingresses().inNamespace(ns).withName("shop").get()).isNull();

        // When someone shifts the weights by hand, the controller puts the route's weights back
        HTTPRoute edited = httpRoute("shop");
        edited.getSpec().getRules().get(0).getBackendRefs().get(0).setWeight(256);
        client.resources(HTTPRoute.class).inNamespace(ns).resource(edited).update();
        await().atMost(ClusterRoutes.TIMEOUT).untilAsserted(() -> assertThat(httpRoute("shop").getSpec().getRules()
                .get(0).getBackendRefs()).extracting(HTTPBackendRef::getWeight).containsExactly(0, 256));
    }

    @Test
    void edgeTlsWithRedirectServesOnHttpsAndRedirectsPlainHttp() {
        // Given an edge TLS route that redirects plain HTTP
        create(client, withTls(route(ns, "secure", "secure.example.test", "/app", backend("secure", 8080, null)),
                tls(TlsTermination.edge, null, InsecurePolicy.Redirect)));

        RouteStatus status = awaitStatus(client, ns, "secure",
                has(READY, true, RouteConditions.REASON_HTTP_ROUTE_READY));
        assertThat(condition(status, READY).getMessage()).contains("HTTPS listeners");

        // Then the serving HTTPRoute attaches to the HTTPS listener only
        HTTPRoute serving = httpRoute("secure");
        assertThat(serving.getSpec().getParentRefs()).singleElement().satisfies(p -> assertParent(p, "websecure"));
        assertThat(serving.getSpec().getRules().get(0).getBackendRefs()).singleElement()
                .satisfies(b -> assertThat(b.getWeight()).isEqualTo(new RouteBackend().weightOrDefault()));

        // And a second one on the HTTP listener redirects to https
        HTTPRoute redirect = httpRoute("secure-redirect");
        assertThat(redirect.getSpec().getParentRefs()).singleElement().satisfies(p -> assertParent(p, "web"));
        assertThat(redirect.getSpec().getHostnames()).containsExactly("secure.example.test");
        assertThat(redirect.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getBackendRefs()).isNullOrEmpty();
            assertThat(rule.getMatches().get(0).getPath().getValue()).isEqualTo("/app");
            assertThat(rule.getFilters()).singleElement().satisfies(f -> {
                assertThat(f.getType()).isEqualTo("RequestRedirect");
                assertThat(f.getRequestRedirect().getScheme()).isEqualTo("https");
                assertThat(f.getRequestRedirect().getStatusCode()).isEqualTo(301);
            });
        });

        // When plain HTTP is allowed instead, one HTTPRoute serves every listener and the redirect goes
        Route route = client.resources(Route.class).inNamespace(ns).withName("secure").get();
        route.getSpec().getTls().setInsecure(InsecurePolicy.Allow);
        client.resources(Route.class).inNamespace(ns).resource(route).update();
        awaitStatus(client, ns, "secure", s -> assertThat(
                client.resources(HTTPRoute.class).inNamespace(ns).withName("secure-redirect").get()).isNull());
        assertThat(httpRoute("secure").getSpec().getParentRefs()).singleElement()
                .satisfies(p -> assertParent(p, null));
    }

    @Test
    void passthroughBecomesATlsRouteOnThePassthroughListenerWithARedirectForPlainHttp() {
        // Given a passthrough route to two backends, with the TLSRoute CRD installed
        create(client, withTls(route(ns, "direct", "direct.example.test", null, backend("direct", 8443, 3),
                backend("direct-next", 8443, 1)), tls(TlsTermination.passthrough, null, InsecurePolicy.Redirect)));

        awaitStatus(client, ns, "direct", admitted(true, RouteConditions.REASON_ADMITTED)
                .andThen(has(READY, true, RouteConditions.REASON_TLS_ROUTE_READY)));

        // Then a TLSRoute picks it by host on the passthrough listener and splits it by weight
        TLSRoute tlsRoute = client.resources(TLSRoute.class).inNamespace(ns).withName("direct").get();
        assertThat(tlsRoute).isNotNull();
        assertThat(tlsRoute.getSpec().getParentRefs()).singleElement()
                .satisfies(p -> assertParent(p, "tls-passthrough"));
        assertThat(tlsRoute.getSpec().getHostnames()).containsExactly("direct.example.test");
        assertThat(tlsRoute.getSpec().getRules()).singleElement().satisfies(rule -> assertThat(rule.getBackendRefs())
                .extracting(BackendRef::getName, BackendRef::getPort, BackendRef::getWeight)
                .containsExactly(tuple("direct", 8443, 3), tuple("direct-next", 8443, 1)));

        // And plain HTTP is redirected on the HTTP listener; no HTTPRoute serves it
        assertThat(httpRoute("direct-redirect").getSpec().getParentRefs()).singleElement()
                .satisfies(p -> assertParent(p, "web"));
        assertThat(client.resources(HTTPRoute.class).inNamespace(ns).withName("direct").get()).isNull();
    }

    private void assertParent(ParentReference parent, String section) {
        assertThat(parent.getGroup()).isEqualTo(HttpRouteModel.GATEWAY_GROUP);
        assertThat(parent.getKind()).isEqualTo("Gateway");
        assertThat(parent.getNamespace()).isEqualTo(ns);
        assertThat(parent.getName()).isEqualTo("edge");
        assertThat(parent.getSectionName()).isEqualTo(section);
    }

    private HTTPRoute httpRoute(String name) {
        HTTPRoute route = client.resources(HTTPRoute.class).inNamespace(ns).withName(name).get();
        assertThat(route).as("HTTPRoute %s", name).isNotNull();
        return route;
    }

}
