package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;

/** Amounts of CPU and memory in Kubernetes quantity notation. */
public class ResourceAmounts {

    /**
     * int-or-string fields take no OpenAPI pattern, so CEL checks the string form with the Kubernetes
     * quantity library (apiserver 1.29 and later).
     */
    static final String IS_QUANTITY = "type(self) == int || isQuantity(self)";

    @ValidationRule(value = IS_QUANTITY,
            message = "must be a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi")
    @JsonPropertyDescription("CPU cores, such as 500m (half a core) or 2.")
    private Quantity cpu;

    @ValidationRule(value = IS_QUANTITY,
            message = "must be a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi")
    @JsonPropertyDescription("Memory in bytes, such as 256Mi or 1Gi.")
    private Quantity memory;

    public Quantity getCpu() {
        return cpu;
    }

    public void setCpu(Quantity cpu) {
        this.cpu = cpu;
    }

    public Quantity getMemory() {
        return memory;
    }

    public void setMemory(Quantity memory) {
        this.memory = memory;
    }
}
