package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** How a release replaces the pods of the one before it. */
@ValidationRule(value = "self.type == 'Rolling' || !has(self.rolling)",
        message = "rolling parameters apply only to strategy.type Rolling", fieldPath = ".rolling",
        reason = "FieldValueForbidden")
public class Strategy {

    @Required
    @JsonPropertyDescription("Rolling: new pods replace old ones gradually, both serve meanwhile. Recreate: every old pod"
            + " stops before any new one starts, so a mid hook can migrate with no code running.")
    private StrategyType type;

    @JsonPropertyDescription("Surge and unavailability bounds of a Rolling release.")
    private RollingParams rolling;

    @Min(1)
    @Default("600")
    @JsonPropertyDescription("A release not Complete after this many seconds fails and is rolled back. Defaults to 600.")
    private Integer timeoutSeconds;

    public StrategyType getType() {
        return type;
    }

    public void setType(StrategyType type) {
        this.type = type;
    }

    public RollingParams getRolling() {
        return rolling;
    }

    public void setRolling(RollingParams rolling) {
        this.rolling = rolling;
    }

    public Integer getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(Integer timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The type, Rolling when unset: the CRD requires it, but a strategy made in code may lack it. */
    public StrategyType typeOrDefault() {
        return type != null ? type : StrategyType.Rolling;
    }

    public RollingParams rollingOrDefault() {
        return rolling != null ? rolling : new RollingParams();
    }

    public int timeoutSecondsOrDefault() {
        return timeoutSeconds != null ? timeoutSeconds : 600;
    }
}
