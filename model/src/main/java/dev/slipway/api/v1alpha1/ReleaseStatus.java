package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** How the rollout of a release went, step by step. */
@JsonClassDescription("How the rollout went, step by step, written by the controller.")
public class ReleaseStatus {

    @JsonPropertyDescription("Pending, AwaitingApproval, Running, Complete, Failed, RolledBack, Superseded, Rejected,"
            + " Expired or Cancelled.")
    private ReleasePhase phase;

    @JsonPropertyDescription("The decision on a release that needed approval: who approved or rejected it, when and"
            + " why. Written by the API server only.")
    private ApprovalStatus approval;

    @JsonPropertyDescription("The rollout's steps in order: pre-hook, scale-down and mid-hook (Recreate only), rollout,"
            + " post-hook.")
    private List<ReleaseStep> steps;

    @JsonPropertyDescription("When the rollout began (RFC 3339).")
    private String startedAt;

    @JsonPropertyDescription("When the release reached a final phase (RFC 3339).")
    private String completedAt;

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Conditions in the metav1.Condition shape; a failed or rolled back release says why here.")
    private List<Condition> conditions;

    public ReleasePhase getPhase() {
        return phase;
    }

    public void setPhase(ReleasePhase phase) {
        this.phase = phase;
    }

    public ApprovalStatus getApproval() {
        return approval;
    }

    public void setApproval(ApprovalStatus approval) {
        this.approval = approval;
    }

    public List<ReleaseStep> getSteps() {
        return steps;
    }

    public void setSteps(List<ReleaseStep> steps) {
        this.steps = steps;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getCompletedAt() {
        return completedAt;
    }

    public void setCompletedAt(String completedAt) {
        this.completedAt = completedAt;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
