package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** How a build went and, when Complete, the image it pushed. */
@JsonClassDescription("How the build went, written by the controller.")
public class BuildStatus {

    @JsonPropertyDescription("New, Pending, Running, Complete, Failed or Cancelled.")
    private BuildPhase phase;

    @JsonPropertyDescription("The pushed image by digest; set on Complete.")
    private String image;

    @JsonPropertyDescription("The builder that ran: spec.builder, or the catalog builder detected from the source"
            + " when the build names none.")
    private String builder;

    @JsonPropertyDescription("The builder image the build ran FROM, by digest when the controller knew it"
            + " (<image>:<tag>@sha256:...). A change of that tag's digest rebuilds the App (triggers.builderImage).")
    private String builderImage;

    @JsonPropertyDescription("The commit that was cloned, once the clone step has ended.")
    private SourceRevision revision;

    @JsonPropertyDescription("When the build began running (RFC 3339).")
    private String startedAt;

    @JsonPropertyDescription("When the build reached a final phase (RFC 3339).")
    private String completedAt;

    @JsonPropertyDescription("Why the build failed or was cancelled, for a person.")
    private String message;

    @JsonPropertyDescription("Name of the pod that runs the build, for its log.")
    private String podName;

    @JsonPropertyDescription("Conditions in the metav1.Condition shape.")
    private List<Condition> conditions;

    public BuildPhase getPhase() {
        return phase;
    }

    public void setPhase(BuildPhase phase) {
        this.phase = phase;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getBuilder() {
        return builder;
    }

    public void setBuilder(String builder) {
        this.builder = builder;
    }

    public String getBuilderImage() {
        return builderImage;
    }

    public void setBuilderImage(String builderImage) {
        this.builderImage = builderImage;
    }

    public SourceRevision getRevision() {
        return revision;
    }

    public void setRevision(SourceRevision revision) {
        this.revision = revision;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getCompletedAt() {
        return completedAt;
    }

    public void setCompletedAt(String completedAt) {
        this.completedAt = completedAt;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getPodName() {
        return podName;
    }

    public void setPodName(String podName) {
        this.podName = podName;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
