package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** One step of a rollout, with the Job that ran it when it is a hook. */
public class ReleaseStep {

    @Required
    @JsonPropertyDescription("migrate-down, pre-hook, scale-down, mid-hook, rollout or post-hook.")
    private StepName name;

    @Required
    @JsonPropertyDescription("Pending, Running, Complete, Failed or Skipped.")
    private StepPhase phase;

    @JsonPropertyDescription("When the step began (RFC 3339).")
    private String startedAt;

    @JsonPropertyDescription("When the step ended (RFC 3339).")
    private String finishedAt;

    @JsonPropertyDescription("Name of the hook's Job of the latest attempt.")
    private String job;

    @JsonPropertyDescription("Hook attempts made so far.")
    private Integer attempts;

    @JsonPropertyDescription("migrate-down only: the revision whose migration this step undoes, with that release's"
            + " image and down command.")
    private Long undoes;

    @JsonPropertyDescription("What is happening or why it failed, for a person.")
    private String message;

    public StepName getName() {
        return name;
    }

    public void setName(StepName name) {
        this.name = name;
    }

    public StepPhase getPhase() {
        return phase;
    }

    public void setPhase(StepPhase phase) {
        this.phase = phase;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(String finishedAt) {
        this.finishedAt = finishedAt;
    }

    public String getJob() {
        return job;
    }

    public void setJob(String job) {
        this.job = job;
    }

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Long getUndoes() {
        return undoes;
    }

    public void setUndoes(Long undoes) {
        this.undoes = undoes;
    }
}
