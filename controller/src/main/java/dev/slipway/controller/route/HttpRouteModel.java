package dev.slipway.controller.route;

import dev.slipway.api.v1alpha1.InsecurePolicy;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.api.v1alpha1.TlsConfig;
import dev.slipway.api.v1alpha1.TlsTermination;
import dev.slipway.controller.route.Backends.Backend;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilterBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Route as Gateway API HTTPRoutes attached to the installation's Gateway: one HTTPRoute of the
 * route's name with the host, a PathPrefix match and every backend with its weight, so blue-green
 * and A/B splits are carried out as written.
 *
 * <p>TLS ends at the Gateway's HTTPS listeners with the Gateway's certificates (an HTTPRoute can't
 * carry one). insecure: Allow attaches to every listener; None attaches to the HTTPS listeners
 * only; Redirect does that and adds {@code <route>-redirect}, attached to the plain HTTP listeners,
 * whose RequestRedirect filter sends clients to https. Passthrough is {@link TlsRouteModel}'s when
 * the cluster has TLSRoute, refused here otherwise; reencrypt needs a BackendTLSPolicy, which
 * Slipway does not make, and is refused with a condition.
 */
public final class HttpRouteModel {

    public static final String GATEWAY_GROUP = "gateway.networking.k8s.io";
    public static final String REDIRECT_SUFFIX = "-redirect";

    /** The Gateway of the installation, from its {@code namespace/name} setting. */
    public record GatewayRef(String namespace, String name) {

        /** The reference, or null when the setting is missing or not of the form namespace/name. */
        public static GatewayRef parse(String setting) {
            if (setting == null) {
                return null;
            }
            String[] parts = setting.strip().split("/");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                return null;
            }
            return new GatewayRef(parts[0], parts[1]);
        }

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    /**
     * One listener of the Gateway: its section name, protocol (HTTP, HTTPS, TLS, ...), hostname (null:
     * any) and TLS mode (Terminate, Passthrough; null when it has no TLS).
     */
    public record Listener(String name, String protocol, String hostname, String tlsMode) {

        public Listener(String name, String protocol, String hostname) {
            this(name, protocol, hostname, null);
        }

        boolean serves(String host) {
            if (hostname == null || hostname.isBlank() || hostname.equals(host)) {
                return true;
            }
            return hostname.startsWith("*.") && host.endsWith(hostname.substring(1))
                    && host.length() > hostname.length() - 1;
        }
    }

    /** The Gateway as read: its listeners, or null listeners when it does not exist. */
    public record Gateway(GatewayRef ref, List<Listener> listeners) {

        List<String> sections(String protocol, String host) {
            return listeners.stream().filter(l -> protocol.equals(l.protocol()) && l.serves(host))
                    .map(Listener::name).toList();
        }

        /** The TLS listeners for {@code host} that pass TLS through to the backend. */
        List<String> passthroughSections(String host) {
            return listeners.stream().filter(l -> "TLS".equals(l.protocol()) && "Passthrough".equals(l.tlsMode())
                    && l.serves(host)).map(Listener::name).toList();
        }
    }

    private HttpRouteModel() {
    }

    /** The HTTPRoutes for {@code route} serving {@code host} on {@code gateway}, or why there are none. */
    public static Desired<HTTPRoute> desired(Route route, String host, List<Backend> backends, Gateway gateway) {
        TlsConfig tls = route.getSpec().getTls();
        if (tls != null && tls.getTermination() == TlsTermination.passthrough) {
            return Desired.refused(Problem.blocking(RouteConditions.REASON_PASSTHROUGH_NOT_SUPPORTED,
                    "Passthrough needs the Gateway API TLSRoute (experimental channel), which this cluster does not"
                            + " have; nothing is published."));
        }
        if (tls != null && tls.getTermination() == TlsTermination.reencrypt) {
            return Desired.refused(Problem.blocking(RouteConditions.REASON_REENCRYPT_NOT_SUPPORTED,
                    "Reencrypt needs a Gateway API BackendTLSPolicy, which Slipway does not make; nothing is"
                            + " published."));
        }
        InsecurePolicy insecure = tls == null ? InsecurePolicy.Allow : tls.insecureOrDefault();
        if (insecure == InsecurePolicy.Allow) {
            List<Problem> problems = gateway.listeners() == null ? List.of(gatewayNotFound(gateway, true)) : List.of();
            return Desired.of(List.of(serving(route, host, backends, parents(gateway, List.of()))), problems);
        }
        if (gateway.listeners() == null) {
            return Desired.refused(gatewayNotFound(gateway, false));
        }
        List<String> https = gateway.sections("HTTPS", host);
        if (https.isEmpty()) {
            return Desired.refused(Problem.blocking(RouteConditions.REASON_NO_HTTPS_LISTENER, "Gateway " + gateway.ref()
                    + " has no HTTPS listener for " + host + ", so TLS can't be served; add one with its certificate."));
        }
        List<HTTPRoute> routes = new ArrayList<>();
        routes.add(serving(route, host, backends, parents(gateway, https)));
        List<String> http = gateway.sections("HTTP", host);
        if (insecure == InsecurePolicy.Redirect && !http.isEmpty()) {
            routes.add(redirecting(route, host, parents(gateway, http)));
        }
        return Desired.of(routes, List.of());
    }

    static Problem gatewayNotFound(Gateway gateway, boolean publish) {
        String message = "Gateway " + gateway.ref() + " does not exist" + (publish
                ? "; the HTTPRoute is written and attaches when it appears."
                : ", so its HTTP and HTTPS listeners are unknown; nothing is published until it exists.");
        return new Problem(RouteConditions.REASON_GATEWAY_NOT_FOUND, message, publish);
    }

    private static HTTPRoute serving(Route route, String host, List<Backend> backends, List<ParentReference> parents) {
        List<HTTPBackendRef> refs = backends.stream().map(b -> new HTTPBackendRefBuilder()
                .withGroup("").withKind("Service").withName(b.service()).withPort(b.port()).withWeight(b.weight())
                .build()).toList();
        return new HTTPRouteBuilder()
                .withMetadata(RouteObjects.metadata(route, route.getMetadata().getName(), Map.of()))
                .withNewSpec()
                .withParentRefs(parents)
                .withHostnames(host)
                .addNewRule().withMatches(pathMatch(route)).withBackendRefs(refs).endRule()
                .endSpec()
                .build();
    }

    /** {@code <route>-redirect}: plain HTTP requests for the host and path are sent to https. */
    static HTTPRoute redirecting(Route route, String host, List<ParentReference> parents) {
        HTTPRouteFilter redirect = new HTTPRouteFilterBuilder()
                .withType("RequestRedirect")
                .withNewRequestRedirect().withScheme("https").withStatusCode(301).endRequestRedirect()
                .build();
        return new HTTPRouteBuilder()
                .withMetadata(RouteObjects.metadata(route, route.getMetadata().getName() + REDIRECT_SUFFIX, Map.of()))
                .withNewSpec()
                .withParentRefs(parents)
                .withHostnames(host)
                .addNewRule().withMatches(pathMatch(route)).withFilters(redirect).endRule()
                .endSpec()
                .build();
    }

    private static HTTPRouteMatch pathMatch(Route route) {
        return new HTTPRouteMatchBuilder().withNewPath().withType("PathPrefix").withValue(RouteHost.path(route))
                .endPath().build();
    }

    /** One parent reference per section, or one to the whole Gateway when no sections are given. */
    static List<ParentReference> parents(Gateway gateway, List<String> sections) {
        if (sections.isEmpty()) {
            return List.of(parent(gateway.ref(), null));
        }
        return sections.stream().map(s -> parent(gateway.ref(), s)).toList();
    }

    private static ParentReference parent(GatewayRef ref, String section) {
        return new ParentReferenceBuilder().withGroup(GATEWAY_GROUP).withKind("Gateway")
                .withNamespace(ref.namespace()).withName(ref.name()).withSectionName(section).build();
    }
}
