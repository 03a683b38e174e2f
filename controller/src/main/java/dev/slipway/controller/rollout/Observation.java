package dev.slipway.controller.rollout;

import dev.slipway.api.v1alpha1.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the reconciler observed of one release and its surroundings, the only input of
 * {@link ReleaseStateMachine}. Built from informer caches; no client call happens in the decision.
 *
 * @param release        the release, its image and config resolved
 * @param deployment     the App's Deployment, when it exists
 * @param oldPods        serving pods of the App from other revisions, terminating ones included
 * @param jobs           the hook Jobs of this release by name; a Job that a status records but the
 *                       cluster no longer has is {@link HookJobState.Outcome#MISSING}
 * @param olderInFlight  a lower revision of the same App is still Pending or Running
 * @param newerRevision  the highest revision of the same App above this one, if any
 * @param lastComplete   revision of the App's serving (last Complete) release, if any
 * @param replicas       the App's replica count now
 * @param now            the time of the decision
 * @param retryBaseDelay delay before a Retry hook's second attempt; it doubles per attempt
 * @param crossed        for a rollback, the lower releases whose migrations it crosses, newest first
 *                       ({@link dev.slipway.api.v1alpha1.Migrations#crossed}); empty otherwise
 * @param refused        the API server refused the write of the pass that decided from this same
 *                       observation; empty in an ordinary pass
 */
public record Observation(
        Release release,
        Optional<DeploymentState> deployment,
        int oldPods,
        Map<String, HookJobState> jobs,
        boolean olderInFlight,
        OptionalLong newerRevision,
        OptionalLong lastComplete,
        int replicas,
        Instant now,
        Duration retryBaseDelay,
        List<Release> crossed,
        Optional<Refused> refused) {

    /**
     * A refused write, as the error-status hook saw it.
     *
     * @param message  the refusal in the server's words
     * @param attempt  how many times in a row it was refused: 1 the first time
     * @param lastTry  the controller will not retry on its own after this one
     */
    public record Refused(String message, int attempt, boolean lastTry) {
    }

    /** This observation, for a pass whose write was refused. */
    public Observation refused(Refused refusal) {
        return new Observation(release, deployment, oldPods, jobs, olderInFlight, newerRevision, lastComplete,
                replicas, now, retryBaseDelay, crossed, Optional.of(refusal));
    }
}
