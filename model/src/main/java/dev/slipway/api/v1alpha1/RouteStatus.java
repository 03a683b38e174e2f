package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Whether the route holds its host, and the host it holds. */
@JsonClassDescription("Whether the route holds its host, written by the controller.")
public class RouteStatus {

    @JsonPropertyDescription("The host served: spec.host, or the generated one.")
    private String host;

    @JsonPropertyDescription("True when this route holds its host; false, with a condition saying why, when another does.")
    private Boolean admitted;

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Admitted and Ready, in the metav1.Condition shape.")
    private List<Condition> conditions;

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Boolean getAdmitted() {
        return admitted;
    }

    public void setAdmitted(Boolean admitted) {
        this.admitted = admitted;
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
