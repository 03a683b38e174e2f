package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Service that receives a share of a route's traffic. */
public class RouteBackend {

    @Required
    @Size(max = 63)
    @Pattern(Names.DNS_LABEL)
    @JsonPropertyDescription("Name of a Service in the same namespace.")
    private String service;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Service port. Defaults to the Service's only port.")
    private Integer port;

    @Min(0)
    @Max(256)
    @Default("100")
    @JsonPropertyDescription("Relative share of the traffic, 0 to 256; 0 sends none. Defaults to 100.")
    private Integer weight;

    public String getService() {
        return service;
    }

    public void setService(String service) {
        this.service = service;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public Integer getWeight() {
        return weight;
    }

    public void setWeight(Integer weight) {
        this.weight = weight;
    }

    public int weightOrDefault() {
        return weight != null ? weight : 100;
    }
}
