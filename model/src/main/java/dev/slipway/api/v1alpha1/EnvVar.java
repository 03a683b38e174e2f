package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * An environment variable of the app's pods and hooks: a literal value or a key of a Secret or
 * ConfigMap. A subset of the core EnvVar, so that every field can be documented and checked.
 */
@ValidationRule(value = "!(has(self.value) && has(self.valueFrom))", message = "set value or valueFrom, not both",
        fieldPath = ".valueFrom", reason = "FieldValueForbidden")
public class EnvVar {

    @Required
    @Pattern("^[-._a-zA-Z][-._a-zA-Z0-9]*$")
    @JsonPropertyDescription("Variable name: letters, digits, '_', '-' and '.', not starting with a digit.")
    private String name;

    @JsonPropertyDescription("Literal value.")
    private String value;

    @JsonPropertyDescription("Take the value from a key of a Secret or ConfigMap in the App's namespace.")
    private EnvVarSource valueFrom;

    public EnvVar() {
    }

    public EnvVar(String name, String value) {
        this.name = name;
        this.value = value;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    public EnvVarSource getValueFrom() {
        return valueFrom;
    }

    public void setValueFrom(EnvVarSource valueFrom) {
        this.valueFrom = valueFrom;
    }
}
