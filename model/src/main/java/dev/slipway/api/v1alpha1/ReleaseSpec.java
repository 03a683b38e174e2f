package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What a release rolls out. Immutable, so the history of an App can be trusted, with one
 * exception: a release requested without an image or config (a plain "release the App as it is
 * now", or a rollback) has them filled in once by the controller, as a Pod's node is set once by
 * the scheduler.
 */
@ValidationRule(value = "self.app == oldSelf.app && self.revision == oldSelf.revision"
        + " && has(self.rollbackOf) == has(oldSelf.rollbackOf) && (!has(self.rollbackOf) || self.rollbackOf == oldSelf.rollbackOf)"
        + " && has(self.reason) == has(oldSelf.reason) && (!has(self.reason) || self.reason == oldSelf.reason)"
        + " && has(self.force) == has(oldSelf.force) && (!has(self.force) || self.force == oldSelf.force)"
        + " && (!has(oldSelf.image) || has(self.image)) && (!has(oldSelf.config) || has(self.config))"
        + " && (!has(oldSelf.approval) || (has(self.approval) && (self.approval == oldSelf.approval"
        + " || !has(oldSelf.approval.required) || !oldSelf.approval.required)))",
        message = "a Release's spec cannot change once created (only a missing image and config are filled in, once,"
                + " and approval may be turned on, never off); request a new release instead")
@ValidationRule(value = "!has(self.rollbackOf) || self.rollbackOf < self.revision",
        message = "rollbackOf must name an earlier revision", fieldPath = ".rollbackOf")
@JsonClassDescription("What this release rolls out; it cannot change once created.")
public class ReleaseSpec {

    @Required
    @Size(max = Names.MAX_APP_NAME)
    @Pattern(Names.DNS_LABEL)
    @JsonPropertyDescription("Name of the App in the same namespace.")
    private String app;

    @Required
    @Min(1)
    @JsonPropertyDescription("Revision number: one more than the App's previous release.")
    private Long revision;

    @Pattern("^\\S+$")
    @ValidationRule(value = "self == oldSelf", message = "image cannot change once set")
    @JsonPropertyDescription("Image to run, by digest where known. Omitted: filled in by the controller with the App's"
            + " current image, or with the image of the revision rolled back to.")
    private String image;

    @Size(max = 1024)
    @JsonPropertyDescription("Why this release exists: \"config change\", \"image change: build shop-build-12\","
            + " \"requested by alice: hotfix\", \"rollback to 5\".")
    private String reason;

    @Min(1)
    @JsonPropertyDescription("Set when this release restores the image and config of that earlier revision.")
    private Long rollbackOf;

    @JsonPropertyDescription("A rollback only: go ahead across newer releases whose irreversible migrations ran (their"
            + " schema stays as they left it). Recorded with the requester in a condition and an Event.")
    private Boolean force;

    @JsonPropertyDescription("What the release runs besides its image. Omitted: filled in by the controller from the App, or from the revision rolled back to.")
    @ValidationRule(value = "self == oldSelf", message = "config cannot change once set")
    private ReleaseConfig config;

    @JsonPropertyDescription("Whether this release waits for approval by someone other than its requester, decided when"
            + " it was made from its App and namespace (the App's approval, else the namespace's label"
            + " slipway.dev/approval-required). Omitted: none was needed then; the controller checks again before the"
            + " release starts and may turn it on, never off.")
    private Approval approval;

    public String getApp() {
        return app;
    }

    public void setApp(String app) {
        this.app = app;
    }

    public Long getRevision() {
        return revision;
    }

    public void setRevision(Long revision) {
        this.revision = revision;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public Long getRollbackOf() {
        return rollbackOf;
    }

    public void setRollbackOf(Long rollbackOf) {
        this.rollbackOf = rollbackOf;
    }

    public Approval getApproval() {
        return approval;
    }

    public void setApproval(Approval approval) {
        this.approval = approval;
    }

    public ReleaseConfig getConfig() {
        return config;
    }

    public void setConfig(ReleaseConfig config) {
        this.config = config;
    }

    public Boolean getForce() {
        return force;
    }

    public void setForce(Boolean force) {
        this.force = force;
    }
}
