package dev.slipway.controller.route;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppRoute;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Owners;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.api.v1alpha1.RouteBackend;
import dev.slipway.api.v1alpha1.RouteSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Routes an App's {@code spec.routes} become, and the URL the App shows from them. The App
 * reconciler applies the Routes and writes the URL; the Route reconciler carries them out.
 *
 * <p>The first route is named after the App, the next ones {@code <app>-1}, {@code <app>-2}, ...;
 * each sends its traffic to the App's Service on port 80 (named http), and is owned by the App so
 * that deleting the App deletes them. A route without a host gets the App's generated host
 * {@code <app>-<namespace>.<apps domain>}, the same for every route of the App, so several
 * routes of one App share it on different paths.
 */
public final class AppRoutes {

    /** The port of the App's Service that routes send traffic to. */
    public static final int SERVICE_PORT = 80;

    private AppRoutes() {
    }

    /** The Routes of {@code app}, in the order of its spec.routes; none when it lists none. */
    public static List<Route> desired(App app, String appsDomain) {
        List<AppRoute> routes = app.getSpec() == null || app.getSpec().getRoutes() == null ? List.of()
                : app.getSpec().getRoutes();
        String appName = app.getMetadata().getName();
        List<Route> desired = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            AppRoute appRoute = routes.get(i);
            RouteBackend to = new RouteBackend();
            to.setService(appName);
            to.setPort(SERVICE_PORT);
            RouteSpec spec = new RouteSpec();
            spec.setHost(appRoute.getHost() != null ? appRoute.getHost()
                    : RouteHost.generated(appName, app.getMetadata().getNamespace(), appsDomain));
            spec.setPath(appRoute.getPath());
            spec.setTo(to);
            spec.setTls(appRoute.getTls());
            Route route = new Route();
            route.setMetadata(new ObjectMetaBuilder()
                    .withName(routeName(appName, i))
                    .withNamespace(app.getMetadata().getNamespace())
                    .withLabels(Map.of(Labels.APP, appName, RouteObjects.MANAGED_BY_LABEL, RouteObjects.MANAGED_BY))
                    .withOwnerReferences(Owners.controllerReference(app))
                    .build());
            route.setSpec(spec);
            desired.add(route);
        }
        return desired;
    }

    /** {@code <app>} for the first route, {@code <app>-<index>} for the next ones. */
    public static String routeName(String app, int index) {
        return index == 0 ? app : app + "-" + index;
    }

    /**
     * The URL of the first admitted Route of {@code app} among {@code routes} (others are ignored):
     * https when it has TLS, its admitted host and path. Empty while none is admitted.
     */
    public static Optional<String> url(App app, List<Route> routes) {
        String appName = app.getMetadata().getName();
        return routes.stream()
                .filter(r -> isOwnedBy(r, app) && indexOf(appName, r.getMetadata().getName()) >= 0)
                .filter(r -> r.getStatus() != null && Boolean.TRUE.equals(r.getStatus().getAdmitted())
                        && r.getStatus().getHost() != null)
                .min(Comparator.comparingInt(r -> indexOf(appName, r.getMetadata().getName())))
                .map(r -> (r.getSpec().getTls() != null ? "https://" : "http://") + r.getStatus().getHost()
                        + RouteHost.path(r));
    }

    /**
     * Why {@code existing}, a Route of the name one of {@code app}'s routes would take, is not the
     * App's to apply: another App's, or made by someone else. Empty when there is none or it is this
     * App's.
     */
    public static Optional<String> takenBy(Route existing, App app) {
        if (existing == null) {
            return Optional.empty();
        }
        Optional<OwnerReference> controller = Optional.ofNullable(existing.getMetadata().getOwnerReferences())
                .orElse(List.of()).stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
        if (controller.isPresent() && app.getMetadata().getUid() != null
                && app.getMetadata().getUid().equals(controller.get().getUid())) {
            return Optional.empty();
        }
        return Optional.of(controller.map(o -> "belongs to " + o.getKind() + " " + o.getName())
                .orElse("exists and was not made by this App"));
    }

    private static boolean isOwnedBy(Route route, App app) {
        return route.getMetadata().getOwnerReferences() != null && route.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> o.getUid() != null && o.getUid().equals(app.getMetadata().getUid()));
    }

    /** The position a route name stands for, or -1 when it is not one of the App's route names. */
    private static int indexOf(String app, String routeName) {
        if (routeName.equals(app)) {
            return 0;
        }
        String suffix = routeName.startsWith(app + "-") ? routeName.substring(app.length() + 1) : "";
        return suffix.matches("[1-9][0-9]{0,3}") ? Integer.parseInt(suffix) : -1;
    }
}
