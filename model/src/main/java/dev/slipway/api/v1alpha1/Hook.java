package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A command run once per release at a fixed point of the rollout, with the app's env. */
@ValidationRule(value = "!has(self.maxAttempts) || (has(self.failurePolicy) && self.failurePolicy == 'Retry')",
        message = "maxAttempts applies only to failurePolicy Retry", fieldPath = ".maxAttempts",
        reason = "FieldValueForbidden")
public class Hook {

    @Required
    @Size(min = 1)
    @JsonPropertyDescription("The command and its arguments, run in the release's image (no shell unless you name one).")
    private List<String> command;

    @Default("Abort")
    @JsonPropertyDescription("What a failure does. Abort: the release fails and is rolled back. Retry: run again with"
            + " backoff, up to maxAttempts, then Abort. Ignore: record the failure and go on. Defaults to Abort.")
    private FailurePolicy failurePolicy;

    @Min(1)
    @Max(10)
    @JsonPropertyDescription("With Retry: how many times the hook may run in all. Defaults to 3.")
    private Integer maxAttempts;

    @JsonPropertyDescription("Labels and annotations added to this hook's pods only, such as a service mesh opt-out.")
    private PodMetadata podMetadata;

    @JsonPropertyDescription("Marks this hook as a schema migration, reversible with a down command or not. At most one"
            + " hook of a release carries it.")
    private Migration migration;

    public List<String> getCommand() {
        return command;
    }

    public void setCommand(List<String> command) {
        this.command = command;
    }

    public FailurePolicy getFailurePolicy() {
        return failurePolicy;
    }

    public void setFailurePolicy(FailurePolicy failurePolicy) {
        this.failurePolicy = failurePolicy;
    }

    public Integer getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public PodMetadata getPodMetadata() {
        return podMetadata;
    }

    public void setPodMetadata(PodMetadata podMetadata) {
        this.podMetadata = podMetadata;
    }

    public Migration getMigration() {
        return migration;
    }

    public void setMigration(Migration migration) {
        this.migration = migration;
    }

    public FailurePolicy failurePolicyOrDefault() {
        return failurePolicy != null ? failurePolicy : FailurePolicy.Abort;
    }

    /**
     * How many times the hook may run, 3 when unset. Not a default of the CRD: maxAttempts is only
     * allowed with Retry, so a default filled in on every hook would make each Abort hook invalid.
     */
    public int maxAttemptsOrDefault() {
        return maxAttempts != null ? maxAttempts : 3;
    }
}
