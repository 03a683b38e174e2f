package dev.slipway.controller.reconciler;

import static dev.slipway.api.v1alpha1.ConditionTypes.DEGRADED;
import static dev.slipway.api.v1alpha1.ConditionTypes.PROGRESSING;
import static dev.slipway.api.v1alpha1.ConditionTypes.READY;
import static dev.slipway.api.v1alpha1.ConditionTypes.TRIGGERS_PAUSED;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppChildren;
import dev.slipway.api.v1alpha1.AppPhase;
import dev.slipway.api.v1alpha1.AppStatus;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.EnvVar;
import dev.slipway.api.v1alpha1.KeyRef;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Owners;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseApprovals;
import dev.slipway.api.v1alpha1.ReleaseConfig;
import dev.slipway.api.v1alpha1.ReleaseConfigs;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseSpec;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.build.BuilderDigests;
import dev.slipway.controller.kube.ClusterWriter;
import dev.slipway.controller.kube.EventRecorder;
import dev.slipway.controller.model.AppDeployment;
import dev.slipway.controller.model.AppService;
import dev.slipway.controller.model.ImageReference;
import dev.slipway.controller.route.AppRoutes;
import dev.slipway.controller.status.Conditions;
import dev.slipway.controller.status.StatusPatch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Keeps an App's Service, asks for releases when the App changes (the config trigger) or a build
 * completes (the image trigger, with the first build, in {@link AppBuilds}), keeps the
 * Deployment at the serving release and the App's replica count between releases, prunes old
 * releases, and sums it all up in the App's status. It never changes the Deployment while a
 * release is in flight: that is the release's job.
 */
@ControllerConfiguration(name = "app")
public final class AppReconciler implements Reconciler<App> {

    private static final Duration DEGRADED_RECHECK = Duration.ofSeconds(30);

    private final ControllerSettings settings;
    private final EventRecorder events;
    private final NamespaceLabels namespaces;
    private final AppBuilds builds;
    private InformerEventSource<Release, App> releases;

    /** Degraded: the App is not as its spec asks, which a refused write of its objects means. */
    private static final RefusedWrites.Kind<AppStatus, App> REFUSED = new RefusedWrites.Kind<>(AppStatus.class,
            App::new, AppStatus::getConditions, AppStatus::setConditions, DEGRADED, true,
            AppStatus::setObservedGeneration);

    @Override
    public ErrorStatusUpdateControl<App> updateErrorStatus(App app, Context<App> context, Exception e) {
        return RefusedWrites.tell(app, context, e, REFUSED, events);
    }

    public AppReconciler(ControllerSettings settings, BuilderDigests builderDigests, EventRecorder events,
            NamespaceLabels namespaces) {
        this.settings = settings;
        this.events = events;
        this.namespaces = namespaces;
        this.builds = new AppBuilds(settings, builderDigests);
    }

    @Override
    public List<EventSource<?, App>> prepareEventSources(EventSourceContext<App> context) {
        InformerEventSource<Deployment, App> deployments = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Deployment.class, App.class).withName("app-deployments")
                        .withLabelSelector(Labels.APP)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(App.class, false))
                        .withOnUpdateFilter(AppTriggers::deploymentChanged).build(), context);
        InformerEventSource<Service, App> services = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Service.class, App.class).withName("app-services")
                        .withLabelSelector(Labels.APP)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(App.class, false)).build(), context);
        releases = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Release.class, App.class).withName("app-releases")
                        .withSecondaryToPrimaryMapper(r -> Set.of(new ResourceID(r.getSpec().getApp(),
                                r.getMetadata().getNamespace())))
                        .withPrimaryToSecondaryMapper((App a) -> Set.of())
                        .withOnUpdateFilter(AppTriggers::releaseChanged).build(), context);
        releases.addIndexers(Map.of(Releases.BY_APP, Releases::appIndex));
        InformerEventSource<Route, App> routes = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Route.class, App.class).withName("app-routes")
                        .withLabelSelector(Labels.APP)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(App.class, false)).build(), context);
        List<EventSource<?, App>> sources = new ArrayList<>(List.of(deployments, services, releases, routes));
        sources.addAll(builds.eventSources(context));
        return sources;
    }

    @Override
    public UpdateControl<App> reconcile(App app, Context<App> context) {
        KubernetesClient client = context.getClient();
        ClusterWriter writer = new ClusterWriter(client);
        String name = app.getMetadata().getName();
        List<Release> history = releases.byIndex(Releases.BY_APP, Releases.appKey(app.getMetadata().getNamespace(), name))
                .stream().sorted(Comparator.comparingLong(Releases::revision)).toList();
        Optional<Release> latest = Releases.latest(history);
        Optional<Release> serving = Releases.serving(history);
        boolean inFlight = history.stream().anyMatch(Releases::rollingOut);
        Instant now = Instant.now();

        writer.reconcile(AppService.desired(app), context.getSecondaryResource(Service.class).orElse(null));

        List<String> problems = problems(app, client);
        boolean paused = latest.map(l -> pausedAfterRollback(app, l)).orElse(false);
        if (problems.isEmpty() && !paused) {
            latest = trigger(app, latest, events, writer).or(() -> Releases.latest(history));
            inFlight |= latest.map(Releases::rollingOut).orElse(false);
        }
        List<Build> buildHistory = builds.history(app);
        Optional<Release> built = builds.reconcile(app, buildHistory, history, latest, problems.isEmpty() && !paused,
                builds.builderDigest(context), events, writer, namespaces);
        if (built.isPresent()) {
            latest = built;
            inFlight = true;
        }

        Optional<Deployment> deployment = context.getSecondaryResource(Deployment.class);
        int replicas = app.getSpec().replicasOrDefault();
        if (!inFlight && serving.isPresent() && deployment.isPresent()) {
            DeploymentStateCheck check = new DeploymentStateCheck(deployment.get());
            if (check.revision() != Releases.revision(serving.get()) || check.replicas() != replicas) {
                writer.apply(AppDeployment.desired(app, serving.get(), replicas));
            }
        }
        prune(app, history, serving, writer);
        AppliedRoutes routed = routes(app, context, writer, client);
        Optional<String> url = routed.url();
        if (!routed.problems().isEmpty()) {
            problems = new ArrayList<>(problems);
            problems.addAll(routed.problems());
        }

        Optional<Release> awaiting = history.stream().filter(r -> Releases.is(r, ReleasePhase.AwaitingApproval))
                .max(Comparator.comparingLong(Releases::revision));
        AppStatus status = status(app, latest, serving, deployment, replicas, inFlight, awaiting, problems, paused, now);
        status.setUrl(url.orElse(null));
        builds.status(app, buildHistory, status, serving.isPresent(), inFlight, now);
        UpdateControl<App> control = withStatus(app, status);
        if (!problems.isEmpty()) {
            control.rescheduleAfter(DEGRADED_RECHECK);
        }
        return control;
    }

    /**
     * Applies the App's Routes, deletes the ones it no longer lists, and returns its URL. A route
     * whose name another's Route holds (App {@code shop}'s second route and App {@code shop-1}'s
     * first are both {@code shop-1}; or a Route made by hand) is not applied, which would take that
     * Route over: it is told in {@code problems} and as a Warning Event. A name not yet in the cache
     * costs one GET, so a Route made by hand, which the cache does not hold, is found too.
     */
    private AppliedRoutes routes(App app, Context<App> context, ClusterWriter writer, KubernetesClient client) {
        List<String> problems = new ArrayList<>();
        List<Route> owned = List.copyOf(context.getSecondaryResources(Route.class));
        Set<String> ownedNames = owned.stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
        List<Route> desired = new ArrayList<>();
        List<Route> wanted = AppRoutes.desired(app, settings.appsDomain());
        for (int i = 0; i < wanted.size(); i++) {
            Route route = wanted.get(i);
            String routeName = route.getMetadata().getName();
            Route holder = ownedNames.contains(routeName) ? null
                    : client.resources(Route.class).inNamespace(app.getMetadata().getNamespace()).withName(routeName)
                            .get();
            Optional<String> taken = AppRoutes.takenBy(holder, app);
            if (taken.isPresent()) {
                String problem = "spec.routes[" + i + "]: Route " + routeName + " " + taken.get()
                        + "; this route is not applied";
                problems.add(problem);
                if (!toldInStatus(app, problem)) {
                    events.record(app, "RouteNameTaken", problem, true);
                }
            } else {
                desired.add(route);
            }
        }
        writer.reconcileAll(desired, owned);
        return new AppliedRoutes(AppRoutes.url(app, owned), problems);
    }

    /**
     * Whether the App's Degraded condition already names {@code problem}: the pass that first saw it
     * told it as an Event, and the checks every {@link #DEGRADED_RECHECK} need not ask the API server
     * to refuse the same Event again.
     */
    private static boolean toldInStatus(App app, String problem) {
        return app.getStatus() != null && Conditions.find(app.getStatus().getConditions(), DEGRADED)
                .map(c -> c.getMessage() != null && c.getMessage().contains(problem)).orElse(false);
    }

    /** The App's URL, and why any of its routes was not applied. */
    private record AppliedRoutes(Optional<String> url, List<String> problems) {
    }

    /** The parts of the Deployment this reconciler compares. */
    private record DeploymentStateCheck(long revision, int replicas) {
        DeploymentStateCheck(Deployment d) {
            this(AppDeployment.templateRevision(d), d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas());
        }
    }

    /**
     * The config trigger: a first release for a new App with an image, and a new revision when what
     * the pods run differs from the latest release. An App built from source has no image of its
     * own: a config change releases again the image of its latest release, and its first release
     * comes from its first build. Returns the release it made.
     */
    private Optional<Release> trigger(App app, Optional<Release> latest, EventRecorder events, ClusterWriter writer) {
        String image = app.getSpec().getImage() != null ? app.getSpec().getImage()
                : latest.map(r -> r.getSpec().getImage()).orElse(null);
        if (image == null) {
            return Optional.empty();
        }
        if (latest.isPresent() && annotation(latest.get(), Labels.CONFIG_HASH) == null) {
            // A requested release (a rollback, an API request) not resolved yet: what it will run is
            // unknown, so comparing with it would release again what was just asked for.
            return Optional.empty();
        }
        boolean configTrigger = app.getSpec().triggersOrDefault().configOrDefault();
        String reason;
        if (latest.isEmpty()) {
            reason = "first release";
        } else if (configTrigger && !ReleaseConfigs.appHash(app.getSpec()).equals(annotation(latest.get(), Labels.CONFIG_HASH))) {
            reason = "config change";
        } else {
            return Optional.empty();
        }
        return createRelease(app, latest, image, reason, Map.of(), events, writer, namespaces);
    }

    /**
     * The one place releases of an App are made, by the config trigger and by the image trigger
     * ({@link AppBuilds}): the next revision of {@code image} with the App's config as it is now,
     * the approval the App and its namespace ask for, and a requester (the build's, else the trigger),
     * recording the App's hash for the config trigger. Returns empty when another pass made that
     * revision first.
     */
    static Optional<Release> createRelease(App app, Optional<Release> latest, String image, String reason,
            Map<String, String> annotations, EventRecorder events, ClusterWriter writer, NamespaceLabels namespaces) {
        ReleaseConfig config = ReleaseConfigs.snapshot(app.getSpec());
        long revision = latest.map(Releases::revision).orElse(0L) + 1;
        Map<String, String> recorded = new TreeMap<>(annotations);
        recorded.putIfAbsent(ReleaseApprovals.REQUESTED_BY, ReleaseApprovals.TRIGGER);
        Release release = AppChildren.pin(AppChildren.release(app, revision, image, reason, recorded), app, image,
                config);
        ReleaseSpec spec = release.getSpec();
        spec.setApproval(ApprovalPolicy.of(app, namespaces).orElse(null));
        Optional<Release> created = writer.createOnce(release);
        created.ifPresent(r -> events.record(app, "ReleaseCreated", "Revision " + revision + " (" + reason + "): "
                + spec.getImage(), false));
        return created;
    }

    /**
     * After a rollback, triggers wait until the App's spec changes again: otherwise the config
     * trigger would at once release the very config that was rolled back.
     */
    private static boolean pausedAfterRollback(App app, Release latest) {
        return latest.getSpec().getRollbackOf() != null
                && Long.toString(app.getMetadata().getGeneration()).equals(annotation(latest, Labels.APP_GENERATION));
    }

    /** What passes the schema but cannot work; each makes the App Degraded and stops new releases. */
    private static List<String> problems(App app, KubernetesClient client) {
        List<String> problems = new ArrayList<>();
        if (app.getSpec().getImage() != null && !ImageReference.isValid(app.getSpec().getImage())) {
            problems.add("image \"" + app.getSpec().getImage() + "\" is not a valid image reference");
        }
        for (EnvVar var : app.getSpec().getEnv() == null ? List.<EnvVar>of() : app.getSpec().getEnv()) {
            KeyRef ref = var.getValueFrom() == null ? null : var.getValueFrom().getSecretKeyRef();
            if (ref == null || ref.optionalOrDefault()) {
                continue;
            }
            Secret secret = client.secrets().inNamespace(app.getMetadata().getNamespace()).withName(ref.getName()).get();
            if (secret == null) {
                problems.add("env " + var.getName() + ": Secret " + ref.getName() + " does not exist");
            } else if (!has(secret.getData(), ref.getKey()) && !has(secret.getStringData(), ref.getKey())) {
                problems.add("env " + var.getName() + ": Secret " + ref.getName() + " has no key " + ref.getKey());
            }
        }
        return problems;
    }

    private static boolean has(Map<String, String> map, String key) {
        return map != null && map.containsKey(key);
    }

    /** Deletes the oldest finished releases beyond revisionHistoryLimit; their hook Jobs go with them. */
    private static void prune(App app, List<Release> history, Optional<Release> serving, ClusterWriter writer) {
        int limit = app.getSpec().revisionHistoryLimitOrDefault();
        List<Release> finished = history.stream().filter(Releases::isFinal)
                .filter(r -> serving.map(s -> !s.getMetadata().getName().equals(r.getMetadata().getName())).orElse(true))
                .toList();
        int keepFinished = Math.max(0, limit - (serving.isPresent() ? 1 : 0));
        writer.pruneOldest(finished, keepFinished);
    }

    private static AppStatus status(App app, Optional<Release> latest, Optional<Release> serving,
            Optional<Deployment> deployment, int replicas, boolean inFlight, Optional<Release> awaiting,
            List<String> problems, boolean paused, Instant now) {
        AppStatus status = app.getStatus() == null ? new AppStatus()
                : Serialization.unmarshal(Serialization.asJson(app.getStatus()), AppStatus.class);
        Long generation = app.getMetadata().getGeneration();
        status.setObservedGeneration(generation);
        status.setLatestRevision(latest.map(Releases::revision).orElse(null));
        status.setCurrentRelease(serving.map(r -> r.getMetadata().getName()).orElse(null));
        int available = deployment.map(d -> d.getStatus() == null || d.getStatus().getAvailableReplicas() == null ? 0
                : d.getStatus().getAvailableReplicas()).orElse(0);
        boolean ready = serving.isPresent() && available >= replicas;
        Optional<Release> failed = latest.filter(l -> Releases.is(l, ReleasePhase.Failed) || Releases.is(l, ReleasePhase.RolledBack));

        var conditions = status.getConditions();
        conditions = Conditions.set(conditions, READY, ready, ready ? "Serving" : serving.isPresent() ? "PodsNotAvailable"
                : "NoRelease", ready ? serving.get().getMetadata().getName() + " is serving " + available + " pods"
                : serving.isPresent() ? available + " of " + replicas + " pods available" : "no release has completed yet",
                generation, now);
        conditions = Conditions.set(conditions, PROGRESSING, inFlight,
                inFlight ? "ReleaseInFlight" : awaiting.isPresent() ? "AwaitingApproval" : "Idle",
                inFlight ? "revision " + latest.map(Releases::revision).orElse(0L) + " is rolling out"
                        : awaiting.map(r -> "revision " + Releases.revision(r) + " awaits approval")
                                .orElse("no release in flight"),
                generation, now);
        if (!problems.isEmpty()) {
            conditions = Conditions.set(conditions, DEGRADED, true, "InvalidConfig", String.join("; ", problems), generation, now);
        } else if (failed.isPresent()) {
            conditions = Conditions.set(conditions, DEGRADED, true, "ReleaseFailed", failed.get().getMetadata().getName()
                    + " ended " + failed.get().getStatus().getPhase() + failureMessage(failed.get()), generation, now);
        } else {
            conditions = Conditions.set(conditions, DEGRADED, false, "AsExpected", "", generation, now);
        }
        conditions = paused
                ? Conditions.set(conditions, TRIGGERS_PAUSED, true, "RolledBack", "rolled back to revision "
                        + latest.get().getSpec().getRollbackOf() + "; triggers resume when the App's spec changes",
                        generation, now)
                : Conditions.remove(conditions, TRIGGERS_PAUSED);
        status.setConditions(conditions);

        if (inFlight) {
            status.setPhase(AppPhase.Deploying);
        } else if (serving.isPresent()) {
            status.setPhase(AppPhase.Ready);
        } else if (!problems.isEmpty() || failed.isPresent()) {
            status.setPhase(AppPhase.Failed);
        } else {
            status.setPhase(AppPhase.Pending);
        }
        return status;
    }

    private static String failureMessage(Release release) {
        return Conditions.find(release.getStatus().getConditions(), "Succeeded").map(c -> ": " + c.getMessage()).orElse("");
    }

    static String annotation(HasMetadata resource, String key) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static UpdateControl<App> withStatus(App resource, AppStatus status) {
        return StatusPatch.ifChanged(resource, status, App::new);
    }
}
