package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A revision of a git repository. */
public class GitSource {

    @Required
    @Pattern("^((https?|ssh|git|file)://\\S+|[\\w.-]+@[\\w.-]+:\\S+)$")
    @JsonPropertyDescription("Clone URL: https://, ssh://, git:// or scp-like user@host:path.")
    private String url;

    @Pattern("^[^\\s~^:?\\[\\\\]+$")
    @JsonPropertyDescription("Branch or tag to build, or a tag pattern with * (v*: the newest matching tag in version"
            + " order; a push of a matching tag starts a build of it). Defaults to the repository's default branch.")
    private String ref;

    @Pattern("^[0-9a-f]{7,64}$")
    @JsonPropertyDescription("An exact commit to build; set on Builds, optional on Apps (pins the source).")
    private String commit;

    @Pattern("^([^/.][^/]*)(/[^/]+)*$")
    @JsonPropertyDescription("Subdirectory of the repository that holds the app, relative and without '..'. Defaults to the root.")
    @Size(max = 255)
    @ValidationRule(value = "!self.matches('(^|/)[.][.](/|$)')",
            message = "contextDir must stay inside the repository (no '..')")
    private String contextDir;

    @JsonPropertyDescription("Secret with the credentials of a private repository, in the same namespace:"
            + " kubernetes.io/ssh-auth (ssh-privatekey and known_hosts) for ssh URLs, kubernetes.io/basic-auth"
            + " (password: a token; username) for https URLs. Only the build's clone step sees it.")
    private SecretReference credentialsSecret;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getRef() {
        return ref;
    }

    public void setRef(String ref) {
        this.ref = ref;
    }

    public String getCommit() {
        return commit;
    }

    public void setCommit(String commit) {
        this.commit = commit;
    }

    public String getContextDir() {
        return contextDir;
    }

    public void setContextDir(String contextDir) {
        this.contextDir = contextDir;
    }

    public SecretReference getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(SecretReference credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }
}
