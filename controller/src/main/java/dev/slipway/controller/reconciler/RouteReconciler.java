package dev.slipway.controller.reconciler;

import static dev.slipway.api.v1alpha1.ConditionTypes.ADMITTED;
import static dev.slipway.api.v1alpha1.ConditionTypes.READY;

import dev.slipway.api.v1alpha1.Condition;
import dev.slipway.api.v1alpha1.ConditionStatus;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.api.v1alpha1.RouteStatus;
import dev.slipway.api.v1alpha1.TlsConfig;
import dev.slipway.api.v1alpha1.TlsTermination;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.kube.ClusterWriter;
import dev.slipway.controller.kube.EventRecorder;
import dev.slipway.controller.route.Backends;
import dev.slipway.controller.route.Desired;
import dev.slipway.controller.route.HostClaims.Claim;
import dev.slipway.controller.route.HostClaims.Decision;
import dev.slipway.controller.route.HostClaims;
import dev.slipway.controller.route.HttpRouteModel.GatewayRef;
import dev.slipway.controller.route.HttpRouteModel.Listener;
import dev.slipway.controller.route.HttpRouteModel;
import dev.slipway.controller.route.IngressModel;
import dev.slipway.controller.route.Problem;
import dev.slipway.controller.route.RouteConditions;
import dev.slipway.controller.route.RouteHost;
import dev.slipway.controller.route.RouteObjects;
import dev.slipway.controller.route.TlsRouteModel;
import dev.slipway.controller.route.TlsSecrets;
import dev.slipway.controller.status.ConditionValue;
import dev.slipway.controller.status.Conditions;
import dev.slipway.controller.status.StatusPatch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TLSRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Carries out Routes: decides whether a route holds its host, writes the Ingress or Gateway API
 * HTTPRoutes that serve it (through the one {@link ClusterWriter}, owned by the Route so they go
 * with it), deletes them when the route loses its host or can't be carried out, and reports
 * Admitted and Ready.
 *
 * <p>Who holds a host depends on every route claiming it, so a change to one route (made, deleted,
 * host or path edited) wakes every other route of the old and the new host: a second informer on
 * Routes, indexed by host, maps each event to them. Their claims are read from that same informer,
 * whose cache already reflects the event that woke them.
 *
 * <p>A pass reads from informers only: Ingresses, Services, IngressClasses and, with the Gateway
 * API, Gateways, HTTPRoutes and TLSRoutes. Ingresses and HTTPRoutes are watched without a label
 * selector, so one of a route's names made by somebody else is seen and left alone. The one live
 * read is a route's TLS Secret: watching Secrets would cache every Secret of the watched
 * namespaces to notice the few that routes name.
 */
@ControllerConfiguration(name = "route", fieldManager = ClusterWriter.FIELD_MANAGER)
public class RouteReconciler implements Reconciler<Route> {

    private static final String HOST_INDEX = "host";
    private static final String SERVICE_INDEX = "service";
    /**
     * Objects published for routes by the uid of the Route that owns them: a pass finds its own
     * among thousands without reading them all, which made each pass cost in proportion to the
     * number of routes in the namespace.
     */
    private static final String OWNER_INDEX = "owner";
    /** How soon a route waiting for something outside it (a Secret, a Gateway) looks again. */
    static final Duration WAIT_RECHECK = Duration.ofSeconds(10);
    /** A safety net for a route that does not hold its host, besides the events of the routes that do. */
    static final Duration CLAIM_RECHECK = Duration.ofMinutes(2);

    private static final RefusedWrites.Kind<RouteStatus, Route> REFUSED = new RefusedWrites.Kind<>(RouteStatus.class,
            Route::new, RouteStatus::getConditions, RouteStatus::setConditions, READY, false,
            RouteStatus::setObservedGeneration);

    private final ControllerSettings settings;
    private final EventRecorder events;
    private InformerEventSource<Route, Route> peers;
    private InformerEventSource<Ingress, Route> ingresses;
    private InformerEventSource<Service, Route> services;
    private InformerEventSource<IngressClass, Route> ingressClasses;
    private InformerEventSource<Gateway, Route> gateways;
    private InformerEventSource<HTTPRoute, Route> httpRoutes;
    private InformerEventSource<TLSRoute, Route> tlsRoutes;

    public RouteReconciler(ControllerSettings settings, EventRecorder events) {
        this.settings = settings;
        this.events = events;
    }

    @Override
    public ErrorStatusUpdateControl<Route> updateErrorStatus(Route route, Context<Route> context, Exception e) {
        return RefusedWrites.tell(route, context, e, REFUSED, events);
    }

    @Override
    public List<EventSource<?, Route>> prepareEventSources(EventSourceContext<Route> context) {
        peers = new InformerEventSource<>(InformerEventSourceConfiguration.from(Route.class, Route.class)
                .withName("routes-of-host")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(this::routesSharingHost)
                // Claims change with the spec (host, path) or with a route's coming and going; status
                // writes of the routes themselves need not wake anyone.
                .withOnUpdateFilter((newRoute, oldRoute) -> !Objects.equals(newRoute.getMetadata().getGeneration(),
                        oldRoute.getMetadata().getGeneration()))
                .build(), context);
        peers.addIndexers(Map.of(HOST_INDEX, route -> hostsOf(route).toList(),
                SERVICE_INDEX, route -> Backends.servicesWithoutPort(route.getSpec()).stream()
                        .map(service -> route.getMetadata().getNamespace() + "/" + service).toList()));
        ingresses = objectsNamedLikeRoutes(Ingress.class, "ingresses", context);
        // A Service matters to the routes that take their port from it: a new one ends their wait.
        services = new InformerEventSource<>(InformerEventSourceConfiguration.from(Service.class, Route.class)
                .withName("route-services")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(s -> peers.byIndex(SERVICE_INDEX, s.getMetadata().getNamespace() + "/"
                        + s.getMetadata().getName()).stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build(), context);
        List<EventSource<?, Route>> sources = new ArrayList<>(List.of(peers, ingresses, services));
        if (!gatewayBackend()) {
            ingressClasses = new InformerEventSource<>(InformerEventSourceConfiguration.from(IngressClass.class, Route.class)
                    .withName("ingress-classes")
                    .withNamespaces(Set.of(Constants.WATCH_ALL_NAMESPACES))
                    .withSecondaryToPrimaryMapper(c -> Set.of())
                    .build(), context);
            sources.add(ingressClasses);
            return sources;
        }
        // The Gateway API's kinds need their CRDs to be watched: without them at start, a route says
        // so until the controller restarts after they are installed.
        GatewayRef ref = GatewayRef.parse(settings.gateway());
        KubernetesClient client = context.getClient();
        if (ref != null && client.supports(Gateway.class)) {
            gateways = new InformerEventSource<>(InformerEventSourceConfiguration.from(Gateway.class, Route.class)
                    .withName("gateways")
                    .withNamespaces(Set.of(ref.namespace()))
                    .withSecondaryToPrimaryMapper(g -> Set.of())
                    .build(), context);
            sources.add(gateways);
        }
        if (client.supports(HTTPRoute.class)) {
            httpRoutes = objectsNamedLikeRoutes(HTTPRoute.class, "httproutes", context);
            sources.add(httpRoutes);
        }
        if (client.supports(TLSRoute.class)) {
            tlsRoutes = objectsNamedLikeRoutes(TLSRoute.class, "tlsroutes", context);
            sources.add(tlsRoutes);
        }
        return sources;
    }

    /**
     * Objects of a kind Slipway writes for routes, all of them in the watched namespaces: an edit of
     * a route's own object (owned by it) puts it back, and one of the same name as a route, owned or
     * not, wakes that route (one in its way may just have gone).
     */
    private static <T extends HasMetadata> InformerEventSource<T, Route> objectsNamedLikeRoutes(Class<T> kind,
            String name, EventSourceContext<Route> context) {
        InformerEventSource<T, Route> objects = new InformerEventSource<>(InformerEventSourceConfiguration.from(kind,
                Route.class)
                .withName(name)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(o -> {
                    Set<ResourceID> routes = new HashSet<>();
                    routes.add(new ResourceID(o.getMetadata().getName(), o.getMetadata().getNamespace()));
                    routeOwners(o).forEach(r -> routes.add(new ResourceID(r.getName(),
                            o.getMetadata().getNamespace())));
                    return routes;
                })
                .build(), context);
        objects.addIndexers(Map.of(OWNER_INDEX, o -> routeOwners(o).map(OwnerReference::getUid).toList()));
        return objects;
    }

    /** The references to the Routes that own {@code object}. */
    private static Stream<OwnerReference> routeOwners(HasMetadata object) {
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
        return owners == null ? Stream.empty() : owners.stream().filter(r -> "Route".equals(r.getKind()));
    }

    private boolean gatewayBackend() {
        return "gateway".equalsIgnoreCase(settings.routeBackend());
    }

    @Override
    public UpdateControl<Route> reconcile(Route route, Context<Route> context) {
        KubernetesClient client = context.getClient();
        ClusterWriter writer = new ClusterWriter(client);
        String host = RouteHost.of(route, settings.appsDomain());

        Problem invalidHost = RouteHost.check(route, host);
        if (invalidHost != null) {
            publish(writer, route, List.of());
            return status(route, host, false, List.of(
                    new ConditionValue(ADMITTED, false, invalidHost.reason(), invalidHost.message()),
                    notReadyUnlessAdmitted()), null, client);
        }

        Claim claim = Claim.of(route, host);
        Decision decision = HostClaims.decide(claim, claimants(route, host));
        ConditionValue admitted = new ConditionValue(ADMITTED, decision.admitted(),
                decision.admitted() ? RouteConditions.REASON_ADMITTED : RouteConditions.REASON_HOST_ALREADY_CLAIMED,
                decision.message(claim));
        if (!decision.admitted()) {
            publish(writer, route, List.of());
            return status(route, host, false, List.of(admitted, notReadyUnlessAdmitted()), CLAIM_RECHECK, client);
        }

        Published published = gatewayBackend()
                ? publishGatewayRoutes(writer, client, route, host)
                : publishIngress(writer, client, route, host);
        ConditionValue ready = RouteConditions.ready(published.problems(), published.readyReason(),
                published.readyMessage());
        boolean waiting = published.problems().stream().anyMatch(p -> RouteConditions.waitsForOthers(p.reason()));
        return status(route, host, true, List.of(admitted, ready), waiting ? WAIT_RECHECK : null, client);
    }

    /** What was written for an admitted route, and what of it could not be carried out. */
    private record Published(String readyReason, String readyMessage, List<Problem> problems) {
    }

    private Published publishIngress(ClusterWriter writer, KubernetesClient client, Route route, String host) {
        Backends.Resolved backends = resolveBackends(route);
        Desired<Ingress> desired = backends.problem() != null ? Desired.refused(backends.problem())
                : IngressModel.desired(route, host, backends.backends(), IngressModel.target(
                        settings.ingressClass(), ingressClasses.list().toList()));
        String secretName = TlsSecrets.secretName(route);
        Problem secret = TlsSecrets.check(route, secretName == null ? null
                : client.secrets().inNamespace(route.getMetadata().getNamespace()).withName(secretName).get());
        desired = desired.with(secret == null ? List.of() : List.of(secret));
        desired = desired.with(conflicts(route, desired.objects()));
        publish(writer, route, desired.objects());
        return new Published(RouteConditions.REASON_INGRESS_READY, "Ingress " + route.getMetadata().getName()
                + " serves " + host + RouteHost.path(route) + ".", desired.problems());
    }

    private Published publishGatewayRoutes(ClusterWriter writer, KubernetesClient client, Route route, String host) {
        GatewayRef ref = GatewayRef.parse(settings.gateway());
        if (ref == null) {
            publish(writer, route, List.of());
            return new Published(null, null, List.of(Problem.blocking(RouteConditions.REASON_GATEWAY_NOT_CONFIGURED,
                    "The installation chose the Gateway API for routes but names no Gateway as namespace/name"
                            + " (SLIPWAY_GATEWAY is '" + settings.gateway() + "').")));
        }
        if (httpRoutes == null || gateways == null) {
            return new Published(null, null, List.of(Problem.blocking(RouteConditions.REASON_GATEWAY_API_NOT_INSTALLED,
                    "The installation chose the Gateway API for routes, but the cluster had no HTTPRoute"
                            + " (gateway.networking.k8s.io/v1) when the controller started; install the Gateway API"
                            + " CRDs and restart the controller.")));
        }
        HttpRouteModel.Gateway target = gateway(ref);
        TlsConfig tls = route.getSpec().getTls();
        boolean tlsRoute = tls != null && tls.getTermination() == TlsTermination.passthrough && tlsRoutes != null;
        Backends.Resolved backends = resolveBackends(route);
        Desired<? extends HasMetadata> desired = backends.problem() != null ? Desired.refused(backends.problem())
                : tlsRoute ? TlsRouteModel.desired(route, host, backends.backends(), target)
                : HttpRouteModel.desired(route, host, backends.backends(), target);
        desired = desired.with(conflicts(route, desired.objects()));
        publish(writer, route, desired.objects());
        return new Published(tlsRoute ? RouteConditions.REASON_TLS_ROUTE_READY : RouteConditions.REASON_HTTP_ROUTE_READY,
                gatewayMessage(route, host, ref, desired.objects(), tlsRoute), desired.problems());
    }

    /** The Gateway's listeners, or none when it does not exist. */
    private HttpRouteModel.Gateway gateway(GatewayRef ref) {
        Gateway gateway = gateways.get(new ResourceID(ref.name(), ref.namespace())).orElse(null);
        List<Listener> listeners = gateway == null ? null : gateway.getSpec().getListeners().stream()
                .map(l -> new Listener(l.getName(), l.getProtocol(), l.getHostname(),
                        l.getTls() == null ? null : l.getTls().getMode()))
                .toList();
        return new HttpRouteModel.Gateway(ref, listeners);
    }

    /** What serves the route, and where TLS ends: an edge route's certificate is the Gateway's, not its own. */
    private static String gatewayMessage(Route route, String host, GatewayRef ref, List<? extends HasMetadata> written,
            boolean tlsRoute) {
        TlsConfig tls = route.getSpec().getTls();
        String tlsNote = tls == null || tlsRoute ? ""
                : " TLS ends at the Gateway's HTTPS listeners with the Gateway's certificate"
                        + (tls.getSecretName() == null ? "."
                                : "; spec.tls.secretName is not used, as an HTTPRoute can't carry a certificate.");
        return String.join(" and ", written.stream().map(o -> o.getKind() + " " + o.getMetadata().getName()).toList())
                + " on Gateway " + ref + " serve " + host + (tlsRoute ? "" : RouteHost.path(route)) + "." + tlsNote;
    }

    /**
     * Objects of the names Slipway would write that someone else made: applying over them would take
     * them over, so they are left alone and the route says so.
     */
    private List<Problem> conflicts(Route route, List<? extends HasMetadata> desired) {
        List<Problem> conflicts = new ArrayList<>();
        for (HasMetadata object : desired) {
            Optional<? extends HasMetadata> found = cached(object);
            if (found.isPresent() && !isOwnedBy(found.get(), route)) {
                conflicts.add(Problem.blocking(RouteConditions.REASON_NAME_CONFLICT, object.getKind() + " "
                        + object.getMetadata().getName() + " already exists and is not this route's; Slipway leaves"
                        + " it alone. Delete it or rename the route."));
            }
        }
        return conflicts;
    }

    /** The object of {@code desired}'s kind and name as the informers see it. */
    private Optional<? extends HasMetadata> cached(HasMetadata desired) {
        ResourceID id = ResourceID.fromResource(desired);
        if (desired instanceof Ingress) {
            return ingresses.get(id);
        }
        if (desired instanceof HTTPRoute) {
            return httpRoutes.get(id);
        }
        if (desired instanceof TLSRoute) {
            return tlsRoutes.get(id);
        }
        throw new IllegalArgumentException("routes are not written as " + desired.getKind());
    }

    /** The route's backends with their ports, from the cached Services of those whose port the route leaves open. */
    private Backends.Resolved resolveBackends(Route route) {
        Map<String, Service> byName = new HashMap<>();
        for (String name : Backends.servicesWithoutPort(route.getSpec())) {
            services.get(new ResourceID(name, route.getMetadata().getNamespace())).ifPresent(s -> byName.put(name, s));
        }
        return Backends.resolve(route.getSpec(), byName);
    }

    /** Every route of the watched namespaces claiming {@code host}, with this one as it is now. */
    private List<Claim> claimants(Route route, String host) {
        List<Claim> claims = new ArrayList<>();
        claims.add(Claim.of(route, host));
        for (Route other : peers.byIndex(HOST_INDEX, host)) {
            if (!Objects.equals(other.getMetadata().getUid(), route.getMetadata().getUid())
                    && other.getMetadata().getDeletionTimestamp() == null
                    && host.equals(RouteHost.of(other, settings.appsDomain()))) {
                claims.add(Claim.of(other, host));
            }
        }
        return claims;
    }

    /** The hosts a route claims now and held when its status was last written, so both are woken. */
    private Stream<String> hostsOf(Route route) {
        Set<String> hosts = new HashSet<>();
        String host = RouteHost.of(route, settings.appsDomain());
        if (host != null) {
            hosts.add(host);
        }
        if (route.getStatus() != null && route.getStatus().getHost() != null) {
            hosts.add(route.getStatus().getHost());
        }
        return hosts.stream();
    }

    private Set<ResourceID> routesSharingHost(Route changed) {
        Set<ResourceID> ids = new HashSet<>();
        hostsOf(changed).forEach(host -> peers.byIndex(HOST_INDEX, host).stream()
                .filter(r -> !Objects.equals(r.getMetadata().getUid(), changed.getMetadata().getUid()))
                .forEach(r -> ids.add(ResourceID.fromResource(r))));
        return ids;
    }

    private static ConditionValue notReadyUnlessAdmitted() {
        return new ConditionValue(READY, false, RouteConditions.REASON_NOT_ADMITTED,
                "Nothing is published for a route that does not hold its host.");
    }

    /**
     * Makes {@code objects} what the route publishes: each written when it changed, every other object
     * the route owns, of any kind it may have been published as, deleted; a route that moved between
     * backends, or lost its host ({@code objects} empty), leaves nothing behind.
     */
    private void publish(ClusterWriter writer, Route route, List<? extends HasMetadata> objects) {
        List<HasMetadata> owned = new ArrayList<>();
        for (InformerEventSource<? extends HasMetadata, Route> kind : Stream.of(ingresses, httpRoutes, tlsRoutes)
                .filter(Objects::nonNull).toList()) {
            owned.addAll(kind.byIndex(OWNER_INDEX, route.getMetadata().getUid()));
        }
        writer.reconcileAll(objects, owned);
    }

    private static boolean isOwnedBy(HasMetadata object, Route route) {
        return object.getMetadata().getOwnerReferences() != null && object.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> Objects.equals(o.getUid(), route.getMetadata().getUid()));
    }

    /**
     * The route's status with these conditions, written when it differs from what the route shows, an
     * Event for each condition that changed; then a look again after {@code recheck} when not null.
     */
    private UpdateControl<Route> status(Route route, String host, boolean admitted, List<ConditionValue> conditions,
            Duration recheck, KubernetesClient client) {
        List<Condition> before = route.getStatus() == null ? null : route.getStatus().getConditions();
        List<Condition> after = before;
        Instant now = Instant.now();
        for (ConditionValue condition : conditions) {
            after = Conditions.set(after, condition, route.getMetadata().getGeneration(), now);
        }
        RouteStatus status = new RouteStatus();
        status.setHost(host);
        status.setAdmitted(admitted);
        status.setObservedGeneration(route.getMetadata().getGeneration());
        status.setConditions(after);
        events.transitions(route, before, after, c -> c.getStatus() != ConditionStatus.True);
        UpdateControl<Route> control = StatusPatch.ifChanged(route, status, Route::new);
        return recheck == null ? control : control.rescheduleAfter(recheck);
    }
}
