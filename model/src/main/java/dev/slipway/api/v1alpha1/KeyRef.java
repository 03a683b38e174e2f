package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One key of a Secret or ConfigMap in the same namespace. */
public class KeyRef {

    @Required
    @Size(max = 253)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    @JsonPropertyDescription("Name of the Secret or ConfigMap.")
    private String name;

    @Required
    @Pattern("^[-._a-zA-Z0-9]+$")
    @JsonPropertyDescription("The key whose value becomes the variable's value.")
    private String key;

    @JsonPropertyDescription("When true, a missing Secret, ConfigMap or key leaves the variable unset instead of"
            + " blocking the pod. Defaults to false.")
    private Boolean optional;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public Boolean getOptional() {
        return optional;
    }

    public void setOptional(Boolean optional) {
        this.optional = optional;
    }

    /**
     * Whether a missing Secret, ConfigMap or key is allowed, false when unset. Not a default of the
     * CRD: the pods get optional as it is written, and a false filled in on every stored object
     * would change the pod template of every Deployment with such a variable, restarting its pods.
     */
    public boolean optionalOrDefault() {
        return optional != null && optional;
    }
}
