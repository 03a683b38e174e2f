package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.BuildStatus;
import dev.slipway.api.v1alpha1.ConditionTypes;
import dev.slipway.api.v1alpha1.GitSource;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.build.BuildJob;
import dev.slipway.controller.build.BuildKitState;
import dev.slipway.controller.build.BuildProgress;
import dev.slipway.controller.build.BuilderDigests;
import dev.slipway.controller.build.GitCredentials;
import dev.slipway.controller.kube.ClusterWriter;
import dev.slipway.controller.kube.EventRecorder;
import dev.slipway.controller.status.Conditions;
import dev.slipway.controller.status.StatusPatch;
import dev.slipway.controller.status.Timestamps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
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
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs a Build as its Job and follows the Job's pod: New, Pending once the Job exists, Running
 * while the pod runs, then Complete with the pushed digest or Failed saying which step failed.
 * Run policy Serial, latest only: one build of an App runs at a time, and a newer build cancels
 * the older ones still waiting (New, or Pending with a pod not yet running). Each build decides
 * only about itself; builds watch their siblings, so a build that ends lets the next one start.
 */
@ControllerConfiguration(name = "build")
public final class BuildReconciler implements Reconciler<Build> {

    private final ControllerSettings settings;
    private final BuilderDigests builderDigests;
    private final EventRecorder events;
    /** Locks striped by App: two builds of one App never decide to start at the same time. */
    private final Object[] slots = new Object[64];

    private static final RefusedWrites.Kind<BuildStatus, Build> REFUSED = new RefusedWrites.Kind<>(BuildStatus.class,
            Build::new, BuildStatus::getConditions, BuildStatus::setConditions, ConditionTypes.SUCCEEDED, false,
            (status, generation) -> { });

    @Override
    public ErrorStatusUpdateControl<Build> updateErrorStatus(Build build, Context<Build> context, Exception e) {
        return RefusedWrites.tell(build, context, e, REFUSED, events);
    }

    public BuildReconciler(ControllerSettings settings, BuilderDigests builderDigests, EventRecorder events) {
        this.settings = settings;
        this.builderDigests = builderDigests;
        this.events = events;
        Arrays.setAll(slots, i -> new Object());
    }

    @Override
    public List<EventSource<?, Build>> prepareEventSources(EventSourceContext<Build> context) {
        context.getPrimaryCache().addIndexer(Builds.BY_APP, Builds::appIndex);
        // A Job wakes its Build, and the builds of its App still waiting: one may wait on a Job whose
        // Build is gone, so that no sibling's status change would tell it the slot is free.
        SecondaryToPrimaryMapper<Job> owners = Mappers.fromOwnerReferences(Build.class, false);
        InformerEventSource<Job, Build> jobs = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Job.class, Build.class)
                        .withName("build-jobs").withLabelSelector(Labels.BUILD)
                        .withSecondaryToPrimaryMapper(j -> {
                            Set<ResourceID> ids = new HashSet<>(owners.toPrimaryResourceIDs(j));
                            ids.addAll(unfinished(context, j.getMetadata().getNamespace(),
                                    j.getMetadata().getLabels().get(Labels.APP)));
                            return ids;
                        })
                        // Its own Job only, named after it: the mapping above reaches beyond the owner.
                        .withPrimaryToSecondaryMapper((Build b) -> Set.of(ResourceID.fromResource(b)))
                        .build(), context);
        InformerEventSource<Pod, Build> pods = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Pod.class, Build.class)
                        .withName("build-pods").withLabelSelector(Labels.BUILD)
                        .withSecondaryToPrimaryMapper(p -> Set.of(new ResourceID(p.getMetadata().getLabels()
                                .get(Labels.BUILD), p.getMetadata().getNamespace())))
                        .build(), context);
        SiblingEvents<Build> siblings = new SiblingEvents<>("sibling-builds",
                b -> unfinished(context, b.getMetadata().getNamespace(), b.getSpec().getApp()), (updated, old) -> true);
        return List.of(jobs, pods, siblings);
    }

    /** The builds of an App that have not ended, whom a change of one of its builds or Jobs may concern. */
    private static Set<ResourceID> unfinished(EventSourceContext<Build> context, String namespace, String app) {
        return app == null ? Set.of() : context.getPrimaryCache().byIndex(Builds.BY_APP, Builds.appKey(namespace, app))
                .stream().filter(b -> !Builds.isFinal(b)).map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    @Override
    public UpdateControl<Build> reconcile(Build build, Context<Build> context) {
        if (Builds.isFinal(build)) {
            return UpdateControl.noUpdate();
        }
        KubernetesClient client = context.getClient();
        BuildStatus status = build.getStatus() == null ? new BuildStatus()
                : Serialization.unmarshal(Serialization.asJson(build.getStatus()), BuildStatus.class);
        Instant now = Instant.now();
        List<Build> siblings = context.getPrimaryCache().byIndex(Builds.BY_APP,
                        Builds.appKey(build.getMetadata().getNamespace(), build.getSpec().getApp())).stream()
                .filter(s -> !s.getMetadata().getName().equals(build.getMetadata().getName())).toList();
        Optional<Job> job = context.getSecondaryResource(Job.class);
        Optional<Pod> pod = context.getSecondaryResource(Pod.class);

        Optional<Build> newer = siblings.stream().filter(s -> !Builds.isFinal(s))
                .filter(s -> Builds.AGE.compare(s, build) > 0).max(Builds.AGE);
        boolean waiting = Builds.phase(build) == BuildPhase.New
                || (Builds.phase(build) == BuildPhase.Pending && !pod.map(BuildProgress::started).orElse(false));
        if (newer.isPresent() && waiting) {
            job.ifPresent(new ClusterWriter(client)::delete);
            finish(status, BuildPhase.Cancelled, "superseded by the newer build " + newer.get().getMetadata().getName()
                    + " (run policy Serial, latest only)", now, build);
        } else if (Builds.phase(build) == BuildPhase.New) {
            start(build, status, siblings, client, now);
        } else {
            follow(build, status, job, pod, client, now);
        }
        if (status.getPhase() != Builds.phase(build)) {
            boolean failed = status.getPhase() == BuildPhase.Failed;
            events.record(build, "Build" + status.getPhase(), status.getPhase()
                    + (status.getMessage() == null ? "" : ": " + status.getMessage())
                    + (status.getImage() == null ? "" : ": " + status.getImage()), failed);
        }
        return StatusPatch.ifChanged(build, status, Build::new);
    }

    /**
     * Makes the App's BuildKit state claim unless it is there: made once and left as it is (a claim's
     * size can only grow, and a new size setting should not fail builds).
     */
    private void keepBuildKitState(App app, ClusterWriter writer) {
        writer.createOnce(BuildKitState.desired(app, settings.buildCacheSize()));
    }

    /** A New build starts its Job once no other build of its App holds the slot. */
    private void start(Build build, BuildStatus status, List<Build> siblings, KubernetesClient client, Instant now) {
        Optional<String> active = siblings.stream().filter(Builds::isActive).map(b -> b.getMetadata().getName())
                .findFirst();
        if (active.isPresent()) {
            waitFor(active.get(), status);
            return;
        }
        App app = client.resources(App.class).inNamespace(build.getMetadata().getNamespace())
                .withName(build.getSpec().getApp()).get();
        if (app == null) {
            finish(status, BuildPhase.Failed, "spec.app: App " + build.getSpec().getApp() + " does not exist", now, build);
            return;
        }
        GitSource git = build.getSpec().getSource().getGit();
        Optional<String> credentials = git == null ? Optional.empty() : GitCredentials.problem(git,
                git.getCredentialsSecret() == null ? null : client.secrets().inNamespace(build.getMetadata().getNamespace())
                        .withName(git.getCredentialsSecret().getName()).get());
        if (credentials.isPresent()) {
            finish(status, BuildPhase.Failed, credentials.get(), now, build);
            return;
        }
        // Builds of one App are reconciled on several threads, and the informer may not show yet a
        // sibling that started a moment ago: under the App's lock, its Job is looked for live.
        synchronized (slots[Math.floorMod(Builds.appKey(build.getMetadata().getNamespace(), build.getSpec().getApp())
                .hashCode(), slots.length)]) {
            active = runningJob(build, client);
            if (active.isPresent()) {
                waitFor(active.get(), status);
                return;
            }
            BuilderDigests digests = builderDigests.snapshot();
            String builderImage = BuildJob.builderImage(build, settings.registry(), digests).orElse(null);
            ClusterWriter writer = new ClusterWriter(client);
            Job job = BuildJob.desired(build, app.getSpec().getPodMetadata(), app.getSpec().getEnv(),
                    settings.registry(), digests, settings.buildStepImages());
            if (settings.buildCacheSize() != null) {
                keepBuildKitState(app, writer);
                job = BuildKitState.onClaim(job, app.getMetadata().getName());
            }
            if (writer.createOnce(job).isEmpty()) {
                // Made before a status patch that was lost: what it runs FROM is on the Job.
                Job made = client.batch().v1().jobs().inNamespace(build.getMetadata().getNamespace())
                        .withName(build.getMetadata().getName()).get();
                builderImage = made == null || made.getMetadata().getAnnotations() == null ? builderImage
                        : made.getMetadata().getAnnotations().get(Labels.BUILDER_IMAGE);
            }
            status.setPhase(BuildPhase.Pending);
            status.setMessage(null);
            // A build that names no builder learns it from its pod when it completes.
            status.setBuilder(build.getSpec().getBuilder());
            status.setBuilderImage(builderImage);
        }
    }

    private static void waitFor(String sibling, BuildStatus status) {
        status.setPhase(BuildPhase.New);
        status.setMessage("waiting for build " + sibling + " to end (run policy Serial)");
    }

    /** The build of the same App whose Job exists and has not ended, read from the API server. */
    private static Optional<String> runningJob(Build build, KubernetesClient client) {
        return client.batch().v1().jobs().inNamespace(build.getMetadata().getNamespace())
                .withLabel(Labels.APP, build.getSpec().getApp()).withLabel(Labels.BUILD).list().getItems().stream()
                .filter(j -> !j.getMetadata().getName().equals(build.getMetadata().getName()))
                .filter(j -> j.getMetadata().getDeletionTimestamp() == null)
                .filter(j -> !BuildProgress.ended(j))
                .map(j -> j.getMetadata().getName()).findFirst();
    }

    /** A started build takes its phase from its Job and pod. */
    private static void follow(Build build, BuildStatus status, Optional<Job> job, Optional<Pod> pod,
            KubernetesClient client, Instant now) {
        if (job.isEmpty()) {
            // The Job was just created and the cache has not seen it yet, or somebody deleted it.
            Job live = client.batch().v1().jobs().inNamespace(build.getMetadata().getNamespace())
                    .withName(build.getMetadata().getName()).get();
            if (live == null) {
                finish(status, BuildPhase.Failed, "the build Job " + build.getMetadata().getName() + " was deleted", now,
                        build);
            }
            return;
        }
        pod.ifPresent(p -> status.setPodName(p.getMetadata().getName()));
        BuildProgress.revision(pod).ifPresent(status::setRevision);
        BuildProgress progress = BuildProgress.of(job.get(), pod);
        if (progress.phase() == BuildPhase.Running || progress.phase() == BuildPhase.Complete) {
            status.setStartedAt(Objects.requireNonNullElse(status.getStartedAt(), startTime(pod, now)));
        }
        switch (progress.phase()) {
            case Complete -> {
                status.setImage(progress.image());
                if (progress.builder() != null) {
                    status.setBuilder(progress.builder());
                    status.setBuilderImage(progress.builderImage());
                }
                finish(status, BuildPhase.Complete, null, now, build);
            }
            case Failed -> finish(status, BuildPhase.Failed, progress.message(), now, build);
            default -> {
                status.setPhase(progress.phase());
                status.setMessage(progress.message());
            }
        }
    }

    private static void finish(BuildStatus status, BuildPhase phase, String message, Instant now, Build build) {
        status.setPhase(phase);
        status.setMessage(message);
        status.setCompletedAt(Timestamps.format(now));
        status.setConditions(Conditions.set(status.getConditions(), ConditionTypes.SUCCEEDED, phase == BuildPhase.Complete,
                phase == BuildPhase.Complete ? "BuildComplete" : phase == BuildPhase.Failed ? "BuildFailed" : "BuildCancelled",
                message == null ? "pushed " + status.getImage() : message, build.getMetadata().getGeneration(), now));
    }

    private static String startTime(Optional<Pod> pod, Instant now) {
        return pod.map(Pod::getStatus).map(s -> s.getStartTime()).orElse(Timestamps.format(now));
    }
}
