package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What to build, with which builder, and where the image goes; immutable once created. */
@ValidationRule(value = "self == oldSelf", message = "a Build's spec cannot change once created; start a new build instead")
@JsonClassDescription("What to build, with which builder, and where the image goes; it cannot change once created.")
public class BuildSpec {

    @Required
    @Size(max = Names.MAX_APP_NAME)
    @Pattern(Names.DNS_LABEL)
    @JsonPropertyDescription("Name of the App in the same namespace.")
    private String app;

    @Required
    @JsonPropertyDescription("The source revision to build.")
    private BuildSource source;

    @Pattern("^\\S+$")
    @JsonPropertyDescription("Builder name from the catalog or a builder image reference. Omitted: detected from the source.")
    private String builder;

    @Pattern("^([^/.][^/]*)(/[^/]+)*$")
    @Size(max = 255)
    @ValidationRule(value = "!self.matches('(^|/)[.][.](/|$)')",
            message = "dockerfile must stay inside the repository (no '..')")
    @JsonPropertyDescription("The repository's own Dockerfile, relative to the source's contextDir, built instead of a builder"
            + " image.")
    private String dockerfile;

    @Required
    @JsonPropertyDescription("Where the built image is pushed.")
    private BuildOutput output;

    @Size(max = 1024)
    @JsonPropertyDescription("What started the build: \"webhook: push 3f2a\", \"builder image changed\", \"requested by alice\","
            + " \"source change\".")
    private String trigger;

    public String getApp() {
        return app;
    }

    public void setApp(String app) {
        this.app = app;
    }

    public BuildSource getSource() {
        return source;
    }

    public void setSource(BuildSource source) {
        this.source = source;
    }

    public String getBuilder() {
        return builder;
    }

    public void setBuilder(String builder) {
        this.builder = builder;
    }

    public String getDockerfile() {
        return dockerfile;
    }

    public void setDockerfile(String dockerfile) {
        this.dockerfile = dockerfile;
    }

    public BuildOutput getOutput() {
        return output;
    }

    public void setOutput(BuildOutput output) {
        this.output = output;
    }

    public String getTrigger() {
        return trigger;
    }

    public void setTrigger(String trigger) {
        this.trigger = trigger;
    }
}
