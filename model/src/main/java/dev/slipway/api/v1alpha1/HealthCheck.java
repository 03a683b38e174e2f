package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
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
    @JsonPropertyDescription("Seconds after the container starts before the first probe. Defaults to 0.")
    private Integer initialDelaySeconds;

    @Min(1)
    @Max(300)
    @JsonPropertyDescription("Seconds between probes. Defaults to 10.")
    private Integer periodSeconds;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Consecutive failures after which the pod is taken out of service (and restarted). Defaults to 3.")
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
}
