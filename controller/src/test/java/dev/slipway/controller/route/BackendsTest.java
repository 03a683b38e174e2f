package dev.slipway.controller.route;

import static dev.slipway.controller.route.RouteFixtures.backend;
import static dev.slipway.controller.route.RouteFixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Route;
import dev.slipway.controller.route.Backends.Backend;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BackendsTest {

    record Scenario(String name, Route route, Map<String, Service> services, List<String> needed,
            List<Backend> backends, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Service service(String name, int... ports) {
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec();
        for (int port : ports) {
            b.editSpec().addNewPort().withPort(port).endPort().endSpec();
        }
        return b.build();
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("ports given, weight defaults to 100",
                        route("d", "r", null, null, backend("a", 8080, null), backend("b", 9090, 0)), Map.of(),
                        List.of(), List.of(new Backend("a", 8080, 100), new Backend("b", 9090, 0)), null),
                new Scenario("a missing port is the Service's only port",
                        route("d", "r", null, null, backend("a", null, 5)), Map.of("a", service("a", 3000)),
                        List.of("a"), List.of(new Backend("a", 3000, 5)), null),
                new Scenario("the Service does not exist yet", route("d", "r", null, null, backend("a", null, null)),
                        Map.of(), List.of("a"), List.of(), RouteConditions.REASON_SERVICE_NOT_FOUND),
                new Scenario("a Service of two ports needs the route to choose",
                        route("d", "r", null, null, backend("a", 80, null), backend("b", null, null)),
                        Map.of("b", service("b", 80, 443)), List.of("b"), List.of(),
                        RouteConditions.REASON_SERVICE_PORT_AMBIGUOUS));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void resolvesPortsAndWeights(Scenario s) {
        assertThat(Backends.servicesWithoutPort(s.route().getSpec())).isEqualTo(s.needed());

        Backends.Resolved resolved = Backends.resolve(s.route().getSpec(), s.services());

        assertThat(resolved.backends()).isEqualTo(s.backends());
        assertThat(resolved.problem() == null ? null : resolved.problem().reason()).isEqualTo(s.problem());
    }
}
