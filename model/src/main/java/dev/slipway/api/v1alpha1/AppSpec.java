package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/**
 * What the App runs and how Slipway rolls it out: the config its next release copies (the fields
 * of {@link ReleaseConfig}, declared there once), and what only the App has.
 */
@ValidationRule(value = "has(self.source) != has(self.image)",
        message = "exactly one of source (build from git) or image (deploy a prebuilt image) must be set")
@ValidationRule(value = "!has(self.hooks) || !has(self.hooks.mid) || (has(self.strategy) && self.strategy.type == 'Recreate')",
        message = "a mid hook runs between scale-down and rollout, so it needs strategy.type Recreate",
        fieldPath = ".hooks.mid", reason = "FieldValueForbidden")
@JsonClassDescription("What the App runs and how Slipway rolls it out.")
public class AppSpec extends ReleaseConfig {

    @JsonPropertyDescription("Build the app from a git repository with a builder image. Exactly one of source or image.")
    private AppSource source;

    @Pattern("^\\S+$")
    @JsonPropertyDescription("Deploy this prebuilt image reference, with no build. Exactly one of source or image.")
    private String image;

    @Min(0)
    @Default("1")
    @JsonPropertyDescription("Number of pods to run. Defaults to 1.")
    private Integer replicas;

    @JsonPropertyDescription("Hosts that route to the app; each becomes a Route owned by the App.")
    private List<AppRoute> routes;

    @Default("{}")
    @JsonPropertyDescription("What starts a new release on its own.")
    private Triggers triggers;

    @JsonPropertyDescription("Whether this App's releases wait for approval by someone other than the person who asked"
            + " for them. Omitted: the namespace's label slipway.dev/approval-required=true decides; set here, this wins"
            + " over the label.")
    private Approval approval;

    @Min(1)
    @Default("10")
    @JsonPropertyDescription("How many finished releases (and their hook Jobs) to keep. Defaults to 10.")
    private Integer revisionHistoryLimit;

    public AppSource getSource() {
        return source;
    }

    public void setSource(AppSource source) {
        this.source = source;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public List<AppRoute> getRoutes() {
        return routes;
    }

    public void setRoutes(List<AppRoute> routes) {
        this.routes = routes;
    }

    public Triggers getTriggers() {
        return triggers;
    }

    public void setTriggers(Triggers triggers) {
        this.triggers = triggers;
    }

    public Approval getApproval() {
        return approval;
    }

    public void setApproval(Approval approval) {
        this.approval = approval;
    }

    public Integer getRevisionHistoryLimit() {
        return revisionHistoryLimit;
    }

    public void setRevisionHistoryLimit(Integer revisionHistoryLimit) {
        this.revisionHistoryLimit = revisionHistoryLimit;
    }

    public int replicasOrDefault() {
        return replicas != null ? replicas : 1;
    }

    public Triggers triggersOrDefault() {
        return triggers != null ? triggers : new Triggers();
    }

    public int revisionHistoryLimitOrDefault() {
        return revisionHistoryLimit != null ? revisionHistoryLimit : 10;
    }
}
