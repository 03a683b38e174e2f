package dev.slipway.controller.route;

import dev.slipway.api.v1alpha1.RouteBackend;
import dev.slipway.api.v1alpha1.RouteSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A route's backends with every port known: {@code to} first, then the alternate backends. A
 * backend without a port takes its Service's only port, as the spec promises; Ingress and
 * HTTPRoute both need the number.
 */
public final class Backends {

    /** One Service receiving {@code weight} shares of the traffic on {@code port}. */
    public record Backend(String service, int port, int weight) {
    }

    /** The backends, or why their ports can't be known. */
    public record Resolved(List<Backend> backends, Problem problem) {
    }

    private Backends() {
    }

    /** The services the route names whose port it leaves to the Service. */
    public static List<String> servicesWithoutPort(RouteSpec spec) {
        return all(spec).stream().filter(b -> b.getPort() == null).map(RouteBackend::getService).distinct().toList();
    }

    /**
     * The backends of {@code spec}, with the ports of the named {@code services} (only those from
     * {@link #servicesWithoutPort} are needed; a missing one is a Service not made yet).
     */
    public static Resolved resolve(RouteSpec spec, Map<String, Service> services) {
        List<Backend> backends = new ArrayList<>();
        for (RouteBackend b : all(spec)) {
            int weight = b.weightOrDefault();
            if (b.getPort() != null) {
                backends.add(new Backend(b.getService(), b.getPort(), weight));
                continue;
            }
            Service service = services.get(b.getService());
            if (service == null) {
                return new Resolved(List.of(), Problem.blocking(RouteConditions.REASON_SERVICE_NOT_FOUND,
                        "Service " + b.getService() + " does not exist, so the port of that backend is unknown;"
                                + " create the Service or set the backend's port."));
            }
            List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null
                    ? List.of() : service.getSpec().getPorts();
            if (ports.size() != 1) {
                return new Resolved(List.of(), Problem.blocking(RouteConditions.REASON_SERVICE_PORT_AMBIGUOUS,
                        "Service " + b.getService() + " has " + ports.size() + " ports; set the backend's port."));
            }
            backends.add(new Backend(b.getService(), ports.get(0).getPort(), weight));
        }
        return new Resolved(backends, null);
    }

    private static List<RouteBackend> all(RouteSpec spec) {
        List<RouteBackend> all = new ArrayList<>();
        all.add(spec.getTo());
        if (spec.getAlternateBackends() != null) {
            all.addAll(spec.getAlternateBackends());
        }
        return all;
    }
}
