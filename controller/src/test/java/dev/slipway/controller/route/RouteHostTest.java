package dev.slipway.controller.route;

import static dev.slipway.controller.route.RouteFixtures.backend;
import static dev.slipway.controller.route.RouteFixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Route;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RouteHostTest {

    record Scenario(String name, Route route, String appsDomain, String host, String path, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        String longName = "a".repeat(40);
        return Stream.of(
                new Scenario("spec.host wins", route("demo", "shop", "shop.example.com", "/api", backend("s", 80, null)),
                        "apps.example.test", "shop.example.com", "/api", null),
                new Scenario("generated as <route>-<namespace>.<apps domain>",
                        route("demo", "shop", null, null, backend("s", 80, null)), "apps.example.test",
                        "shop-demo.apps.example.test", "/", null),
                new Scenario("a blank host is generated too", route("demo", "shop", " ", "", backend("s", 80, null)),
                        "apps.example.test", "shop-demo.apps.example.test", "/", null),
                new Scenario("no host and no apps domain", route("demo", "shop", null, null, backend("s", 80, null)),
                        null, null, "/", RouteConditions.REASON_INVALID_HOST),
                new Scenario("a generated first label longer than 63 characters is refused",
                        route(longName, longName, null, null, backend("s", 80, null)), "apps.example.test",
                        longName + "-" + longName + ".apps.example.test", "/", RouteConditions.REASON_INVALID_HOST));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void hostAndPath(Scenario s) {
        String host = RouteHost.of(s.route(), s.appsDomain());

        assertThat(host).isEqualTo(s.host());
        assertThat(RouteHost.path(s.route())).isEqualTo(s.path());
        Problem problem = RouteHost.check(s.route(), host);
        assertThat(problem == null ? null : problem.reason()).isEqualTo(s.problem());
    }
}
