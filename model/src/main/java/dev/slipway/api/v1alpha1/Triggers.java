package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What starts a release without anybody asking. */
public class Triggers {

    @JsonPropertyDescription("A change to what the pods run (image, env, resources, port, probes) starts a release."
            + " Defaults to true.")
    private Boolean config;

    @JsonPropertyDescription("A build that completes starts a release of its image. Defaults to true.")
    private Boolean image;

    public Boolean getConfig() {
        return config;
    }

    public void setConfig(Boolean config) {
        this.config = config;
    }

    public Boolean getImage() {
        return image;
    }

    public void setImage(Boolean image) {
        this.image = image;
    }
}
