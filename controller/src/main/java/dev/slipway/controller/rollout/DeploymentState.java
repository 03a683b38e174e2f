package dev.slipway.controller.rollout;

/**
 * The parts of a Deployment a rollout decides on.
 *
 * @param templateRevision   release revision of the pod template, -1 when Slipway did not write it
 * @param specReplicas       replicas asked for
 * @param generation         metadata.generation
 * @param observedGeneration status.observedGeneration: the Deployment controller has seen the spec
 * @param replicas           pods of any revision the Deployment counts
 * @param updatedReplicas    pods of the current template
 * @param availableReplicas  pods ready for minReadySeconds
 */
public record DeploymentState(long templateRevision, int specReplicas, long generation, long observedGeneration,
        int replicas, int updatedReplicas, int availableReplicas) {

    /**
     * The Deployment runs {@code revision} with {@code wanted} pods, all available and no others.
     * Example: wanted 3, template 7, observed generation current, 3 updated, 3 available, 3 in
     * all: done; 4 in all (an old pod still terminating): not done.
     */
    public boolean rolledOut(long revision, int wanted) {
        return templateRevision == revision && specReplicas == wanted && observedGeneration >= generation
                && updatedReplicas == wanted && availableReplicas >= wanted && replicas == wanted;
    }

    /**
     * How far a rollout to {@code wanted} pods is, counted as {@code kubectl rollout status} counts:
     * pods of the new template first, then old pods still terminating, then new pods available. Only
     * then is "available" about new pods alone: the Deployment's available count includes old pods,
     * so a new pod that never became ready is never reported available while an old one serves.
     */
    public String progress(int wanted) {
        if (updatedReplicas < wanted) {
            return updatedReplicas + " of " + wanted + " new pods created";
        }
        if (replicas > updatedReplicas) {
            return (replicas - updatedReplicas) + " old " + (replicas - updatedReplicas == 1 ? "pod" : "pods")
                    + " pending termination";
        }
        return Math.min(availableReplicas, updatedReplicas) + " of " + wanted + " new pods available";
    }
}
