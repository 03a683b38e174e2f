package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/** The Deployment's rolling update bounds, in pods or as a percentage of replicas. */
public class RollingParams {

    /** int-or-string fields take no OpenAPI pattern, so the string form is checked with CEL. */
    static final String COUNT_OR_PERCENT = "type(self) == int || self.matches('^[0-9]+%$')";

    @ValidationRule(value = COUNT_OR_PERCENT, message = "must be a number of pods or a percentage such as 25%")
    @Default("25%")
    @JsonPropertyDescription("Pods that may run above replicas during the rollout: a number or a percentage. Defaults to 25%.")
    private IntOrString maxSurge;

    @ValidationRule(value = COUNT_OR_PERCENT, message = "must be a number of pods or a percentage such as 25%")
    @Default("0")
    @JsonPropertyDescription("Pods that may be unavailable during the rollout: a number or a percentage. Defaults to 0.")
    private IntOrString maxUnavailable;

    public IntOrString getMaxSurge() {
        return maxSurge;
    }

    public void setMaxSurge(IntOrString maxSurge) {
        this.maxSurge = maxSurge;
    }

    public IntOrString getMaxUnavailable() {
        return maxUnavailable;
    }

    public void setMaxUnavailable(IntOrString maxUnavailable) {
        this.maxUnavailable = maxUnavailable;
    }

    public IntOrString maxSurgeOrDefault() {
        return maxSurge != null ? maxSurge : new IntOrString("25%");
    }

    public IntOrString maxUnavailableOrDefault() {
        return maxUnavailable != null ? maxUnavailable : new IntOrString(0);
    }
}
