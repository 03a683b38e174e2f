package dev.slipway.controller.route;

import dev.slipway.api.v1alpha1.Route;

/**
 * The host and path a Route serves. A route without {@code spec.host} gets
 * {@code <route>-<namespace>.<apps domain>}, as OpenShift names generated hosts.
 */
public final class RouteHost {

    /** The longest DNS label; a generated first label past it is refused rather than cut. */
    static final int MAX_LABEL = 63;

    private RouteHost() {
    }

    /** spec.host, or the generated one; null when there is neither a host nor an apps domain. */
    public static String of(Route route, String appsDomain) {
        String host = route.getSpec() == null ? null : route.getSpec().getHost();
        if (host != null && !host.isBlank()) {
            return host;
        }
        return generated(route.getMetadata().getName(), route.getMetadata().getNamespace(), appsDomain);
    }

    /** {@code <name>-<namespace>.<appsDomain>}, or null without an apps domain. */
    public static String generated(String name, String namespace, String appsDomain) {
        if (appsDomain == null || appsDomain.isBlank()) {
            return null;
        }
        return name + "-" + namespace + "." + appsDomain;
    }

    /** spec.path, defaulting to {@code /}. */
    public static String path(Route route) {
        String path = route.getSpec() == null ? null : route.getSpec().getPath();
        return path == null || path.isBlank() ? "/" : path;
    }

    /**
     * Why the host can't be served, or null when it can: a generated host whose first label grew past
     * 63 characters (a long route or namespace name), or no host at all.
     */
    public static Problem check(Route route, String host) {
        if (host == null) {
            return Problem.blocking(RouteConditions.REASON_INVALID_HOST,
                    "spec.host is empty and the installation has no apps domain to generate one.");
        }
        String firstLabel = host.split("\\.", 2)[0];
        if (firstLabel.length() > MAX_LABEL) {
            return Problem.blocking(RouteConditions.REASON_INVALID_HOST, "The generated host " + host
                    + " has a first label of " + firstLabel.length() + " characters, more than DNS allows ("
                    + MAX_LABEL + "); set spec.host.");
        }
        return null;
    }
}
