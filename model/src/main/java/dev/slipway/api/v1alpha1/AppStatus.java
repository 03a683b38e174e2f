package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What Slipway observed of an App: its serving release, its latest build and its URL. */
@JsonClassDescription("What Slipway observed of the App, written by the controller.")
public class AppStatus {

    @JsonPropertyDescription("Pending, Building, Deploying, Ready or Failed.")
    private AppPhase phase;

    @JsonPropertyDescription("The highest release revision created for this App.")
    private Long latestRevision;

    @JsonPropertyDescription("Name of the Release now serving.")
    private String currentRelease;

    @JsonPropertyDescription("Name of the most recent Build.")
    private String latestBuild;

    @JsonPropertyDescription("URL of the first admitted route.")
    private String url;

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Ready, Progressing, Degraded and BuildSucceeded, in the metav1.Condition shape.")
    private List<Condition> conditions;

    public AppPhase getPhase() {
        return phase;
    }

    public void setPhase(AppPhase phase) {
        this.phase = phase;
    }

    public Long getLatestRevision() {
        return latestRevision;
    }

    public void setLatestRevision(Long latestRevision) {
        this.latestRevision = latestRevision;
    }

    public String getCurrentRelease() {
        return currentRelease;
    }

    public void setCurrentRelease(String currentRelease) {
        this.currentRelease = currentRelease;
    }

    public String getLatestBuild() {
        return latestBuild;
    }

    public void setLatestBuild(String latestBuild) {
        this.latestBuild = latestBuild;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
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
