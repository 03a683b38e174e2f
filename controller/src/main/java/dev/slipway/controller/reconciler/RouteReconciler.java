package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.Condition;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.api.v1alpha1.RouteStatus;
import dev.slipway.api.v1alpha1.TlsConfig;
import dev.slipway.api.v1alpha1.TlsTermination;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.SlipwayOperator;
import dev.slipway.controller.route.Backends;
import dev.slipway.controller.route.Desired;
import dev.slipway.controller.route.HostClaims;
import dev.slipway.controller.route.HostClaims.Claim;
import dev.slipway.controller.route.HostClaims.Decision;
import dev.slipway.controller.route.HttpRouteModel;
import dev.slipway.controller.route.HttpRouteModel.GatewayRef;
import dev.slipway.controller.route.HttpRouteModel.Listener;
import dev.slipway.controller.route.IngressModel;
import dev.slipway.controller.route.Problem;
import dev.slipway.controller.route.RouteConditions;
import dev.slipway.controller.route.RouteHost;
import dev.slipway.controller.route.RouteObjects;
import dev.slipway.controller.route.TlsRouteModel;
import dev.slipway.controller.route.TlsSecrets;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TLSRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out Routes: decides whether a route holds its host, writes the Ingress or Gateway API
 * HTTPRoutes that serve it (server-side apply, owned by the Route so they go with it), deletes
 * them when the route loses its host or can't be carried out, and reports Admitted and Ready.
 *
 * <p>Who holds a host depends on every route claiming it, so a change to one route (made, deleted,
 * host or path edited) wakes every other route of the old and the new host: a second informer on
 * Routes, indexed by host, maps each event to them. Their claims are read from that same informer,
 * whose cache already reflects the event that woke them.
 */
@ControllerConfiguration(name = "route", fieldManager = SlipwayOperator.FIELD_MANAGER)
public class RouteReconciler implements Reconciler<Route> {

    private static final Logger LOG = LoggerFactory.getLogger(RouteReconciler.class);
    private static final String HOST_INDEX = "host";
    /** How soon a route waiting for something outside it (a Secret, a Service, a Gateway) looks again. */
    static final Duration WAIT_RECHECK = Duration.ofSeconds(10);
    /** A safety net for a route that does not hold its host, besides the events of the routes that do. */
    static final Duration CLAIM_RECHECK = Duration.ofMinutes(2);

    private static final RefusedWrites.Kind<RouteStatus, Route> REFUSED = new RefusedWrites.Kind<>(RouteStatus.class,
            Route::new, RouteStatus::getConditions, RouteStatus::setConditions, RouteConditions.READY, false,
            RouteStatus::setObservedGeneration);

    private final ControllerSettings settings;
    private final String identity;
    private InformerEventSource<Route, Route> peers;

    public RouteReconciler(ControllerSettings settings, String identity) {
        this.settings = settings;
        this.identity = identity;
    }

    @Override
    public ErrorStatusUpdateControl<Route> updateErrorStatus(Route route, Context<Route> context, Exception e) {
        return RefusedWrites.tell(route, context, e, REFUSED, identity);
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
        peers.addIndexers(Map.of(HOST_INDEX, route -> hostsOf(route).toList()));
        InformerEventSource<Ingress, Route> ingresses = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Ingress.class, Route.class)
                        .withName("ingresses")
                        .withNamespacesInheritedFromController()
                        .withLabelSelector(RouteObjects.ROUTE_LABEL)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Route.class))
                        .build(), context);
        List<EventSource<?, Route>> sources = new ArrayList<>(List.of(peers, ingresses));
        // HTTPRoutes edited by hand are put back as Ingresses are; an informer needs the CRD, so
        // without it at start the HTTPRoutes are only rewritten when their route is reconciled.
        if (gatewayBackend() && context.getClient().supports(HTTPRoute.class)) {
            sources.add(new InformerEventSource<>(InformerEventSourceConfiguration.from(HTTPRoute.class, Route.class)
                    .withName("httproutes")
                    .withNamespacesInheritedFromController()
                    .withLabelSelector(RouteObjects.ROUTE_LABEL)
                    .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Route.class))
                    .build(), context));
        }
        return sources;
    }

    private boolean gatewayBackend() {
        return "gateway".equalsIgnoreCase(settings.routeBackend());
    }

    @Override
    public UpdateControl<Route> reconcile(Route route, Context<Route> context) {
        KubernetesClient client = context.getClient();
        String host = RouteHost.of(route, settings.appsDomain());
        Long generation = route.getMetadata().getGeneration();

        Problem invalidHost = RouteHost.check(route, host);
        if (invalidHost != null) {
            removePublished(client, route, context);
            return status(route, host, false, List.of(
                    RouteConditions.condition(RouteConditions.ADMITTED, false, invalidHost.reason(),
                            invalidHost.message(), generation),
                    notReadyUnlessAdmitted(generation)), null, client);
        }

        Claim claim = Claim.of(route, host);
        Decision decision = HostClaims.decide(claim, claimants(route, host));
        Condition admitted = RouteConditions.condition(RouteConditions.ADMITTED, decision.admitted(),
                decision.admitted() ? RouteConditions.REASON_ADMITTED : RouteConditions.REASON_HOST_ALREADY_CLAIMED,
                decision.message(claim), generation);
        if (!decision.admitted()) {
            removePublished(client, route, context);
            return status(route, host, false, List.of(admitted, notReadyUnlessAdmitted(generation)), CLAIM_RECHECK,
                    client);
        }

        Published published = gatewayBackend()
                ? publishGatewayRoutes(client, route, host, context)
                : publishIngress(client, route, host, context);
        Condition ready = RouteConditions.ready(published.problems(), published.readyReason(),
                published.readyMessage(), generation);
        boolean waiting = published.problems().stream().anyMatch(p -> RouteConditions.waitsForOthers(p.reason()));
        return status(route, host, true, List.of(admitted, ready), waiting ? WAIT_RECHECK : null, client);
    }

    /** What was written for an admitted route, and what of it could not be carried out. */
    private record Published(String readyReason, String readyMessage, List<Problem> problems) {
    }

    private Published publishIngress(KubernetesClient client, Route route, String host, Context<Route> context) {
        Backends.Resolved backends = resolveBackends(client, route);
        Desired<Ingress> desired = backends.problem() != null ? Desired.refused(backends.problem())
                : IngressModel.desired(route, host, backends.backends(), IngressModel.target(
                        settings.ingressClass(), client.network().v1().ingressClasses().list().getItems()));
        String secretName = TlsSecrets.secretName(route);
        Problem secret = TlsSecrets.check(route, secretName == null ? null
                : client.secrets().inNamespace(route.getMetadata().getNamespace()).withName(secretName).get());
        desired = desired.with(secret == null ? List.of() : List.of(secret));
        desired = desired.with(conflicts(client, route, desired.objects()));
        desired.objects().forEach(ingress -> apply(client, ingress));
        if (desired.objects().isEmpty()) {
            context.getSecondaryResource(Ingress.class).ifPresent(ingress -> delete(client, ingress));
        }
        deleteOwnedGatewayRoutes(client, route, List.of());
        return new Published(RouteConditions.REASON_INGRESS_READY, "Ingress " + route.getMetadata().getName()
                + " serves " + host + RouteHost.path(route) + ".", desired.problems());
    }

    private Published publishGatewayRoutes(KubernetesClient client, Route route, String host, Context<Route> context) {
        context.getSecondaryResource(Ingress.class).ifPresent(ingress -> delete(client, ingress));
        GatewayRef ref = GatewayRef.parse(settings.gateway());
        if (ref == null) {
            deleteOwnedGatewayRoutes(client, route, List.of());
            return new Published(null, null, List.of(Problem.blocking(RouteConditions.REASON_GATEWAY_NOT_CONFIGURED,
                    "The installation chose the Gateway API for routes but names no Gateway as namespace/name"
                            + " (SLIPWAY_GATEWAY is '" + settings.gateway() + "').")));
        }
        if (!client.supports(HTTPRoute.class)) {
            return new Published(null, null, List.of(Problem.blocking(RouteConditions.REASON_GATEWAY_API_NOT_INSTALLED,
                    "The installation chose the Gateway API for routes, but the cluster has no HTTPRoute"
                            + " (gateway.networking.k8s.io/v1); install the Gateway API CRDs.")));
        }
        HttpRouteModel.Gateway target = readGateway(client, ref);
        TlsConfig tls = route.getSpec().getTls();
        boolean tlsRoute = tls != null && tls.getTermination() == TlsTermination.passthrough
                && client.supports(TLSRoute.class);
        Backends.Resolved backends = resolveBackends(client, route);
        Desired<? extends HasMetadata> desired = backends.problem() != null ? Desired.refused(backends.problem())
                : tlsRoute ? TlsRouteModel.desired(route, host, backends.backends(), target)
                : HttpRouteModel.desired(route, host, backends.backends(), target);
        desired = desired.with(conflicts(client, route, desired.objects()));
        desired.objects().forEach(object -> apply(client, object));
        deleteOwnedGatewayRoutes(client, route, desired.objects());
        return new Published(tlsRoute ? RouteConditions.REASON_TLS_ROUTE_READY : RouteConditions.REASON_HTTP_ROUTE_READY,
                gatewayMessage(route, host, ref, desired.objects(), tlsRoute), desired.problems());
    }

    /** The Gateway's listeners, or none when it does not exist. */
    private static HttpRouteModel.Gateway readGateway(KubernetesClient client, GatewayRef ref) {
        Gateway gateway = client.resources(Gateway.class).inNamespace(ref.namespace()).withName(ref.name()).get();
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
    private static List<Problem> conflicts(KubernetesClient client, Route route, List<? extends HasMetadata> desired) {
        List<Problem> conflicts = new ArrayList<>();
        for (HasMetadata object : desired) {
            HasMetadata found = client.resource(object).get();
            if (found != null && !isOwnedBy(found, route)) {
                conflicts.add(Problem.blocking(RouteConditions.REASON_NAME_CONFLICT, object.getKind() + " "
                        + object.getMetadata().getName() + " already exists and is not this route's; Slipway leaves"
                        + " it alone. Delete it or rename the route."));
            }
        }
        return conflicts;
    }

    /** The route's backends with their ports, reading only the Services whose port the route leaves open. */
    private static Backends.Resolved resolveBackends(KubernetesClient client, Route route) {
        Map<String, Service> services = new HashMap<>();
        for (String name : Backends.servicesWithoutPort(route.getSpec())) {
            Service service = client.services().inNamespace(route.getMetadata().getNamespace()).withName(name).get();
            if (service != null) {
                services.put(name, service);
            }
        }
        return Backends.resolve(route.getSpec(), services);
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

    private static Condition notReadyUnlessAdmitted(Long generation) {
        return RouteConditions.condition(RouteConditions.READY, false, RouteConditions.REASON_NOT_ADMITTED,
                "Nothing is published for a route that does not hold its host.", generation);
    }

    /** Deletes what was made for a route that no longer publishes anything. */
    private void removePublished(KubernetesClient client, Route route, Context<Route> context) {
        context.getSecondaryResource(Ingress.class).ifPresent(ingress -> delete(client, ingress));
        deleteOwnedGatewayRoutes(client, route, List.of());
    }

    /** Deletes the route's HTTPRoutes and TLSRoutes that are not among {@code keep}. */
    private static void deleteOwnedGatewayRoutes(KubernetesClient client, Route route,
            List<? extends HasMetadata> keep) {
        List<String> kept = keep.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
        for (Class<? extends HasMetadata> kind : List.of(HTTPRoute.class, TLSRoute.class)) {
            owned(client, route, kind).stream()
                    .filter(o -> !kept.contains(o.getKind() + "/" + o.getMetadata().getName()))
                    .forEach(o -> delete(client, o));
        }
    }

    /**
     * The objects of {@code kind} labelled and owned as the route's. Without that kind's CRD there are
     * none, so a missing kind is not an error.
     */
    private static List<? extends HasMetadata> owned(KubernetesClient client, Route route,
            Class<? extends HasMetadata> kind) {
        try {
            return client.resources(kind).inNamespace(route.getMetadata().getNamespace())
                    .withLabel(RouteObjects.ROUTE_LABEL, route.getMetadata().getName()).list().getItems().stream()
                    .filter(o -> isOwnedBy(o, route)).toList();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    private static boolean isOwnedBy(HasMetadata object, Route route) {
        return object.getMetadata().getOwnerReferences() != null && object.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> Objects.equals(o.getUid(), route.getMetadata().getUid()));
    }

    private static void apply(KubernetesClient client, HasMetadata object) {
        client.resource(object).fieldManager(SlipwayOperator.FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    private static void delete(KubernetesClient client, HasMetadata object) {
        LOG.info("Deleting {} {}/{}: its route no longer publishes it", object.getKind(),
                object.getMetadata().getNamespace(), object.getMetadata().getName());
        client.resource(object).delete();
    }

    /**
     * Writes the status when it differs from what the route shows (an Event for each condition that
     * flipped), then comes back after {@code recheck} when not null.
     */
    private UpdateControl<Route> status(Route route, String host, boolean admitted, List<Condition> conditions,
            Duration recheck, KubernetesClient client) {
        RouteStatus old = route.getStatus();
        RouteStatus status = new RouteStatus();
        status.setHost(host);
        status.setAdmitted(admitted);
        status.setObservedGeneration(route.getMetadata().getGeneration());
        status.setConditions(RouteConditions.merge(old == null ? null : old.getConditions(), conditions,
                Instant.now()));
        UpdateControl<Route> control;
        if (Serialization.jsonMapper().valueToTree(status).equals(Serialization.jsonMapper().valueToTree(old))) {
            control = UpdateControl.noUpdate();
        } else {
            RouteEvents.flipped(client, route, old == null ? null : old.getConditions(), status.getConditions());
            route.setStatus(status);
            control = UpdateControl.patchStatus(route);
        }
        return recheck == null ? control : control.rescheduleAfter(recheck);
    }
}
