package dev.slipway.controller.route;

import dev.slipway.api.v1alpha1.InsecurePolicy;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.controller.route.Backends.Backend;
import dev.slipway.controller.route.HttpRouteModel.Gateway;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TLSRouteBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A passthrough Route as a Gateway API TLSRoute (v1alpha2, experimental channel): the Gateway's
 * TLS listeners in Passthrough mode pick the route by SNI host and hand the encrypted stream to
 * the backends, by weight. TLS is the app's, so there is no path (the request is never read) and
 * no plain HTTP to allow; insecure: Redirect adds the same {@code <route>-redirect} HTTPRoute as
 * edge routes on the plain HTTP listeners.
 */
public final class TlsRouteModel {

    private TlsRouteModel() {
    }

    /** The TLSRoute (and redirect HTTPRoute) of a passthrough {@code route} serving {@code host}, or why there are none. */
    public static Desired<HasMetadata> desired(Route route, String host, List<Backend> backends, Gateway gateway) {
        if (!"/".equals(RouteHost.path(route))) {
            return Desired.refused(Problem.blocking(RouteConditions.REASON_PASSTHROUGH_NOT_SUPPORTED,
                    "A passthrough route is chosen by host alone, as the Gateway never reads the encrypted request;"
                            + " remove spec.path " + RouteHost.path(route) + "."));
        }
        InsecurePolicy insecure = route.getSpec().getTls().insecureOrDefault();
        if (insecure == InsecurePolicy.Allow) {
            return Desired.refused(Problem.blocking(RouteConditions.REASON_INSECURE_POLICY_NOT_SUPPORTED,
                    "A passthrough route can't serve plain HTTP: the app's TLS is the only way in; use insecure"
                            + " Redirect or None."));
        }
        if (gateway.listeners() == null) {
            return Desired.refused(HttpRouteModel.gatewayNotFound(gateway, false));
        }
        List<String> passthrough = gateway.passthroughSections(host);
        if (passthrough.isEmpty()) {
            return Desired.refused(Problem.blocking(RouteConditions.REASON_NO_PASSTHROUGH_LISTENER, "Gateway "
                    + gateway.ref() + " has no TLS listener in Passthrough mode for " + host + "; add one."));
        }
        List<BackendRef> refs = backends.stream().map(b -> new BackendRefBuilder().withGroup("").withKind("Service")
                .withName(b.service()).withPort(b.port()).withWeight(b.weight()).build()).toList();
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(new TLSRouteBuilder()
                .withMetadata(RouteObjects.metadata(route, route.getMetadata().getName(), Map.of()))
                .withNewSpec()
                .withParentRefs(HttpRouteModel.parents(gateway, passthrough))
                .withHostnames(host)
                .addNewRule().withBackendRefs(refs).endRule()
                .endSpec()
                .build());
        List<String> http = gateway.sections("HTTP", host);
        if (insecure == InsecurePolicy.Redirect && !http.isEmpty()) {
            objects.add(HttpRouteModel.redirecting(route, host, HttpRouteModel.parents(gateway, http)));
        }
        return Desired.of(objects, List.of());
    }
}
