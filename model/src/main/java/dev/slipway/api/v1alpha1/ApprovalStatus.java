package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/**
 * The decision on a release that waited for approval. The API server writes it to the status
 * subresource, which no role shipped for people may write, after checking who decides.
 */
@JsonClassDescription("The decision on a release that waited for approval, as the API server recorded it.")
public class ApprovalStatus {

    @JsonPropertyDescription("Approved or Rejected.")
    private ApprovalDecision decision;

    @JsonPropertyDescription("Who decided: the Kubernetes user name of their token.")
    private String by;

    @JsonPropertyDescription("When the decision was made (RFC 3339).")
    private String at;

    @Size(max = 1024)
    @JsonPropertyDescription("Why, in the words of the person who decided.")
    private String reason;

    public ApprovalDecision getDecision() {
        return decision;
    }

    public void setDecision(ApprovalDecision decision) {
        this.decision = decision;
    }

    public String getBy() {
        return by;
    }

    public void setBy(String by) {
        this.by = by;
    }

    public String getAt() {
        return at;
    }

    public void setAt(String at) {
        this.at = at;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
