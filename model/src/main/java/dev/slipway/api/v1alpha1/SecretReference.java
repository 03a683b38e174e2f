package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A Secret in the same namespace, by name: an App's webhook secret (key {@code secret}, which git
 * push webhooks are signed with or carry) and a repository's credentials (see
 * {@link GitSource#getCredentialsSecret()}). OpenShift's build webhooks and source secrets name
 * theirs the same way.
 */
public class SecretReference {

    @Required
    @Size(max = 253)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    @JsonPropertyDescription("Name of the Secret, in the same namespace.")
    private String name;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
