package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What a release runs besides its image, copied from the App when the release is made: so a
 * rollback to revision N runs exactly what N ran, whatever the App says today.
 */
public class ReleaseConfig {

    @JsonPropertyDescription("The port the app listens on for HTTP.")
    private Integer port;

    @JsonPropertyDescription("Environment variables of the pods and hooks.")
    private List<EnvVar> env;

    @JsonPropertyDescription("CPU and memory of each pod.")
    private ComputeResources resources;

    @JsonPropertyDescription("HTTP readiness and liveness probe.")
    private HealthCheck healthCheck;

    @JsonPropertyDescription("Labels and annotations of the pods.")
    private PodMetadata podMetadata;

    @JsonPropertyDescription("How this release replaces the one before it.")
    private Strategy strategy;

    @JsonPropertyDescription("The hooks this release runs.")
    private Hooks hooks;

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env;
    }

    public ComputeResources getResources() {
        return resources;
    }

    public void setResources(ComputeResources resources) {
        this.resources = resources;
    }

    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    public void setHealthCheck(HealthCheck healthCheck) {
        this.healthCheck = healthCheck;
    }

    public PodMetadata getPodMetadata() {
        return podMetadata;
    }

    public void setPodMetadata(PodMetadata podMetadata) {
        this.podMetadata = podMetadata;
    }

    public Strategy getStrategy() {
        return strategy;
    }

    public void setStrategy(Strategy strategy) {
        this.strategy = strategy;
    }

    public Hooks getHooks() {
        return hooks;
    }

    public void setHooks(Hooks hooks) {
        this.hooks = hooks;
    }
}
