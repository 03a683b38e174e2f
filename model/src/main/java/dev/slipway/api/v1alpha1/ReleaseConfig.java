package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/**
 * What a release runs besides its image, copied from the App when the release is made: so a
 * rollback to revision N runs exactly what N ran, whatever the App says today. The App's spec
 * extends it, so the two are declared, described and validated once.
 */
public class ReleaseConfig {

    @Min(1)
    @Max(65535)
    @Default("8080")
    @JsonPropertyDescription("The port the app listens on for HTTP. Defaults to 8080.")
    private Integer port;

    @JsonPropertyDescription("Environment variables of the app's pods and hooks; values may come from Secrets and ConfigMaps.")
    private List<EnvVar> env;

    @JsonPropertyDescription("CPU and memory requests and limits of each pod.")
    private ComputeResources resources;

    @JsonPropertyDescription("HTTP readiness and liveness probe on the app's port.")
    private HealthCheck healthCheck;

    @JsonPropertyDescription("Labels and annotations added to the app's pods, to its hooks' pods and to its build pods.")
    private PodMetadata podMetadata;

    @JsonPropertyDescription("How a new release replaces the running one.")
    private Strategy strategy;

    @JsonPropertyDescription("Commands run as Jobs from the release's image at fixed points of a rollout.")
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

    public int portOrDefault() {
        return port != null ? port : 8080;
    }

    public Strategy strategyOrDefault() {
        return strategy != null ? strategy : new Strategy();
    }

    public Hooks hooksOrDefault() {
        return hooks != null ? hooks : new Hooks();
    }
}
