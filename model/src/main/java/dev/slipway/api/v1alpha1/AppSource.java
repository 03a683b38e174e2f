package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Where an App's code comes from and which builder image turns it into an image. */
public class AppSource {

    @Required
    @JsonPropertyDescription("The git repository to build.")
    private GitSource git;

    @Pattern("^\\S+$")
    @JsonPropertyDescription("A builder name from the catalog (java, node, python, ruby, go, static) or a full builder"
            + " image reference. Omitted: detected from the source (pom.xml: java, package.json: node, ...).")
    private String builder;

    @JsonPropertyDescription("The Secret whose key secret verifies git push webhooks (POST /hooks/{ns}/{app}/git of the"
            + " web API). Omitted: the Secret <app>-webhook.")
    private WebhookSecret webhookSecret;

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

    public WebhookSecret getWebhookSecret() {
        return webhookSecret;
    }

    public void setWebhookSecret(WebhookSecret webhookSecret) {
        this.webhookSecret = webhookSecret;
    }
}
