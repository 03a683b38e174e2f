package dev.slipway.controller.route;

import static dev.slipway.controller.route.RouteFixtures.backend;
import static dev.slipway.controller.route.RouteFixtures.route;
import static dev.slipway.controller.route.RouteFixtures.tls;
import static dev.slipway.controller.route.RouteFixtures.withTls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.TlsConfig;
import dev.slipway.api.v1alpha1.TlsTermination;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TlsSecretsTest {

    record Scenario(String name, TlsConfig tls, Secret secret, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Secret secret(String type, Map<String, String> data) {
        return new SecretBuilder().withNewMetadata().withName("t").endMetadata().withType(type).withData(data).build();
    }

    static Stream<Scenario> scenarios() {
        TlsConfig named = tls(TlsTermination.edge, "t", null);
        return Stream.of(
                new Scenario("no TLS", null, null, null),
                new Scenario("TLS with the router's default certificate", tls(TlsTermination.edge, null, null), null,
                        null),
                new Scenario("the Secret is missing", named, null, RouteConditions.REASON_TLS_SECRET_NOT_FOUND),
                new Scenario("a TLS Secret", named, secret("kubernetes.io/tls", Map.of("tls.crt", "x", "tls.key", "y")),
                        null),
                new Scenario("an Opaque Secret", named, secret("Opaque", Map.of("tls.crt", "x", "tls.key", "y")),
                        RouteConditions.REASON_TLS_SECRET_INVALID),
                new Scenario("a TLS Secret without key", named, secret("kubernetes.io/tls", Map.of("tls.crt", "x")),
                        RouteConditions.REASON_TLS_SECRET_INVALID));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void checksTheSecret(Scenario s) {
        Problem problem = TlsSecrets.check(withTls(route("d", "r", null, null, backend("a", 80, null)), s.tls()),
                s.secret());

        assertThat(problem == null ? null : problem.reason()).isEqualTo(s.problem());
        if (problem != null) {
            assertThat(problem.publish()).as("a Secret problem never holds the Ingress back").isTrue();
        }
    }
}
