package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** CPU and memory of each pod: what it is guaranteed and what it may not exceed. */
public class ComputeResources {

    @JsonPropertyDescription("What each pod is guaranteed and scheduled by.")
    private ResourceAmounts requests;

    @JsonPropertyDescription("What each pod may not exceed.")
    private ResourceAmounts limits;

    public ResourceAmounts getRequests() {
        return requests;
    }

    public void setRequests(ResourceAmounts requests) {
        this.requests = requests;
    }

    public ResourceAmounts getLimits() {
        return limits;
    }

    public void setLimits(ResourceAmounts limits) {
        this.limits = limits;
    }
}
