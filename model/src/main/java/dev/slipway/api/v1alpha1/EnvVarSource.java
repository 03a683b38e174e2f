package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where a variable's value comes from: one key of a Secret or of a ConfigMap. */
@ValidationRule(value = "has(self.secretKeyRef) != has(self.configMapKeyRef)",
        message = "exactly one of secretKeyRef or configMapKeyRef must be set")
public class EnvVarSource {

    @JsonPropertyDescription("A key of a Secret in the App's namespace.")
    private KeyRef secretKeyRef;

    @JsonPropertyDescription("A key of a ConfigMap in the App's namespace.")
    private KeyRef configMapKeyRef;

    public KeyRef getSecretKeyRef() {
        return secretKeyRef;
    }

    public void setSecretKeyRef(KeyRef secretKeyRef) {
        this.secretKeyRef = secretKeyRef;
    }

    public KeyRef getConfigMapKeyRef() {
        return configMapKeyRef;
    }

    public void setConfigMapKeyRef(KeyRef configMapKeyRef) {
        this.configMapKeyRef = configMapKeyRef;
    }
}
