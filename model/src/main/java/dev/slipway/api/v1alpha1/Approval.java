package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Whether releases wait for a second person's approval, and for how long. On an App it is the
 * App's own choice (see {@link ReleaseApprovals} for how it meets the namespace's label); on a
 * Release it is what was decided when the release was made.
 */
@JsonClassDescription("Whether releases wait for approval by someone other than the person who asked for them.")
public class Approval {

    @JsonPropertyDescription("true: a release waits until someone other than its requester approves it through the"
            + " API (or rejects it). On an App, false turns approval off even where the namespace's label"
            + " slipway.dev/approval-required=true asks for it; omitted there, that label decides.")
    private Boolean required;

    @Min(1)
    @Max(ReleaseApprovals.MAX_EXPIRES_AFTER_SECONDS)
    @Default("86400")
    @JsonPropertyDescription("Seconds a release waits for approval, from when it was made; then it ends Expired."
            + " Defaults to 86400 (24 h).")
    private Integer expiresAfterSeconds;

    public Boolean getRequired() {
        return required;
    }

    public void setRequired(Boolean required) {
        this.required = required;
    }

    public Integer getExpiresAfterSeconds() {
        return expiresAfterSeconds;
    }

    public void setExpiresAfterSeconds(Integer expiresAfterSeconds) {
        this.expiresAfterSeconds = expiresAfterSeconds;
    }

    public int expiresAfterSecondsOrDefault() {
        return expiresAfterSeconds != null ? expiresAfterSeconds : 86_400;
    }
}
