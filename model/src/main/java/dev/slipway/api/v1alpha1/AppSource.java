package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where an App's code comes from and what turns it into an image: a builder image, or its own Dockerfile. */
@ValidationRule(value = "!(has(self.builder) && has(self.dockerfile))", message = "name a builder or a dockerfile, not both")
public class AppSource {

    @JsonPropertyDescription("The git repository to build. Omitted: the App is built only from folders uploaded to it"
            + " (slipway build --from-dir), and no build starts before the first upload.")
    private GitSource git;

    @Pattern("^\\S+$")
    @JsonPropertyDescription("A builder name from the catalog (java, node, python, ruby, go, static) or a full builder"
            + " image reference. Omitted: detected from the source (pom.xml: java, package.json: node, ...).")
    private String builder;

    @Pattern("^([^/.][^/]*)(/[^/]+)*$")
    @Size(max = 255)
    @ValidationRule(value = "!self.matches('(^|/)[.][.](/|$)')",
            message = "dockerfile must stay inside the repository (no '..')")
    @JsonPropertyDescription("The repository's own Dockerfile, relative to contextDir (for example Dockerfile), built as it is"
            + " (multi-stage too) with the App's plain env values as build arguments. Not together with builder.")
    private String dockerfile;

    @JsonPropertyDescription("The Secret whose key secret verifies git push webhooks (POST /hooks/{ns}/{app}/git of the"
            + " web API). Omitted: the Secret <app>-webhook.")
    private SecretReference webhookSecret;

    public GitSource getGit() {
        return git;
    }

    public void setGit(GitSource git) {
        this.git = git;
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

    public SecretReference getWebhookSecret() {
        return webhookSecret;
    }

    public void setWebhookSecret(SecretReference webhookSecret) {
        this.webhookSecret = webhookSecret;
    }
}
