package dev.slipway.apiserver;

import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStatus;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;

/**
 * Writes release status as the controller would, for tests of what the API makes of it: the
 * controller is not part of the API server's tests.
 */
public final class ControllerStandIn {

    private ControllerStandIn() {
    }

    public static ReleaseStep step(StepName name, StepPhase phase, String message) {
        ReleaseStep step = new ReleaseStep();
        step.setName(name);
        step.setPhase(phase);
        step.setMessage(message);
        return step;
    }

    /** A hook's step that has made {@code attempts} attempts, the latest in Job {@code job}. */
    public static ReleaseStep hookStep(StepName name, StepPhase phase, int attempts, String job) {
        ReleaseStep step = step(name, phase, null);
        step.setAttempts(attempts);
        step.setJob(job);
        return step;
    }

    public static void progress(KubernetesClient client, String release, ReleasePhase phase, List<ReleaseStep> steps) {
        client.resources(Release.class).withName(release).editStatus(r -> {
            ReleaseStatus status = new ReleaseStatus();
            status.setPhase(phase);
            status.setSteps(steps);
            r.setStatus(status);
            return r;
        });
    }
}
