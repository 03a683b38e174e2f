package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** An HTTP GET on the app's port that answers 2xx or 3xx when a pod can take traffic. */
public class HealthCheck {

    @Required
    @Pattern(Names.HTTP_PATH)
    @JsonPropertyDescription("Path to probe, starting with '/'.")
    private String path;

    @Min(0)
    @Max(3600)
    @Default("0")
    @JsonPropertyDescription("Seconds after the container starts before the first probe. Defaults to 0.")
    private Integer initialDelaySeconds;

    @Min(1)
    @Max(300)
    @Default("10")
    @JsonPropertyDescription("Seconds between probes. Defaults to 10.")
    private Integer periodSeconds;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Consecutive failures after which the pod is taken out of service (and restarted)."
            + " Omitted: 3 take it out of service, 6 restart it.")
    private Integer failureThreshold;

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Integer getInitialDelaySeconds() {
        return initialDelaySeconds;
    }

    public void setInitialDelaySeconds(Integer initialDelaySeconds) {
        this.initialDelaySeconds = initialDelaySeconds;
    }

    public Integer getPeriodSeconds() {
        return periodSeconds;
    }

    public void setPeriodSeconds(Integer periodSeconds) {
        this.periodSeconds = periodSeconds;
    }

    public Integer getFailureThreshold() {
        return failureThreshold;
    }

    public void setFailureThreshold(Integer failureThreshold) {
        this.failureThreshold = failureThreshold;
    }

    public int initialDelaySecondsOrDefault() {
        return initialDelaySeconds != null ? initialDelaySeconds : 0;
    }

    public int periodSecondsOrDefault() {
        return periodSeconds != null ? periodSeconds : 10;
    }

    /**
     * Failures before the pod is taken out of service: failureThreshold, else 3. Not a default of
     * the CRD, since one value filled in would also set the liveness threshold, which is 6 when unset.
     */
    public int readinessFailureThreshold() {
        return failureThreshold != null ? failureThreshold : 3;
    }

    /** Failures before the pod is restarted: failureThreshold, else 6, twice the readiness threshold. */
    public int livenessFailureThreshold() {
        return failureThreshold != null ? failureThreshold : 6;
    }
}
