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
import dev.slipway.controller.route.IngressModel.Controller;
import dev.slipway.controller.route.IngressModel.Target;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IngressModelTest {

    private static final Target NGINX = new Target("nginx", Controller.NGINX);
    private static final Target TRAEFIK = new Target("traefik", Controller.TRAEFIK);
    private static final Target OTHER = new Target("haproxy", Controller.OTHER);
    private static final List<Backend> ONE = List.of(new Backend("shop", 8080, 100));

    @Test
    void aRouteBecomesOneIngressWithOneRuleOwnedByTheRoute() {
        Route route = RouteFixtures.created(withTls(route("demo", "shop", null, "/api", backend("shop", 8080, null)),
                tls(TlsTermination.edge, "shop-tls", null)), "2026-01-01T00:00:00Z");

        Desired<Ingress> desired = IngressModel.desired(route, "shop.example.com", ONE, NGINX);

        assertThat(RouteFixtures.yamlOfFirst(desired, route)).isEqualTo("""
                ---
                apiVersion: "networking.k8s.io/v1"
                kind: "Ingress"
                metadata:
                  annotations:
                    nginx.ingress.kubernetes.io/ssl-redirect: "true"
                  name: "shop"
                  namespace: "demo"
                spec:
                  ingressClassName: "nginx"
                  rules:
                  - host: "shop.example.com"
                    http:
                      paths:
                      - backend:
                          service:
                            name: "shop"
                            port:
                              number: 8080
                        path: "/api"
                        pathType: "Prefix"
                  tls:
                  - hosts:
                    - "shop.example.com"
                    secretName: "shop-tls"
                """.strip());
    }

    /** What one route on one controller gives: the annotations, whether an Ingress is written, the reasons. */
    record Scenario(String name, TlsConfig tls, List<Backend> backends, Target target, Map<String, String> annotations,
            boolean written, List<String> reasons) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        TlsConfig redirect = tls(TlsTermination.edge, "t", null);
        TlsConfig allow = tls(TlsTermination.edge, "t", InsecurePolicy.Allow);
        TlsConfig none = tls(TlsTermination.edge, "t", InsecurePolicy.None);
        TlsConfig reencrypt = tls(TlsTermination.reencrypt, "t", InsecurePolicy.Redirect);
        TlsConfig passthrough = tls(TlsTermination.passthrough, null, null);
        return Stream.of(
                new Scenario("plain HTTP needs no annotation", null, ONE, NGINX, Map.of(), true, List.of()),
                new Scenario("plain HTTP on an unknown controller", null, ONE, OTHER, Map.of(), true, List.of()),
                new Scenario("nginx redirect", redirect, ONE, NGINX,
                        Map.of("nginx.ingress.kubernetes.io/ssl-redirect", "true"), true, List.of()),
                new Scenario("nginx allow", allow, ONE, NGINX,
                        Map.of("nginx.ingress.kubernetes.io/ssl-redirect", "false"), true, List.of()),
                new Scenario("nginx can't refuse plain HTTP", none, ONE, NGINX, null, false,
                        List.of(RouteConditions.REASON_INSECURE_POLICY_NOT_SUPPORTED)),
                new Scenario("nginx reencrypt speaks HTTPS to the backend", reencrypt, ONE, NGINX,
                        Map.of("nginx.ingress.kubernetes.io/backend-protocol", "HTTPS",
                                "nginx.ingress.kubernetes.io/ssl-redirect", "true"), true, List.of()),
                new Scenario("traefik none keeps the router off plain HTTP", none, ONE, TRAEFIK,
                        Map.of("traefik.ingress.kubernetes.io/router.entrypoints", "websecure",
                                "traefik.ingress.kubernetes.io/router.tls", "true"), true, List.of()),
                new Scenario("traefik redirect leaves plain HTTP to the web entrypoint's redirection", redirect, ONE,
                        TRAEFIK, Map.of("traefik.ingress.kubernetes.io/router.entrypoints", "websecure",
                                "traefik.ingress.kubernetes.io/router.tls", "true"), true, List.of()),
                new Scenario("traefik allow serves every entrypoint", allow, ONE, TRAEFIK, Map.of(), true, List.of()),
                new Scenario("traefik can't reencrypt from the Ingress", reencrypt, ONE, TRAEFIK, null, false,
                        List.of(RouteConditions.REASON_REENCRYPT_NOT_SUPPORTED)),
                new Scenario("an unknown controller serves TLS but says the insecure policy is its own", redirect, ONE,
                        OTHER, Map.of(), true, List.of(RouteConditions.REASON_INSECURE_POLICY_NOT_SUPPORTED)),
                new Scenario("passthrough has no Ingress form", passthrough, ONE, NGINX, null, false,
                        List.of(RouteConditions.REASON_PASSTHROUGH_NOT_SUPPORTED)),
                new Scenario("weights are refused", null,
                        List.of(new Backend("a", 80, 90), new Backend("b", 80, 10)), NGINX, null, false,
                        List.of(RouteConditions.REASON_WEIGHTS_NOT_SUPPORTED)),
                new Scenario("alternates with weight 0 take nothing, so one backend is fine", null,
                        List.of(new Backend("a", 80, 100), new Backend("b", 80, 0)), NGINX, Map.of(), true, List.of()),
                new Scenario("to with weight 0 is no traffic, which an Ingress can't say", null,
                        List.of(new Backend("a", 80, 0)), NGINX, null, false,
                        List.of(RouteConditions.REASON_WEIGHTS_NOT_SUPPORTED)));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void annotationsAndRefusals(Scenario s) {
        Route route = withTls(route("demo", "shop", null, null, backend("shop", 8080, null)), s.tls());

        Desired<Ingress> desired = IngressModel.desired(route, "shop.example.com", s.backends(), s.target());

        assertThat(reasons(desired)).isEqualTo(s.reasons());
        assertThat(desired.objects()).hasSize(s.written() ? 1 : 0);
        if (s.written()) {
            Ingress ingress = desired.objects().get(0);
            Map<String, String> annotations = ingress.getMetadata().getAnnotations();
            assertThat(annotations == null ? Map.of() : annotations).isEqualTo(s.annotations());
            assertThat(ingress.getSpec().getTls() == null).isEqualTo(s.tls() == null);
            assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths()).singleElement()
                    .satisfies(p -> assertThat(p.getBackend().getService().getName()).isEqualTo("a".equals(
                            s.backends().get(0).service()) ? "a" : "shop"));
        }
    }

    record ClassScenario(String name, String configured, List<IngressClass> classes, Target target) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static IngressClass ingressClass(String name, String controller, boolean isDefault, String created) {
        return new IngressClassBuilder().withNewMetadata().withName(name).withCreationTimestamp(created)
                .withAnnotations(isDefault ? Map.of(IngressModel.DEFAULT_CLASS_ANNOTATION, "true") : Map.of())
                .endMetadata().withNewSpec().withController(controller).endSpec().build();
    }

    static Stream<ClassScenario> classScenarios() {
        IngressClass nginx = ingressClass("nginx", "k8s.io/ingress-nginx", false, "2026-01-01T00:00:00Z");
        IngressClass traefik = ingressClass("traefik", "traefik.io/ingress-controller", true, "2026-01-01T00:00:00Z");
        IngressClass newerDefault = ingressClass("contour", "projectcontour.io/contour", true, "2026-02-01T00:00:00Z");
        return Stream.of(
                new ClassScenario("the configured class, with its controller", "nginx", List.of(nginx, traefik),
                        new Target("nginx", Controller.NGINX)),
                new ClassScenario("a configured class that does not exist is still named", "missing", List.of(nginx),
                        new Target("missing", Controller.OTHER)),
                new ClassScenario("else the cluster's default", null, List.of(nginx, traefik),
                        new Target("traefik", Controller.TRAEFIK)),
                new ClassScenario("of two defaults, the newest", "", List.of(traefik, newerDefault),
                        new Target("contour", Controller.OTHER)),
                new ClassScenario("else none", null, List.of(nginx), new Target(null, Controller.OTHER)));
    }

    @ParameterizedTest
    @MethodSource("classScenarios")
    void choosesTheIngressClass(ClassScenario s) {
        assertThat(IngressModel.target(s.configured(), s.classes())).isEqualTo(s.target());
    }
}
