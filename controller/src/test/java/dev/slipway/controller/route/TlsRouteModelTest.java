package dev.slipway.controller.route;

import static dev.slipway.controller.route.RouteFixtures.backend;
import static dev.slipway.controller.route.RouteFixtures.reasons;
import static dev.slipway.controller.route.RouteFixtures.route;
import static dev.slipway.controller.route.RouteFixtures.tls;
import static dev.slipway.controller.route.RouteFixtures.withTls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.InsecurePolicy;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.api.v1alpha1.TlsTermination;
import dev.slipway.controller.route.Backends.Backend;
import dev.slipway.controller.route.HttpRouteModel.Gateway;
import dev.slipway.controller.route.HttpRouteModel.GatewayRef;
import dev.slipway.controller.route.HttpRouteModel.Listener;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TlsRouteModelTest {

    private static final GatewayRef REF = new GatewayRef("infra", "edge");
    private static final Listener HTTP = new Listener("web", "HTTP", null);
    private static final Listener PASSTHROUGH = new Listener("tls", "TLS", null, "Passthrough");
    private static final Gateway GATEWAY = new Gateway(REF, List.of(HTTP, PASSTHROUGH,
            new Listener("tls-terminate", "TLS", null, "Terminate"), new Listener("db", "TLS", "db.other.org",
                    "Passthrough")));

    @Test
    void aPassthroughRouteBecomesATlsRouteByHostWithWeightedBackends() {
        Route route = RouteFixtures.created(withTls(route("demo", "vault", null, null, backend("vault", 8200, null)),
                tls(TlsTermination.passthrough, null, InsecurePolicy.None)), "2026-01-01T00:00:00Z");

        Desired<HasMetadata> desired = TlsRouteModel.desired(route, "vault.example.com",
                List.of(new Backend("vault", 8200, 100), new Backend("vault-next", 8200, 0)), GATEWAY);

        assertThat(RouteFixtures.yamlOfFirst(desired, route)).isEqualTo("""
                ---
                apiVersion: "gateway.networking.k8s.io/v1alpha2"
                kind: "TLSRoute"
                metadata:
                  name: "vault"
                  namespace: "demo"
                spec:
                  hostnames:
                  - "vault.example.com"
                  parentRefs:
                  - kind: "Gateway"
                    group: "gateway.networking.k8s.io"
                    name: "edge"
                    namespace: "infra"
                    sectionName: "tls"
                  rules:
                  - backendRefs:
                    - kind: "Service"
                      group: ""
                      name: "vault"
                      port: 8200
                      weight: 100
                    - kind: "Service"
                      group: ""
                      name: "vault-next"
                      port: 8200
                      weight: 0
                """.strip());
        assertThat(desired.objects()).hasSize(1);
    }

    /** What a passthrough route gives: the kinds and names written, and the reasons of what can't be. */
    record Scenario(String name, String path, InsecurePolicy insecure, Gateway gateway, List<String> written,
            List<String> reasons) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("Redirect adds the redirect HTTPRoute on the HTTP listeners", null, null, GATEWAY,
                        List.of("TLSRoute/vault", "HTTPRoute/vault-redirect"), List.of()),
                new Scenario("None is the TLSRoute alone", null, InsecurePolicy.None, GATEWAY,
                        List.of("TLSRoute/vault"), List.of()),
                new Scenario("Allow can't be: the app's TLS is the only way in", null, InsecurePolicy.Allow, GATEWAY,
                        List.of(), List.of(RouteConditions.REASON_INSECURE_POLICY_NOT_SUPPORTED)),
                new Scenario("a path can't be seen through TLS", "/api", null, GATEWAY, List.of(),
                        List.of(RouteConditions.REASON_PASSTHROUGH_NOT_SUPPORTED)),
                new Scenario("no passthrough listener for the host", null, null,
                        new Gateway(REF, List.of(HTTP, new Listener("db", "TLS", "db.other.org", "Passthrough"))),
                        List.of(), List.of(RouteConditions.REASON_NO_PASSTHROUGH_LISTENER)),
                new Scenario("a missing Gateway", null, null, new Gateway(REF, null), List.of(),
                        List.of(RouteConditions.REASON_GATEWAY_NOT_FOUND)));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void listenersAndRefusals(Scenario s) {
        Route route = withTls(route("demo", "vault", null, s.path(), backend("vault", 8200, null)),
                tls(TlsTermination.passthrough, null, s.insecure()));

        Desired<HasMetadata> desired = TlsRouteModel.desired(route, "vault.example.com",
                List.of(new Backend("vault", 8200, 100)), s.gateway());

        assertThat(reasons(desired)).isEqualTo(s.reasons());
        assertThat(desired.objects()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .isEqualTo(s.written());
    }
}
