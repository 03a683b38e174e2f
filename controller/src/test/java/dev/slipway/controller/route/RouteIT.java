package dev.slipway.controller.route;

import static dev.slipway.api.v1alpha1.ConditionTypes.ADMITTED;
import static dev.slipway.api.v1alpha1.ConditionTypes.READY;
import static dev.slipway.api.v1alpha1.ConditionTypes.REASON_WRITE_REFUSED;
import static dev.slipway.controller.route.ClusterRoutes.TIMEOUT;
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
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppRoute;
import dev.slipway.api.v1alpha1.AppSpec;
import dev.slipway.api.v1alpha1.ConditionStatus;
import dev.slipway.api.v1alpha1.InsecurePolicy;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.api.v1alpha1.RouteStatus;
import dev.slipway.api.v1alpha1.TlsTermination;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.InProcessController;
import dev.slipway.controller.kube.WriteRefusal;
import dev.slipway.controller.status.Conditions;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Routes carried out by Ingress on the real test cluster: the Ingress a user would read, host
 * generation, who holds a host across namespaces and paths, TLS, and what an Ingress can't do.
 * A second namespace plays the other team that wants the same host.
 */
@KubeClusterTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteIT {

    private static final String DOMAIN = "apps.example.test";

    private KubernetesClient client;
    private String ns;
    private String otherNs;
    private String ingressClass;
    private InProcessController controller;

    @BeforeAll
    void start(TestNamespace namespace) {
        client = namespace.client();
        ns = namespace.name();
        otherNs = ns + "-other";
        ingressClass = "nginx-" + ns;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(otherNs).endMetadata().build())
                .create();
        client.network().v1().ingressClasses().resource(new IngressClassBuilder().withNewMetadata()
                .withName(ingressClass).endMetadata().withNewSpec().withController("k8s.io/ingress-nginx").endSpec()
                .build()).create();
        ControllerSettings defaults = ControllerSettings.forNamespaces(ns, otherNs);
        controller = InProcessController.start(namespace, new ControllerSettings(defaults.namespaces(), DOMAIN,
                ingressClass, "ingress", null, false, null, defaults.leaseDuration(), defaults.hookRetryBaseDelay(), 0));
    }

    @AfterAll
    void stop() {
        controller.close();
        client.namespaces().withName(otherNs).delete();
        client.network().v1().ingressClasses().withName(ingressClass).delete();
    }

    @Test
    void anIngressTheApiServerRefusesIsShownOnTheRoute() {
        // Given a namespace that may hold no Ingress (the other namespace: the quota must not touch the
        // other tests), when a route there is admitted
        client.resource(new ResourceQuotaBuilder().withNewMetadata().withName("no-ingresses").withNamespace(otherNs)
                .endMetadata().withNewSpec().withHard(Map.of("count/ingresses.networking.k8s.io", new Quantity("0")))
                .endSpec().build()).create();
        try {
            create(client, route(otherNs, "refused", null, null, backend("refused", 8080, null)));

            // Then its Ready condition says so in the server's words within seconds, with a Warning Event
            RouteStatus status = awaitStatus(client, otherNs, "refused",
                    has(READY, false, REASON_WRITE_REFUSED));
            assertThat(condition(status, READY).getMessage()).contains("exceeded quota: no-ingresses");
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(otherNs).list().getItems())
                    .anySatisfy(e -> {
                        assertThat(e.getInvolvedObject().getName()).isEqualTo("refused");
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getReason()).isEqualTo(REASON_WRITE_REFUSED);
                    }));
        } finally {
            client.resources(Route.class).inNamespace(otherNs).withName("refused").delete();
            client.resourceQuotas().inNamespace(otherNs).withName("no-ingresses").delete();
        }
    }

    @Test
    void aRouteWithoutHostGetsAGeneratedHostAndAnIngressForIt() {
        // Given a route with no host, when the controller admits it
        create(client, route(ns, "web", null, null, backend("web", 8080, null)));
        RouteStatus status = awaitStatus(client, ns, "web", admitted(true, RouteConditions.REASON_ADMITTED)
                .andThen(has(READY, true, RouteConditions.REASON_INGRESS_READY)));

        // Then the host is <route>-<namespace>.<apps domain> and the Ingress routes exactly it
        String host = "web-" + ns + "." + DOMAIN;
        assertThat(status.getHost()).isEqualTo(host);
        Ingress ingress = ingress("web");
        assertThat(ingress.getMetadata().getLabels()).containsEntry(RouteObjects.ROUTE_LABEL, "web");
        assertThat(ingress.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Route");
            assertThat(o.getName()).isEqualTo("web");
            assertThat(o.getController()).isTrue();
        });
        assertThat(routeAnnotations(ingress)).isEmpty();
        IngressSpec spec = ingress.getSpec();
        assertThat(spec.getIngressClassName()).isEqualTo(ingressClass);
        assertThat(spec.getTls()).isNullOrEmpty();
        assertThat(spec.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo(host);
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getPath()).isEqualTo("/");
                assertThat(path.getPathType()).isEqualTo("Prefix");
                assertThat(path.getBackend().getService().getName()).isEqualTo("web");
                assertThat(path.getBackend().getService().getPort().getNumber()).isEqualTo(8080);
            });
        });
    }

    @Test
    void aHostClaimedByAnotherNamespaceIsRefusedUntilItsHolderGoes() {
        // Given a route holding shop.example.test, and a later one of another namespace on another path
        create(client, route(ns, "shop", "shop.example.test", "/", backend("shop", 8080, null)));
        awaitStatus(client, ns, "shop", admitted(true, RouteConditions.REASON_ADMITTED));
        create(client, route(otherNs, "shop", "shop.example.test", "/other", backend("shop", 9090, null)));

        // Then the later one is not admitted, says who holds the host, and has no Ingress
        RouteStatus refused = awaitStatus(client, otherNs, "shop",
                admitted(false, RouteConditions.REASON_HOST_ALREADY_CLAIMED)
                        .andThen(has(READY, false, RouteConditions.REASON_NOT_ADMITTED)));
        assertThat(condition(refused, ADMITTED).getMessage()).contains(ns + "/shop");
        assertThat(refused.getHost()).isEqualTo("shop.example.test");
        assertThat(client.network().v1().ingresses().inNamespace(otherNs).withName("shop").get()).isNull();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(otherNs).list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("shop");
                    assertThat(e.getReason()).isEqualTo(RouteConditions.REASON_HOST_ALREADY_CLAIMED);
                    assertThat(e.getType()).isEqualTo("Warning");
                }));

        // When the holder is deleted, its Ingress goes with it and the other route gets the host
        client.resources(Route.class).inNamespace(ns).withName("shop").delete();
        awaitStatus(client, otherNs, "shop", admitted(true, RouteConditions.REASON_ADMITTED)
                .andThen(has(READY, true, RouteConditions.REASON_INGRESS_READY)));
        assertThat(client.network().v1().ingresses().inNamespace(otherNs).withName("shop").get().getSpec()
                .getRules().get(0).getHttp().getPaths().get(0).getPath()).isEqualTo("/other");
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(client.network().v1().ingresses().inNamespace(ns).withName("shop").get()).isNull());
    }

    @Test
    void routesOfOneNamespaceShareAHostOnDifferentPathsAndTheOldestHoldsAPath() {
        // Given two routes on one host with different paths, and a third, later, on a path already held
        create(client, route(ns, "docs", "docs.example.test", "/", backend("docs", 8080, null)));
        create(client, route(ns, "docs-api", "docs.example.test", "/api", backend("docs-api", 8080, null)));
        awaitStatus(client, ns, "docs-api", admitted(true, RouteConditions.REASON_ADMITTED));
        create(client, route(ns, "docs-api2", "docs.example.test", "/api", backend("docs-api2", 8080, null)));

        // Then the first two are admitted with an Ingress each, the third is refused
        awaitStatus(client, ns, "docs", admitted(true, RouteConditions.REASON_ADMITTED)
                .andThen(has(READY, true, RouteConditions.REASON_INGRESS_READY)));
        awaitStatus(client, ns, "docs-api2", admitted(false, RouteConditions.REASON_HOST_ALREADY_CLAIMED));
        assertThat(ingress("docs").getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath()).isEqualTo("/");
        assertThat(ingress("docs-api").getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath())
                .isEqualTo("/api");
        assertThat(client.network().v1().ingresses().inNamespace(ns).withName("docs-api2").get()).isNull();

        // When the route holding /api moves to /v2, the third one gets /api
        Route moved = client.resources(Route.class).inNamespace(ns).withName("docs-api").get();
        moved.getSpec().setPath("/v2");
        client.resources(Route.class).inNamespace(ns).resource(moved).update();
        awaitStatus(client, ns, "docs-api2", admitted(true, RouteConditions.REASON_ADMITTED));
        awaitStatus(client, ns, "docs-api", admitted(true, RouteConditions.REASON_ADMITTED));
    }

    @Test
    void aMissingTlsSecretIsAConditionAndTheRouteGetsReadyWhenItAppears() {
        // Given an edge TLS route whose Secret does not exist yet
        create(client, withTls(route(ns, "secure", "secure.example.test", null, backend("secure", 8443, null)),
                tls(TlsTermination.edge, "secure-tls", null)));

        // Then it is admitted, the Ingress is written with TLS and ingress-nginx's redirect, and Ready says why not
        RouteStatus waiting = awaitStatus(client, ns, "secure", admitted(true, RouteConditions.REASON_ADMITTED)
                .andThen(has(READY, false, RouteConditions.REASON_TLS_SECRET_NOT_FOUND)));
        assertThat(condition(waiting, READY).getMessage()).contains("secure-tls");
        Ingress ingress = ingress("secure");
        assertThat(routeAnnotations(ingress)).isEqualTo(Map.of("nginx.ingress.kubernetes.io/ssl-redirect", "true"));
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(t -> {
            assertThat(t.getHosts()).containsExactly("secure.example.test");
            assertThat(t.getSecretName()).isEqualTo("secure-tls");
        });

        // When the Secret is created, the route becomes Ready
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("secure-tls")
                .endMetadata().withType("kubernetes.io/tls")
                .withData(Map.of("tls.crt", "Y2VydA==", "tls.key", "a2V5")).build()).create();
        awaitStatus(client, ns, "secure", has(READY, true, RouteConditions.REASON_INGRESS_READY));
    }

    @Test
    void weightsAreRefusedOnIngressWithAConditionAndNoIngress() {
        // Given a canary route: 90% to billing, 10% to billing-canary
        create(client, route(ns, "billing", "billing.example.test", null, backend("billing", 9000, 90),
                backend("billing-canary", 9000, 10)));

        // Then it holds its host but nothing is published, and Ready says why
        RouteStatus status = awaitStatus(client, ns, "billing", admitted(true, RouteConditions.REASON_ADMITTED)
                .andThen(has(READY, false, RouteConditions.REASON_WEIGHTS_NOT_SUPPORTED)));
        assertThat(condition(status, READY).getMessage()).contains("billing, billing-canary");
        assertThat(client.network().v1().ingresses().inNamespace(ns).withName("billing").get()).isNull();

        // When the canary gets weight 0, the Ingress sends everything to billing
        Route route = client.resources(Route.class).inNamespace(ns).withName("billing").get();
        route.getSpec().getAlternateBackends().get(0).setWeight(0);
        client.resources(Route.class).inNamespace(ns).resource(route).update();
        awaitStatus(client, ns, "billing", has(READY, true, RouteConditions.REASON_INGRESS_READY));
        assertThat(ingress("billing").getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend()
                .getService().getName()).isEqualTo("billing");
    }

    @Test
    void insecureNoneOnIngressNginxIsRefusedAndWhatWasPublishedIsRemoved() {
        // Given an admitted TLS route that allows plain HTTP
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("strict-tls")
                .endMetadata().withType("kubernetes.io/tls")
                .withData(Map.of("tls.crt", "Y2VydA==", "tls.key", "a2V5")).build()).create();
        create(client, withTls(route(ns, "strict", "strict.example.test", null, backend("strict", 8080, null)),
                tls(TlsTermination.edge, "strict-tls", InsecurePolicy.Allow)));
        awaitStatus(client, ns, "strict", has(READY, true, RouteConditions.REASON_INGRESS_READY));
        assertThat(routeAnnotations(ingress("strict")))
                .isEqualTo(Map.of("nginx.ingress.kubernetes.io/ssl-redirect", "false"));

        // When it asks to refuse plain HTTP, which ingress-nginx can't do per Ingress
        Route route = client.resources(Route.class).inNamespace(ns).withName("strict").get();
        route.getSpec().getTls().setInsecure(InsecurePolicy.None);
        client.resources(Route.class).inNamespace(ns).resource(route).update();

        // Then Ready says so and the Ingress that served plain HTTP is gone
        awaitStatus(client, ns, "strict",
                has(READY, false, RouteConditions.REASON_INSECURE_POLICY_NOT_SUPPORTED));
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(client.network().v1().ingresses().inNamespace(ns).withName("strict").get()).isNull());
    }

    @Test
    void anIngressEditedByHandIsPutBackAndGoesWithItsRoute() {
        create(client, route(ns, "gone", "gone.example.test", null, backend("gone", 8080, null)));
        awaitStatus(client, ns, "gone", has(READY, true, RouteConditions.REASON_INGRESS_READY));

        // When someone points the Ingress elsewhere, the controller puts the route's backend back
        Ingress edited = ingress("gone");
        edited.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getPort()
                .setNumber(9999);
        client.network().v1().ingresses().inNamespace(ns).resource(edited).update();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(
                ingress("gone").getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService()
                        .getPort().getNumber()).isEqualTo(8080));

        // When the route is deleted, its Ingress goes with it
        client.resources(Route.class).inNamespace(ns).withName("gone").delete();

        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(client.network().v1().ingresses().inNamespace(ns).withName("gone").get()).isNull());
    }

    @Test
    void theRoutesOfAnAppAreOwnedByItShowItsUrlAndGoWithIt() {
        // Given an App with two routes on its generated host
        App app = new App();
        app.setMetadata(new ObjectMetaBuilder().withName("store").withNamespace(ns).build());
        AppSpec spec = new AppSpec();
        spec.setImage("registry.example/store:1");
        AppRoute root = new AppRoute();
        AppRoute api = new AppRoute();
        api.setPath("/api");
        spec.setRoutes(List.of(root, api));
        app.setSpec(spec);
        App created = client.resources(App.class).inNamespace(ns).resource(app).create();

        // Then both are admitted on the App's host, and the App's URL is the first one
        String host = "store-" + ns + "." + DOMAIN;
        awaitStatus(client, ns, "store", admitted(true, RouteConditions.REASON_ADMITTED));
        awaitStatus(client, ns, "store-1", admitted(true, RouteConditions.REASON_ADMITTED)
                .andThen(has(READY, true, RouteConditions.REASON_INGRESS_READY)));
        List<Route> owned = client.resources(Route.class).inNamespace(ns).withLabel(Labels.APP, "store")
                .list().getItems();
        assertThat(AppRoutes.url(created, owned)).contains("http://" + host + "/");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.resources(App.class).inNamespace(ns)
                .withName("store").get().getStatus().getUrl()).isEqualTo("http://" + host + "/"));
        assertThat(ingress("store-1").getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend()
                .getService().getPort().getNumber()).isEqualTo(AppRoutes.SERVICE_PORT);

        // When the App is deleted, its Routes and their Ingresses go with it
        client.resources(App.class).inNamespace(ns).withName("store").delete();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(client.resources(Route.class).inNamespace(ns).withLabel(Labels.APP, "store").list()
                    .getItems()).isEmpty();
            assertThat(client.network().v1().ingresses().inNamespace(ns).withName("store").get()).isNull();
            assertThat(client.network().v1().ingresses().inNamespace(ns).withName("store-1").get()).isNull();
        });
    }

    @Test
    void aRouteNameAnotherAppHoldsIsLeftAloneAndTheAppSaysSo() {
        // Given App till-1, whose first route is named till-1
        createApp("till-1", new AppRoute());
        awaitStatus(client, ns, "till-1", admitted(true, RouteConditions.REASON_ADMITTED));

        // When App till lists two routes, the second of which would be named till-1 too
        AppRoute api = new AppRoute();
        api.setPath("/api");
        createApp("till", new AppRoute(), api);

        // Then till-1's Route stays till-1's, till's first route is made, and till says why its second is not
        await().atMost(TIMEOUT).ignoreException(NullPointerException.class).untilAsserted(() -> assertThat(
                Conditions.find(client.resources(App.class).inNamespace(ns).withName("till").get().getStatus()
                        .getConditions(), "Degraded"))
                .hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo(ConditionStatus.True);
                    assertThat(c.getMessage()).contains("spec.routes[1]: Route till-1 belongs to App till-1");
                }));
        awaitStatus(client, ns, "till", admitted(true, RouteConditions.REASON_ADMITTED));
        Route kept = client.resources(Route.class).inNamespace(ns).withName("till-1").get();
        assertThat(kept.getSpec().getTo().getService()).isEqualTo("till-1");
        assertThat(kept.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("till-1"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(ns).list()
                .getItems()).anySatisfy(e -> {
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("till");
                    assertThat(e.getReason()).isEqualTo("RouteNameTaken");
                    assertThat(e.getType()).isEqualTo("Warning");
                }));
    }

    private void createApp(String name, AppRoute... routes) {
        App app = new App();
        app.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        AppSpec spec = new AppSpec();
        spec.setImage("registry.example/" + name + ":1");
        spec.setRoutes(List.of(routes));
        app.setSpec(spec);
        client.resources(App.class).inNamespace(ns).resource(app).create();
    }

    @Test
    void anIngressSomeoneElseMadeIsLeftAloneAndTheRouteSaysSo() {
        // Given an Ingress of the route's name that the team made by hand
        client.network().v1().ingresses().inNamespace(ns).resource(new IngressBuilder().withNewMetadata()
                .withName("legacy").endMetadata().withNewSpec().addNewRule().withHost("legacy.example.test")
                .endRule().endSpec().build()).create();

        // When a route of that name is made
        create(client, route(ns, "legacy", "legacy.example.test", null, backend("legacy", 8080, null)));

        // Then it is admitted but not Ready, and the Ingress is as the team left it
        awaitStatus(client, ns, "legacy", admitted(true, RouteConditions.REASON_ADMITTED)
                .andThen(has(READY, false, RouteConditions.REASON_NAME_CONFLICT)));
        Ingress untouched = ingress("legacy");
        assertThat(untouched.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(untouched.getSpec().getRules().get(0).getHttp()).isNull();
    }

    @Test
    void aRouteMovingToAnotherHostReleasesTheOldOne() {
        // Given a route holding blog.example.test and another namespace's route waiting for it
        create(client, route(ns, "blog", "blog.example.test", null, backend("blog", 8080, null)));
        awaitStatus(client, ns, "blog", admitted(true, RouteConditions.REASON_ADMITTED));
        create(client, route(otherNs, "blog", "blog.example.test", null, backend("blog", 8080, null)));
        awaitStatus(client, otherNs, "blog", admitted(false, RouteConditions.REASON_HOST_ALREADY_CLAIMED));

        // When the holder moves to another host
        Route moved = client.resources(Route.class).inNamespace(ns).withName("blog").get();
        moved.getSpec().setHost("blog2.example.test");
        client.resources(Route.class).inNamespace(ns).resource(moved).update();

        // Then the waiting route gets the old host, and the holder serves the new one
        awaitStatus(client, otherNs, "blog", admitted(true, RouteConditions.REASON_ADMITTED)
                .andThen(has(READY, true, RouteConditions.REASON_INGRESS_READY)));
        RouteStatus status = awaitStatus(client, ns, "blog", admitted(true, RouteConditions.REASON_ADMITTED));
        assertThat(status.getHost()).isEqualTo("blog2.example.test");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ingress("blog").getSpec().getRules().get(0).getHost())
                .isEqualTo("blog2.example.test"));
    }

    private Ingress ingress(String name) {
        Ingress ingress = client.network().v1().ingresses().inNamespace(ns).withName(name).get();
        assertThat(ingress).as("Ingress %s", name).isNotNull();
        return ingress;
    }

    /** The annotations that carry out the route: the hash the controller keeps on what it applies is not one. */
    private static Map<String, String> routeAnnotations(Ingress ingress) {
        Map<String, String> annotations = new TreeMap<>(ingress.getMetadata().getAnnotations() == null
                ? Map.of() : ingress.getMetadata().getAnnotations());
        annotations.remove(Labels.APPLIED_HASH);
        return annotations;
    }
}
