package dev.slipway.controller.route;

import dev.slipway.api.v1alpha1.InsecurePolicy;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.api.v1alpha1.TlsConfig;
import dev.slipway.api.v1alpha1.TlsTermination;
import dev.slipway.controller.route.Backends.Backend;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Route as one networking.k8s.io/v1 Ingress of the same name: one rule for the host with one
 * Prefix path to the route's backend, a TLS entry for edge and reencrypt termination, and the
 * annotations by which the class's controller does what the route asks of plain HTTP.
 *
 * <p>An Ingress has one backend per path, so a route that splits traffic (a weighted alternate
 * backend, or {@code to} with weight 0) is refused with WeightsNotSupported rather than sent
 * whole to one Service. Passthrough has no Ingress form and is refused too.
 */
public final class IngressModel {

    /** The ingress controllers whose annotations Slipway knows, recognised by IngressClass spec.controller. */
    public enum Controller {
        NGINX("k8s.io/ingress-nginx"),
        TRAEFIK("traefik.io/ingress-controller"),
        OTHER(null);

        private final String name;

        Controller(String name) {
            this.name = name;
        }

        static Controller of(String controller) {
            for (Controller c : values()) {
                if (c.name != null && c.name.equals(controller)) {
                    return c;
                }
            }
            return OTHER;
        }
    }

    /** Which class the Ingress names (null: none, left to the cluster) and whose controller serves it. */
    public record Target(String className, Controller controller) {
    }

    static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";
    static final String NGINX = "nginx.ingress.kubernetes.io/";
    static final String TRAEFIK = "traefik.ingress.kubernetes.io/";

    private IngressModel() {
    }

    /**
     * The class the installation configures, else the cluster's default IngressClass (the newest, when
     * more than one claims to be, as Kubernetes' admission picks), else none.
     */
    public static Target target(String configuredClass, List<IngressClass> classes) {
        if (configuredClass != null && !configuredClass.isBlank()) {
            return classes.stream().filter(c -> configuredClass.equals(c.getMetadata().getName())).findFirst()
                    .map(c -> new Target(configuredClass, Controller.of(c.getSpec().getController())))
                    .orElse(new Target(configuredClass, Controller.OTHER));
        }
        return classes.stream()
                .filter(c -> c.getMetadata().getAnnotations() != null
                        && "true".equals(c.getMetadata().getAnnotations().get(DEFAULT_CLASS_ANNOTATION)))
                .max(Comparator.comparing((IngressClass c) -> Objects.toString(c.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(c -> c.getMetadata().getName()))
                .map(c -> new Target(c.getMetadata().getName(), Controller.of(c.getSpec().getController())))
                .orElse(new Target(null, Controller.OTHER));
    }

    /** The Ingress for {@code route} serving {@code host}, or why there is none. */
    public static Desired<Ingress> desired(Route route, String host, List<Backend> backends, Target target) {
        List<Problem> problems = new ArrayList<>();
        Backend backend = single(backends, problems);
        TlsConfig tls = route.getSpec().getTls();
        Map<String, String> annotations = tls == null ? Map.of() : tlsAnnotations(tls, target, problems);
        if (backend == null || problems.stream().anyMatch(p -> !p.publish())) {
            return Desired.of(List.of(), problems);
        }
        List<IngressTLS> tlsEntries = tls == null ? List.of()
                : List.of(new IngressTLSBuilder().withHosts(host).withSecretName(tls.getSecretName()).build());
        Ingress ingress = new IngressBuilder()
                .withMetadata(RouteObjects.metadata(route, route.getMetadata().getName(), annotations))
                .withNewSpec()
                .withIngressClassName(target.className())
                .addNewRule()
                .withHost(host)
                .withNewHttp()
                .addNewPath()
                .withPath(RouteHost.path(route))
                .withPathType("Prefix")
                .withNewBackend()
                .withNewService()
                .withName(backend.service())
                .withNewPort().withNumber(backend.port()).endPort()
                .endService()
                .endBackend()
                .endPath()
                .endHttp()
                .endRule()
                .withTls(tlsEntries.isEmpty() ? null : tlsEntries)
                .endSpec()
                .build();
        return Desired.of(List.of(ingress), problems);
    }

    /** The one backend that gets traffic; an Ingress can't share a path between Services. */
    private static Backend single(List<Backend> backends, List<Problem> problems) {
        Backend to = backends.get(0);
        boolean split = backends.stream().skip(1).anyMatch(b -> b.weight() > 0);
        if (split || to.weight() == 0) {
            problems.add(Problem.blocking(RouteConditions.REASON_WEIGHTS_NOT_SUPPORTED, split
                    ? "An Ingress sends a path to one Service, so it can't split traffic between " + names(backends)
                            + " by weight; use the Gateway API backend, or give the alternate backends weight 0."
                    : "to.weight 0 asks for no traffic to " + to.service() + ", which an Ingress can't express;"
                            + " use the Gateway API backend."));
            return null;
        }
        return to;
    }

    private static String names(List<Backend> backends) {
        return String.join(", ", backends.stream().filter(b -> b.weight() > 0).map(Backend::service).toList());
    }

    /**
     * Annotations for the class's controller: ingress-nginx redirects with ssl-redirect and re-encrypts
     * with backend-protocol; Traefik keeps a router off its plain web entrypoint with
     * router.entrypoints and makes it TLS with router.tls.
     */
    private static Map<String, String> tlsAnnotations(TlsConfig tls, Target target, List<Problem> problems) {
        Map<String, String> a = new LinkedHashMap<>();
        TlsTermination termination = tls.getTermination();
        InsecurePolicy insecure = tls.insecureOrDefault();
        if (termination == TlsTermination.passthrough) {
            problems.add(Problem.blocking(RouteConditions.REASON_PASSTHROUGH_NOT_SUPPORTED,
                    "An Ingress terminates TLS itself, so it can't pass TLS through to the app; passthrough needs"
                            + " the Gateway API backend with TLSRoute."));
            return a;
        }
        String className = target.className() == null ? "no ingress class" : "ingress class " + target.className();
        switch (target.controller()) {
            case NGINX -> {
                if (termination == TlsTermination.reencrypt) {
                    a.put(NGINX + "backend-protocol", "HTTPS");
                }
                switch (insecure) {
                    case Redirect -> a.put(NGINX + "ssl-redirect", "true");
                    case Allow -> a.put(NGINX + "ssl-redirect", "false");
                    case None -> problems.add(Problem.blocking(RouteConditions.REASON_INSECURE_POLICY_NOT_SUPPORTED,
                            "ingress-nginx (" + className + ") can't refuse plain HTTP for one Ingress, so insecure:"
                                    + " None is not carried out; use Redirect or Allow, or the Gateway API backend."));
                }
            }
            case TRAEFIK -> {
                if (termination == TlsTermination.reencrypt) {
                    problems.add(Problem.blocking(RouteConditions.REASON_REENCRYPT_NOT_SUPPORTED,
                            "Traefik (" + className + ") takes the backend protocol from the Service, not the"
                                    + " Ingress, so reencrypt is not carried out."));
                }
                // Traefik redirects HTTP with its web entrypoint's redirection (or a Middleware); an Ingress
                // can only keep its router off plain HTTP, which together with that redirection is Redirect.
                if (insecure != InsecurePolicy.Allow) {
                    a.put(TRAEFIK + "router.entrypoints", "websecure");
                    a.put(TRAEFIK + "router.tls", "true");
                }
            }
            case OTHER -> {
                if (termination == TlsTermination.reencrypt) {
                    problems.add(Problem.blocking(RouteConditions.REASON_REENCRYPT_NOT_SUPPORTED,
                            "The controller of " + className + " is neither ingress-nginx nor Traefik, so Slipway"
                                    + " knows no way to make it re-encrypt to the backend."));
                }
                problems.add(Problem.pending(RouteConditions.REASON_INSECURE_POLICY_NOT_SUPPORTED,
                        "The controller of " + className + " is neither ingress-nginx nor Traefik, so Slipway knows"
                                + " no annotation for insecure: " + insecure + "; the Ingress serves TLS and plain"
                                + " HTTP follows the controller's defaults."));
            }
        }
        return a;
    }
}
