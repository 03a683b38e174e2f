package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/**
 * Labels and annotations added to pods, for the tools around them: metrics scrapers, service
 * meshes (a hook's Job must often opt out of a sidecar, or it never completes), policies.
 * Slipway's own {@code slipway.dev/} labels always win.
 */
public class PodMetadata {

    @JsonPropertyDescription("Labels added to the pods.")
    private Map<String, String> labels;

    @JsonPropertyDescription("Annotations added to the pods.")
    private Map<String, String> annotations;

    public Map<String, String> getLabels() {
        return labels;
    }

    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }
}
