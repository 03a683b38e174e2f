package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The source of one build: a git revision, or a folder someone uploaded. */
@ValidationRule(value = "has(self.git) != has(self.upload)", message = "a build's source is git or upload, exactly one")
public class BuildSource {

    @JsonPropertyDescription("The git repository, ref and commit to build.")
    private GitSource git;

    @JsonPropertyDescription("An uploaded folder to build (slipway build --from-dir).")
    private UploadSource upload;

    public GitSource getGit() {
        return git;
    }

    public void setGit(GitSource git) {
        this.git = git;
    }

    public UploadSource getUpload() {
        return upload;
    }

    public void setUpload(UploadSource upload) {
        this.upload = upload;
    }
}
