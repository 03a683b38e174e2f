package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Migrations;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.controller.model.AppDeployment;
import dev.slipway.controller.rollout.DeploymentState;
import dev.slipway.controller.rollout.HookJobState;
import dev.slipway.controller.rollout.Observation;
import dev.slipway.controller.status.Timestamps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the release reconciler sees of a release's surroundings, as the state machine's
 * {@link Observation}: from informer caches, with one live read when a hook Job that the status
 * records is missing from the cache (just created, or deleted since), and one when a hook failed
 * (its pod's termination message).
 */
final class ReleaseObserver {

    private final InformerEventSource<Pod, Release> pods;
    private final Duration retryBaseDelay;

    ReleaseObserver(InformerEventSource<Pod, Release> pods, Duration retryBaseDelay) {
        this.pods = pods;
        this.retryBaseDelay = retryBaseDelay;
    }

    Observation observe(Release release, App app, List<Release> releases, Context<Release> context) {
        long revision = release.getSpec().getRevision();
        String appName = app.getMetadata().getName();
        Optional<DeploymentState> deployment = context.getSecondaryResource(Deployment.class).map(ReleaseObserver::state);
        int oldPods = (int) pods.byIndex(Releases.BY_APP, Releases.appKey(release.getMetadata().getNamespace(), appName))
                .stream().filter(p -> !Long.toString(revision).equals(p.getMetadata().getLabels().get(Labels.REVISION)))
                .count();
        Map<String, HookJobState> jobs = new HashMap<>();
        for (Job job : context.getSecondaryResources(Job.class)) {
            jobs.put(job.getMetadata().getName(), state(job, context.getClient()));
        }
        currentJob(release).filter(name -> !jobs.containsKey(name)).ifPresent(name -> {
            // Not in the cache: either just created (the add event is on its way) or deleted since.
            Job live = context.getClient().batch().v1().jobs().inNamespace(release.getMetadata().getNamespace())
                    .withName(name).get();
            if (live == null) {
                jobs.put(name, HookJobState.missing());
            } else {
                jobs.put(name, state(live, context.getClient()));
            }
        });
        OptionalLong newer = releases.stream().mapToLong(Releases::revision).filter(r -> r > revision).max();
        boolean olderInFlight = releases.stream().anyMatch(r -> Releases.revision(r) < revision && Releases.inFlight(r));
        OptionalLong lastComplete = Releases.serving(releases.stream().filter(r -> Releases.revision(r) < revision).toList())
                .map(r -> OptionalLong.of(Releases.revision(r))).orElse(OptionalLong.empty());
        int replicas = app.getSpec().replicasOrDefault();
        Long rollbackOf = release.getSpec().getRollbackOf();
        List<Release> crossed = rollbackOf == null ? List.of() : Migrations.crossed(
                releases.stream().filter(r -> Releases.revision(r) < revision).toList(), rollbackOf);
        return new Observation(release, deployment, oldPods, jobs, olderInFlight, newer, lastComplete, replicas,
                Instant.now(), retryBaseDelay, crossed, Optional.empty());
    }

    private static Optional<String> currentJob(Release release) {
        if (release.getStatus() == null || release.getStatus().getSteps() == null) {
            return Optional.empty();
        }
        return release.getStatus().getSteps().stream()
                .filter(s -> s.getJob() != null && s.getPhase() == dev.slipway.api.v1alpha1.StepPhase.Running)
                .map(ReleaseStep::getJob).findFirst();
    }

    static DeploymentState state(Deployment d) {
        var status = d.getStatus();
        return new DeploymentState(AppDeployment.templateRevision(d),
                d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas(),
                d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration(),
                status == null || status.getObservedGeneration() == null ? 0 : status.getObservedGeneration(),
                status == null || status.getReplicas() == null ? 0 : status.getReplicas(),
                status == null || status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas(),
                status == null || status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas());
    }

    /** A Job's outcome; for a failure, the reason with the termination message of its pod. */
    private static HookJobState state(Job job, KubernetesClient client) {
        List<JobCondition> conditions = job.getStatus() == null || job.getStatus().getConditions() == null ? List.of()
                : job.getStatus().getConditions();
        for (JobCondition c : conditions) {
            if ("True".equals(c.getStatus()) && "Complete".equals(c.getType())) {
                return new HookJobState(HookJobState.Outcome.SUCCEEDED, Timestamps.parse(c.getLastTransitionTime()), null);
            }
            if ("True".equals(c.getStatus()) && "Failed".equals(c.getType())) {
                return new HookJobState(HookJobState.Outcome.FAILED, Timestamps.parse(c.getLastTransitionTime()),
                        terminationMessage(job, client).orElse(c.getMessage() != null ? c.getMessage() : c.getReason()));
            }
        }
        return HookJobState.running();
    }

    private static Optional<String> terminationMessage(Job job, KubernetesClient client) {
        return client.pods().inNamespace(job.getMetadata().getNamespace())
                .withLabel("job-name", job.getMetadata().getName()).list().getItems().stream()
                .flatMap(p -> p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? java.util.stream.Stream.of()
                        : p.getStatus().getContainerStatuses().stream())
                .map(cs -> cs.getState() == null ? null : cs.getState().getTerminated())
                .filter(Objects::nonNull)
                .map(t -> "exit code " + t.getExitCode() + (t.getMessage() == null || t.getMessage().isBlank() ? ""
                        : ": " + t.getMessage().strip()))
                .findFirst();
    }
}
