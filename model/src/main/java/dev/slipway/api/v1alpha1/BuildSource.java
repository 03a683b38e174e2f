package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The source of one build. */
public class BuildSource {

    @Required
    @JsonPropertyDescription("The git repository, ref and commit to build.")
    private GitSource git;

    public GitSource getGit() {
        return git;
    }

    public void setGit(GitSource git) {
        this.git = git;
    }
}
