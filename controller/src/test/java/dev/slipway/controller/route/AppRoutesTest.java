package dev.slipway.controller.route;

import static dev.slipway.controller.route.RouteFixtures.tls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppRoute;
import dev.slipway.api.v1alpha1.AppSpec;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.api.v1alpha1.RouteStatus;
import dev.slipway.api.v1alpha1.TlsConfig;
import dev.slipway.api.v1alpha1.TlsTermination;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AppRoutesTest {

    private static final String DOMAIN = "apps.example.test";

    private static AppRoute appRoute(String host, String path, TlsConfig tls) {
        AppRoute r = new AppRoute();
        r.setHost(host);
        r.setPath(path);
        r.setTls(tls);
        return r;
    }

    private static App app(AppRoute... routes) {
        App app = new App();
        app.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("demo").withUid("app-uid").build());
        AppSpec spec = new AppSpec();
        spec.setRoutes(routes.length == 0 ? null : List.of(routes));
        app.setSpec(spec);
        return app;
    }

    @Test
    void eachAppRouteBecomesARouteToTheAppsServiceOwnedByTheApp() {
        TlsConfig tls = tls(TlsTermination.edge, "shop-tls", null);
        App app = app(appRoute("shop.example.com", null, tls), appRoute(null, "/api", null),
                appRoute(null, "/admin", null));

        List<Route> routes = AppRoutes.desired(app, DOMAIN);

        assertThat(routes).extracting(r -> r.getMetadata().getName()).containsExactly("shop", "shop-1", "shop-2");
        assertThat(routes).extracting(r -> r.getSpec().getHost())
                .containsExactly("shop.example.com", "shop-demo." + DOMAIN, "shop-demo." + DOMAIN);
        assertThat(routes).extracting(r -> r.getSpec().getPath()).containsExactly(null, "/api", "/admin");
        assertThat(routes.get(0).getSpec().getTls()).isSameAs(tls);
        assertThat(routes).allSatisfy(r -> {
            assertThat(r.getMetadata().getNamespace()).isEqualTo("demo");
            assertThat(r.getMetadata().getLabels()).containsEntry(Labels.APP, "shop");
            assertThat(r.getSpec().getTo().getService()).isEqualTo("shop");
            assertThat(r.getSpec().getTo().getPort()).isEqualTo(80);
            assertThat(r.getSpec().getAlternateBackends()).isNull();
            assertThat(r.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
                assertThat(o.getKind()).isEqualTo("App");
                assertThat(o.getApiVersion()).isEqualTo("slipway.dev/v1alpha1");
                assertThat(o.getUid()).isEqualTo("app-uid");
                assertThat(o.getController()).isTrue();
            });
        });
    }

    @Test
    void aRouteOfTheNameIsTheAppsToApplyOnlyWhenNoneExistsOrTheAppControlsIt() {
        App app = app(appRoute(null, null, null));
        Route ours = AppRoutes.desired(app, DOMAIN).get(0);
        Route anotherApps = new Route();
        anotherApps.setMetadata(new ObjectMetaBuilder().withName("shop-1").addNewOwnerReference().withKind("App")
                .withName("shop-1").withUid("other-uid").withController(true).endOwnerReference().build());
        Route byHand = new Route();
        byHand.setMetadata(new ObjectMetaBuilder().withName("shop-1").build());

        assertThat(AppRoutes.takenBy(null, app)).isEmpty();
        assertThat(AppRoutes.takenBy(ours, app)).isEmpty();
        assertThat(AppRoutes.takenBy(anotherApps, app)).contains("belongs to App shop-1");
        assertThat(AppRoutes.takenBy(byHand, app)).contains("exists and was not made by this App");
    }

    @Test
    void anAppWithoutRoutesHasNone() {
        assertThat(AppRoutes.desired(app(), DOMAIN)).isEmpty();
    }

    /** Routes as the cluster shows them: which are admitted, and which belong to the App. */
    record UrlScenario(String name, List<Route> routes, Optional<String> url) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Route observed(int index, String path, boolean tls, Boolean admitted, boolean owned) {
        App app = app(appRoute(null, path, tls ? tls(TlsTermination.edge, null, null) : null));
        Route route = AppRoutes.desired(app, DOMAIN).get(0);
        route.getMetadata().setName(AppRoutes.routeName("shop", index));
        if (!owned) {
            route.getMetadata().getOwnerReferences().get(0).setUid("someone-else");
        }
        if (admitted != null) {
            RouteStatus status = new RouteStatus();
            status.setHost(route.getSpec().getHost());
            status.setAdmitted(admitted);
            route.setStatus(status);
        }
        return route;
    }

    static Stream<UrlScenario> urlScenarios() {
        String host = "shop-demo." + DOMAIN;
        return Stream.of(
                new UrlScenario("no routes", List.of(), Optional.empty()),
                new UrlScenario("not yet looked at", List.of(observed(0, null, false, null, true)), Optional.empty()),
                new UrlScenario("the first route, admitted, plain HTTP", List.of(observed(0, null, false, true, true)),
                        Optional.of("http://" + host + "/")),
                new UrlScenario("TLS gives https and the path is kept", List.of(observed(0, "/app", true, true, true)),
                        Optional.of("https://" + host + "/app")),
                new UrlScenario("the first admitted one, in the App's order, whatever the list order",
                        List.of(observed(2, "/c", false, true, true), observed(0, "/a", false, false, true),
                                observed(1, "/b", false, true, true)), Optional.of("http://" + host + "/b")),
                new UrlScenario("routes of another owner don't count", List.of(observed(0, null, false, true, false)),
                        Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("urlScenarios")
    void urlIsTheFirstAdmittedRoute(UrlScenario s) {
        assertThat(AppRoutes.url(app(), new ArrayList<>(s.routes()))).isEqualTo(s.url());
    }
}
