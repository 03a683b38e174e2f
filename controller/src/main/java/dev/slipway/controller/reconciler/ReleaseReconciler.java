package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppChildren;
import dev.slipway.api.v1alpha1.Approval;
import dev.slipway.api.v1alpha1.ConditionTypes;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseApprovals;
import dev.slipway.api.v1alpha1.ReleaseContents;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStatus;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.kube.ClusterWriter;
import dev.slipway.controller.kube.EventRecorder;
import dev.slipway.controller.kube.WriteRefusal;
import dev.slipway.controller.rollout.Decision;
import dev.slipway.controller.rollout.Observation;
import dev.slipway.controller.rollout.ReleaseStateMachine;
import dev.slipway.controller.status.Conditions;
import dev.slipway.controller.status.StatusPatch;
import dev.slipway.controller.status.Timestamps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Drives each Release through {@link ReleaseStateMachine}: resolve what it runs, observe, decide,
 * carry out the one action, record Events and metrics, write the status when it changed. Besides
 * spec changes, a decision on an approval (written to the status by the API server) starts a pass.
 */
@ControllerConfiguration(name = "release", generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = ReleaseUpdates.class))
public final class ReleaseReconciler implements Reconciler<Release> {

    private static final Duration APP_MISSING_RETRY = Duration.ofSeconds(30);

    private final ControllerSettings settings;
    private final MeterRegistry registry;
    private final EventRecorder events;
    private final NamespaceLabels namespaces;
    private ReleaseObserver observer;

    /**
     * @param namespaces started and stopped with this controller, as one of its event sources, and
     *     read by the App controller too
     */
    public ReleaseReconciler(ControllerSettings settings, MeterRegistry registry, EventRecorder events,
            NamespaceLabels namespaces) {
        this.settings = settings;
        this.registry = registry;
        this.events = events;
        this.namespaces = namespaces;
    }

    @Override
    public List<EventSource<?, Release>> prepareEventSources(EventSourceContext<Release> context) {
        context.getPrimaryCache().addIndexer(Releases.BY_APP, Releases::appIndex);
        InformerEventSource<Deployment, Release> deployments = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Deployment.class, Release.class)
                        .withName("deployments").withLabelSelector(Labels.APP)
                        .withSecondaryToPrimaryMapper(d -> inFlightOf(context, d.getMetadata().getNamespace(),
                                d.getMetadata().getName()))
                        .withPrimaryToSecondaryMapper((Release r) -> Set.of(new ResourceID(r.getSpec().getApp(),
                                r.getMetadata().getNamespace())))
                        .build(), context);
        InformerEventSource<Job, Release> jobs = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Job.class, Release.class)
                        .withName("hook-jobs").withLabelSelector(Labels.ROLE + "=" + Labels.HOOK)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Release.class, false))
                        .build(), context);
        InformerEventSource<Pod, Release> pods = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Pod.class, Release.class)
                        .withName("web-pods").withLabelSelector(Labels.ROLE + "=" + Labels.WEB)
                        // A pod is an old pod to the releases of its App with another revision.
                        .withSecondaryToPrimaryMapper(p -> inFlightOf(context, p.getMetadata().getNamespace(),
                                p.getMetadata().getLabels().get(Labels.APP), r -> !Long.toString(Releases.revision(r))
                                        .equals(p.getMetadata().getLabels().get(Labels.REVISION))))
                        .withOnUpdateFilter(ReleaseTriggers::podLabelsChanged)
                        .build(), context);
        pods.addIndexers(Map.of(Releases.BY_APP, p -> Optional.ofNullable(p.getMetadata().getLabels().get(Labels.APP))
                .map(app -> List.of(Releases.appKey(p.getMetadata().getNamespace(), app))).orElse(List.of())));
        InformerEventSource<App, Release> apps = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(App.class, Release.class)
                        .withName("apps")
                        .withSecondaryToPrimaryMapper(a -> inFlightOf(context, a.getMetadata().getNamespace(),
                                a.getMetadata().getName()))
                        .withPrimaryToSecondaryMapper((Release r) -> Set.of(new ResourceID(r.getSpec().getApp(),
                                r.getMetadata().getNamespace())))
                        .withOnUpdateFilter(ReleaseTriggers::appSpecChanged)
                        .build(), context);
        // A release that ends lets the next one of its App start: releases watch their siblings. A
        // release's own changes come through the primary source, which its status writes do not pass.
        SiblingEvents<Release> siblings = new SiblingEvents<>("sibling-releases",
                r -> inFlightOf(context, r.getMetadata().getNamespace(), r.getSpec().getApp(),
                        other -> !other.getMetadata().getName().equals(r.getMetadata().getName())),
                ReleaseTriggers::phaseSpecOrApprovalChanged);
        observer = new ReleaseObserver(pods, settings.hookRetryBaseDelay());
        return List.of(deployments, jobs, pods, apps, siblings, namespaces);
    }

    private static Set<ResourceID> inFlightOf(EventSourceContext<Release> context, String namespace, String app) {
        return inFlightOf(context, namespace, app, r -> true);
    }

    private static Set<ResourceID> inFlightOf(EventSourceContext<Release> context, String namespace, String app,
            Predicate<Release> which) {
        if (app == null) {
            return Set.of();
        }
        return context.getPrimaryCache().byIndex(Releases.BY_APP, Releases.appKey(namespace, app)).stream()
                .filter(Releases::inFlight).filter(which).map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    @Override
    public UpdateControl<Release> reconcile(Release release, Context<Release> context) {
        if (Releases.isFinal(release)) {
            return UpdateControl.noUpdate();
        }
        Optional<App> app = context.getSecondaryResource(App.class);
        if (app.isEmpty()) {
            ReleaseStatus status = copy(release.getStatus());
            status.setPhase(ReleasePhase.Pending);
            status.setConditions(Conditions.set(status.getConditions(), ConditionTypes.PROGRESSING, false,
                    "AppNotFound", "App " + release.getSpec().getApp() + " does not exist in this namespace",
                    release.getMetadata().getGeneration(), Instant.now()));
            return withStatus(release, status).rescheduleAfter(APP_MISSING_RETRY);
        }
        // Checked again for every release before it starts, pinned or not, so that a Release applied
        // with kubectl does not run without approval, even one that names its image, config and owner
        // as the web API pins them; until the approval it needs is written into its spec.
        Optional<Approval> approval = Releases.notStarted(release) && !ReleaseApprovals.requires(release)
                ? ApprovalPolicy.of(app.get(), namespaces) : Optional.empty();
        if (!AppChildren.pinned(release, app.get()) || approval.isPresent()) {
            // Our own edit may not come back as an event (only spec changes bump the generation the
            // controller filters on), so the pass goes on with the edited release.
            Optional<Release> prepared;
            try {
                prepared = prepare(release, app.get(), approval, context);
            } catch (RollbackTargetMissing e) {
                return rollbackTargetMissing(release, e.revision);
            }
            if (prepared.isEmpty()) {
                return waitingForImage(release, app.get());
            }
            return rollOut(prepared.get(), app.get(), context);
        }
        return rollOut(release, app.get(), context);
    }

    /** Observe, decide, act, tell: one pass of the state machine. */
    private UpdateControl<Release> rollOut(Release release, App app, Context<Release> context) {
        List<Release> releases = releasesOf(context, release);
        Decision decision = carryOut(observer.observe(release, app, releases, context), release, app, releases,
                context);
        UpdateControl<Release> control = withStatus(release, decision.status());
        decision.requeueAfter().ifPresent(d -> control.rescheduleAfter(d.plusMillis(500)));
        return control;
    }

    /** Decides, carries out the action, records the notes as Events and the metrics. */
    private Decision carryOut(Observation observation, Release release, App app, List<Release> releases,
            Context<Release> context) {
        Decision decision = ReleaseStateMachine.decide(observation);
        decision.action().performBy(new ReleaseActions(new ClusterWriter(context.getClient()), release, app, releases));
        decision.notes().forEach(n -> events.record(release, n.reason(), n.message(), n.warning()));
        recordMetrics(release.getStatus(), decision.status());
        return decision;
    }

    /**
     * A pass that the API server refused to write goes to the state machine once more, told so: it
     * shows the refusal, and after {@link ReleaseStateMachine#REFUSED_WRITES} in a row ends the
     * release under the failure rules. Anything else that went wrong is retried with backoff.
     */
    @Override
    public ErrorStatusUpdateControl<Release> updateErrorStatus(Release release, Context<Release> context,
            Exception e) {
        int attempt = RefusedWrites.attempt(context);
        Optional<WriteRefusal> refusal = WriteRefusal.of(e, attempt);
        Optional<App> app = context.getSecondaryResource(App.class);
        if (refusal.isEmpty() || Releases.isFinal(release) || app.isEmpty()) {
            return ErrorStatusUpdateControl.defaultErrorProcessing();
        }
        List<Release> releases = releasesOf(context, release);
        boolean lastTry = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(true);
        Observation observation = observer.observe(release, app.get(), releases, context)
                .refused(new Observation.Refused(refusal.get().describe(), attempt, lastTry));
        Decision decision = carryOut(observation, release, app.get(), releases, context);
        ErrorStatusUpdateControl<Release> control = StatusPatch.ifChangedOnError(release, decision.status(),
                Release::new);
        return decision.status().getPhase().isFinal() ? control.withNoRetry() : control;
    }

    /**
     * Makes a release the App's (owner reference) and fills in, once, the image and config of a
     * release requested without them ({@link ReleaseContents}), and the approval it needs, if given.
     * Empty when there is no image to fill in yet.
     */
    private Optional<Release> prepare(Release release, App app, Optional<Approval> approval,
            Context<Release> context) {
        ReleaseContents contents = ReleaseContents.of(release.getSpec(), app, releasesOf(context, release));
        if (contents.rollbackTargetMissing()) {
            throw new RollbackTargetMissing(contents.rollbackOf());
        }
        if (contents.image() == null) {
            return Optional.empty();
        }
        return Optional.of(new ClusterWriter(context.getClient()).edit(release, r -> {
            if (!ReleaseApprovals.requires(r)) {
                approval.ifPresent(r.getSpec()::setApproval);
            }
            return AppChildren.pin(r, app, contents.image(), contents.config());
        }));
    }

    /** A rollback to a revision that no longer exists: the release cannot run. */
    private static final class RollbackTargetMissing extends RuntimeException {
        private final long revision;

        RollbackTargetMissing(long revision) {
            super("revision " + revision + " to roll back to does not exist", null, false, false);
            this.revision = revision;
        }
    }

    private static UpdateControl<Release> rollbackTargetMissing(Release release, long revision) {
        ReleaseStatus status = copy(release.getStatus());
        status.setPhase(ReleasePhase.Failed);
        status.setCompletedAt(Timestamps.format(Instant.now()));
        status.setConditions(Conditions.set(status.getConditions(), ConditionTypes.SUCCEEDED, false,
                "RollbackTargetNotFound", "revision " + revision + " of " + release.getSpec().getApp()
                        + " does not exist (never made, or pruned by revisionHistoryLimit)",
                release.getMetadata().getGeneration(), Instant.now()));
        return withStatus(release, status);
    }

    private static UpdateControl<Release> waitingForImage(Release release, App app) {
        ReleaseStatus status = copy(release.getStatus());
        status.setPhase(ReleasePhase.Pending);
        status.setConditions(Conditions.set(status.getConditions(), ConditionTypes.PROGRESSING, false,
                "NoImage", "App " + app.getMetadata().getName() + " has no image yet: the release waits for its first build",
                release.getMetadata().getGeneration(), Instant.now()));
        return withStatus(release, status).rescheduleAfter(APP_MISSING_RETRY);
    }

    /**
     * The App's releases as the sibling informer sees them. Not the primary cache: a sibling's
     * change (release 7 completing) reaches release 8 through that informer, possibly before the
     * primary cache has it, and 8 must then see 7 as it was told.
     */
    private List<Release> releasesOf(Context<Release> context, Release release) {
        String app = release.getSpec().getApp();
        return context.getPrimaryCache().byIndex(Releases.BY_APP, Releases.appKey(release.getMetadata().getNamespace(), app));
    }

    private void recordMetrics(ReleaseStatus before, ReleaseStatus after) {
        ReleasePhase was = before == null ? null : before.getPhase();
        if (after.getPhase() != was && after.getPhase().isFinal()) {
            registry.counter("slipway.releases", "outcome", after.getPhase().name()).increment();
        }
        if (after.getSteps() == null) {
            return;
        }
        for (ReleaseStep step : after.getSteps()) {
            boolean finishedNow = step.getFinishedAt() != null && (before == null || before.getSteps() == null
                    || before.getSteps().stream().noneMatch(b -> b.getName() == step.getName()
                    && Objects.equals(b.getUndoes(), step.getUndoes()) && b.getFinishedAt() != null));
            if (finishedNow && step.getStartedAt() != null) {
                registry.timer("slipway.release.step", "step", step.getName().value(), "phase", step.getPhase().name())
                        .record(Duration.between(Timestamps.parse(step.getStartedAt()), Timestamps.parse(step.getFinishedAt())));
            }
        }
    }

    private static ReleaseStatus copy(ReleaseStatus status) {
        return status == null ? new ReleaseStatus() : Serialization.unmarshal(Serialization.asJson(status), ReleaseStatus.class);
    }

    private static UpdateControl<Release> withStatus(Release resource, ReleaseStatus status) {
        return StatusPatch.ifChanged(resource, status, Release::new);
    }
}
