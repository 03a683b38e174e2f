package dev.slipway.controller.route;

import dev.slipway.api.v1alpha1.Owners;
import dev.slipway.api.v1alpha1.Route;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.TreeMap;

/** What every object made for a Route carries: its labels and the owner reference back to the Route. */
public final class RouteObjects {

    /** Label naming the Route an object was made for; the reconciler watches by it. */
    public static final String ROUTE_LABEL = "slipway.dev/route";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "slipway";

    private RouteObjects() {
    }

    /** Metadata of an object named {@code name} in the route's namespace, owned by the route. */
    static ObjectMeta metadata(Route route, String name, Map<String, String> annotations) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(route.getMetadata().getNamespace())
                .withLabels(new TreeMap<>(Map.of(ROUTE_LABEL, route.getMetadata().getName(), MANAGED_BY_LABEL, MANAGED_BY)))
                .withAnnotations(annotations.isEmpty() ? null : new TreeMap<>(annotations))
                .withOwnerReferences(Owners.controllerReference(route))
                .build();
    }
}
