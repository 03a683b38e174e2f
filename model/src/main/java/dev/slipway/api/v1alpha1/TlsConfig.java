package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** TLS of a route: where TLS ends and what plain HTTP does. Keys stay in Secrets, never here. */
@ValidationRule(value = "self.termination != 'passthrough' || !has(self.secretName)",
        message = "passthrough leaves TLS to the app, so it takes no secretName", fieldPath = ".secretName",
        reason = "FieldValueForbidden")
public class TlsConfig {

    @Required
    @JsonPropertyDescription("edge: TLS ends at the router. passthrough: the app terminates TLS. reencrypt: the router"
            + " terminates and opens TLS again to the app.")
    private TlsTermination termination;

    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    @JsonPropertyDescription("Name of a kubernetes.io/tls Secret in the same namespace with the certificate and key.")
    private String secretName;

    @Default("Redirect")
    @JsonPropertyDescription("Plain HTTP requests: Redirect to HTTPS, Allow them, or None (refuse). Defaults to Redirect.")
    private InsecurePolicy insecure;

    public TlsTermination getTermination() {
        return termination;
    }

    public void setTermination(TlsTermination termination) {
        this.termination = termination;
    }

    public String getSecretName() {
        return secretName;
    }

    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }

    public InsecurePolicy getInsecure() {
        return insecure;
    }

    public void setInsecure(InsecurePolicy insecure) {
        this.insecure = insecure;
    }

    public InsecurePolicy insecureOrDefault() {
        return insecure != null ? insecure : InsecurePolicy.Redirect;
    }
}
