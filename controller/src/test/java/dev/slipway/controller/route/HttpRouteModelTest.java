package dev.slipway.controller.route;

import static dev.slipway.controller.route.RouteFixtures.backend;
import static dev.slipway.controller.route.RouteFixtures.reasons;
import static dev.slipway.controller.route.RouteFixtures.route;
import static dev.slipway.controller.route.RouteFixtures.tls;
import static dev.slipway.controller.route.RouteFixtures.withTls;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.InsecurePolicy;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.api.v1alpha1.TlsConfig;
import dev.slipway.api.v1alpha1.TlsTermination;
import dev.slipway.controller.route.Backends.Backend;
import dev.slipway.controller.route.HttpRouteModel.Gateway;
import dev.slipway.controller.route.HttpRouteModel.GatewayRef;
import dev.slipway.controller.route.HttpRouteModel.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HttpRouteModelTest {

    private static final GatewayRef REF = new GatewayRef("infra", "edge");
    private static final Gateway GATEWAY = new Gateway(REF, List.of(new Listener("web", "HTTP", null),
            new Listener("websecure", "HTTPS", "*.example.com"), new Listener("other-tls", "HTTPS", "other.org")));
    private static final List<Backend> CANARY = List.of(new Backend("billing", 9000, 90),
            new Backend("billing-canary", 9000, 10));

    @Test
    void weightedBackendsBecomeOneHttpRouteOnTheGateway() {
        Route route = RouteFixtures.created(route("demo", "billing", null, null, backend("billing", 9000, 90)),
                "2026-01-01T00:00:00Z");

        Desired<HTTPRoute> desired = HttpRouteModel.desired(route, "billing.example.com", CANARY, GATEWAY);

        assertThat(RouteFixtures.yamlOfFirst(desired, route)).isEqualTo("""
                ---
                apiVersion: "gateway.networking.k8s.io/v1"
                kind: "HTTPRoute"
                metadata:
                  name: "billing"
                  namespace: "demo"
                spec:
                  hostnames:
                  - "billing.example.com"
                  parentRefs:
                  - kind: "Gateway"
                    group: "gateway.networking.k8s.io"
                    name: "edge"
                    namespace: "infra"
                  rules:
                  - backendRefs:
                    - kind: "Service"
                      group: ""
                      name: "billing"
                      port: 9000
                      weight: 90
                    - kind: "Service"
                      group: ""
                      name: "billing-canary"
                      port: 9000
                      weight: 10
                    matches:
                    - path:
                        type: "PathPrefix"
                        value: "/"
                """.strip());
    }

    /**
     * What one route gives on one Gateway: per HTTPRoute written, its name and the listener sections
     * it attaches to ("" for the whole Gateway); and the reasons of what can't be carried out.
     */
    record Scenario(String name, TlsConfig tls, Gateway gateway, Map<String, List<String>> sections,
            List<String> reasons) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        Gateway missing = new Gateway(REF, null);
        Gateway httpOnly = new Gateway(REF, List.of(new Listener("web", "HTTP", null)));
        Gateway httpsOnly = new Gateway(REF, List.of(new Listener("websecure", "HTTPS", null)));
        return Stream.of(
                new Scenario("plain HTTP attaches to the whole Gateway", null, GATEWAY, Map.of("shop", List.of("")),
                        List.of()),
                new Scenario("edge Allow attaches to the whole Gateway", tls(TlsTermination.edge, null,
                        InsecurePolicy.Allow), GATEWAY, Map.of("shop", List.of("")), List.of()),
                new Scenario("edge Redirect serves on HTTPS listeners for the host and redirects on HTTP",
                        tls(TlsTermination.edge, "ignored", null), GATEWAY,
                        Map.of("shop", List.of("websecure"), "shop-redirect", List.of("web")), List.of()),
                new Scenario("edge None serves on HTTPS only", tls(TlsTermination.edge, null, InsecurePolicy.None),
                        GATEWAY, Map.of("shop", List.of("websecure")), List.of()),
                new Scenario("Redirect without an HTTP listener needs no redirect route",
                        tls(TlsTermination.edge, null, InsecurePolicy.Redirect), httpsOnly,
                        Map.of("shop", List.of("websecure")), List.of()),
                new Scenario("TLS without an HTTPS listener is refused", tls(TlsTermination.edge, null, null),
                        httpOnly, Map.of(), List.of(RouteConditions.REASON_NO_HTTPS_LISTENER)),
                new Scenario("plain HTTP on a missing Gateway is written and says so", null, missing,
                        Map.of("shop", List.of("")), List.of(RouteConditions.REASON_GATEWAY_NOT_FOUND)),
                new Scenario("TLS on a missing Gateway waits for it", tls(TlsTermination.edge, null, null), missing,
                        Map.of(), List.of(RouteConditions.REASON_GATEWAY_NOT_FOUND)),
                new Scenario("passthrough needs a TLSRoute", tls(TlsTermination.passthrough, null, null), GATEWAY,
                        Map.of(), List.of(RouteConditions.REASON_PASSTHROUGH_NOT_SUPPORTED)),
                new Scenario("reencrypt needs a BackendTLSPolicy", tls(TlsTermination.reencrypt, "t", null), GATEWAY,
                        Map.of(), List.of(RouteConditions.REASON_REENCRYPT_NOT_SUPPORTED)));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void listenersAndRefusals(Scenario s) {
        Route route = withTls(route("demo", "shop", null, "/shop", backend("shop", 8080, null)), s.tls());

        Desired<HTTPRoute> desired = HttpRouteModel.desired(route, "shop.example.com",
                List.of(new Backend("shop", 8080, 100)), s.gateway());

        assertThat(reasons(desired)).isEqualTo(s.reasons());
        assertThat(desired.objects()).hasSize(s.sections().size());
        for (HTTPRoute r : desired.objects()) {
            List<String> sections = r.getSpec().getParentRefs().stream()
                    .map(p -> p.getSectionName() == null ? "" : p.getSectionName()).toList();
            assertThat(sections).as(r.getMetadata().getName()).isEqualTo(s.sections().get(r.getMetadata().getName()));
            assertThat(r.getSpec().getParentRefs()).extracting(ParentReference::getName).containsOnly("edge");
            assertThat(r.getSpec().getHostnames()).containsExactly("shop.example.com");
            assertThat(r.getSpec().getRules().get(0).getMatches().get(0).getPath().getValue()).isEqualTo("/shop");
            boolean redirect = r.getMetadata().getName().endsWith(HttpRouteModel.REDIRECT_SUFFIX);
            assertThat(r.getSpec().getRules().get(0).getBackendRefs()).hasSize(redirect ? 0 : 1);
            assertThat(r.getSpec().getRules().get(0).getFilters()).hasSize(redirect ? 1 : 0);
        }
    }

    record RefScenario(String setting, GatewayRef ref) {
    }

    static Stream<RefScenario> refs() {
        return Stream.of(new RefScenario("infra/edge", REF), new RefScenario(" infra/edge ", REF),
                new RefScenario("edge", null), new RefScenario("/edge", null), new RefScenario("a/b/c", null),
                new RefScenario(null, null));
    }

    @ParameterizedTest
    @MethodSource("refs")
    void parsesTheGatewaySetting(RefScenario s) {
        assertThat(GatewayRef.parse(s.setting())).isEqualTo(s.ref());
    }
}
