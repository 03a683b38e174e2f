package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** What starts a release without anybody asking. */
public class Triggers {

    @Default("true")
    @JsonPropertyDescription("A change to what the pods run (image, env, resources, port, probes) starts a release."
            + " Defaults to true.")
    private Boolean config;

    @Default("true")
    @JsonPropertyDescription("A build that completes starts a release of its image. Defaults to true.")
    private Boolean image;

    @Default("true")
    @JsonPropertyDescription("A new digest of the builder image's tag (checked at the installation's poll interval)"
            + " starts a build of the App's source. Defaults to true.")
    private Boolean builderImage;

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

    public Boolean getBuilderImage() {
        return builderImage;
    }

    public void setBuilderImage(Boolean builderImage) {
        this.builderImage = builderImage;
    }

    public boolean configOrDefault() {
        return config == null || config;
    }

    public boolean imageOrDefault() {
        return image == null || image;
    }

    public boolean builderImageOrDefault() {
        return builderImage == null || builderImage;
    }
}
