package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Where a build pushes its image. */
public class BuildOutput {

    @Required
    @Pattern("^\\S+$")
    @JsonPropertyDescription("Image repository to push to, without a tag: the pushed digest is recorded in status.image.")
    private String image;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }
}
