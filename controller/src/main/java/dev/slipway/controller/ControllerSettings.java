package dev.slipway.controller;

import dev.slipway.controller.build.BuildStepImages;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one installation of Slipway behaves, read from the controller's environment
 * ({@code SLIPWAY_*} variables, documented in docs/operations.md).
 *
 * @param namespaces         namespaces to watch; empty watches all
 * @param appsDomain         domain of generated route hosts: {@code <route>-<namespace>.<appsDomain>}
 * @param ingressClass       ingress class of generated Ingresses; null uses the cluster's default
 * @param routeBackend       what carries out Routes: {@code ingress} or {@code gateway}
 * @param gateway            the Gateway that HTTPRoutes attach to, as {@code namespace/name}
 * @param leaderElection     whether replicas elect a leader on a Lease before acting
 * @param leaseNamespace     namespace of that Lease; null for the controller's own namespace
 * @param leaseDuration      how long a leader's Lease lasts without renewal
 * @param hookRetryBaseDelay delay before the second attempt of a Retry hook; it doubles per attempt
 * @param metricsPort        port of {@code /metrics} and {@code /healthz}; 0 turns them off
 * @param registry           host[:port] of the installation's registry: builder images are pulled from it
 *                           and built images pushed to it
 * @param builderPollInterval how often the registry is asked for the digests of builder image tags in use;
 *                           zero turns the builder image trigger off
 * @param buildStepImages    the images of a build pod's clone and build steps
 * @param buildCacheSize     when set (a quantity such as 10Gi), each App keeps BuildKit's state between its builds
 *                           in a PersistentVolumeClaim of this size, of the cluster's default StorageClass;
 *                           null: every build pod starts with an empty BuildKit, its cache in the registry only
 */
public record ControllerSettings(
        Set<String> namespaces,
        String appsDomain,
        String ingressClass,
        String routeBackend,
        String gateway,
        boolean leaderElection,
        String leaseNamespace,
        Duration leaseDuration,
        Duration hookRetryBaseDelay,
        int metricsPort,
        String registry,
        Duration builderPollInterval,
        BuildStepImages buildStepImages,
        String buildCacheSize) {

    public static final String LEASE_NAME = "slipway-controller";
    public static final String DEFAULT_REGISTRY = "registry.slipway-system.svc:5000";
    public static final Duration DEFAULT_BUILDER_POLL = Duration.ofMinutes(5);

    public ControllerSettings {
        namespaces = Set.copyOf(namespaces);
    }

    /** Settings with the installation's default registry, its builder images not polled. */
    public ControllerSettings(Set<String> namespaces, String appsDomain, String ingressClass, String routeBackend,
            String gateway, boolean leaderElection, String leaseNamespace, Duration leaseDuration,
            Duration hookRetryBaseDelay, int metricsPort) {
        this(namespaces, appsDomain, ingressClass, routeBackend, gateway, leaderElection, leaseNamespace, leaseDuration,
                hookRetryBaseDelay, metricsPort, DEFAULT_REGISTRY, Duration.ZERO, BuildStepImages.UPSTREAM, null);
    }

    /** Defaults for a controller watching the given namespaces, without leader election or metrics. */
    public static ControllerSettings forNamespaces(String... namespaces) {
        return new ControllerSettings(Set.of(namespaces), "apps.127.0.0.1.nip.io", null, "ingress", null, false, null,
                Duration.ofSeconds(15), Duration.ofSeconds(10), 0);
    }

    public ControllerSettings withLeaderElection(String leaseNamespace, Duration leaseDuration) {
        return new ControllerSettings(namespaces, appsDomain, ingressClass, routeBackend, gateway, true, leaseNamespace,
                leaseDuration, hookRetryBaseDelay, metricsPort, registry,
                builderPollInterval, buildStepImages, buildCacheSize);
    }

    public ControllerSettings withHookRetryBaseDelay(Duration delay) {
        return new ControllerSettings(namespaces, appsDomain, ingressClass, routeBackend, gateway, leaderElection,
                leaseNamespace, leaseDuration, delay, metricsPort, registry,
                builderPollInterval, buildStepImages, buildCacheSize);
    }

    public ControllerSettings withRouteBackend(String backend, String gatewayRef) {
        return new ControllerSettings(namespaces, appsDomain, ingressClass, backend, gatewayRef, leaderElection,
                leaseNamespace, leaseDuration, hookRetryBaseDelay, metricsPort, registry,
                builderPollInterval, buildStepImages, buildCacheSize);
    }

    /** Builds push to, and builder images come from, {@code registry}, whose builder tags are polled this often. */
    public ControllerSettings withRegistry(String registry, Duration builderPollInterval) {
        return new ControllerSettings(namespaces, appsDomain, ingressClass, routeBackend, gateway, leaderElection,
                leaseNamespace, leaseDuration, hookRetryBaseDelay, metricsPort, registry, builderPollInterval,
                buildStepImages, buildCacheSize);
    }

    /** Build pods run these images for their clone and build steps. */
    public ControllerSettings withBuildStepImages(BuildStepImages images) {
        return new ControllerSettings(namespaces, appsDomain, ingressClass, routeBackend, gateway, leaderElection,
                leaseNamespace, leaseDuration, hookRetryBaseDelay, metricsPort, registry, builderPollInterval, images,
                buildCacheSize);
    }

    /** Each App keeps BuildKit's state between builds in a volume of {@code size}; null: it does not. */
    public ControllerSettings withBuildCache(String size) {
        return new ControllerSettings(namespaces, appsDomain, ingressClass, routeBackend, gateway, leaderElection,
                leaseNamespace, leaseDuration, hookRetryBaseDelay, metricsPort, registry, builderPollInterval,
                buildStepImages, size);
    }

    /** @throws IllegalArgumentException naming the variable whose value is wrong */
    public static ControllerSettings fromEnvironment(Map<String, String> env) {
        String backend = env.getOrDefault("SLIPWAY_ROUTE_BACKEND", "ingress");
        if (!backend.equals("ingress") && !backend.equals("gateway")) {
            throw new IllegalArgumentException("SLIPWAY_ROUTE_BACKEND must be ingress or gateway, not \"" + backend + "\"");
        }
        return new ControllerSettings(
                Arrays.stream(env.getOrDefault("SLIPWAY_NAMESPACES", "").split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).collect(Collectors.toSet()),
                env.getOrDefault("SLIPWAY_APPS_DOMAIN", "apps.127.0.0.1.nip.io"),
                env.get("SLIPWAY_INGRESS_CLASS"),
                backend,
                env.get("SLIPWAY_GATEWAY"),
                Boolean.parseBoolean(env.getOrDefault("SLIPWAY_LEADER_ELECTION", "true")),
                env.get("SLIPWAY_LEASE_NAMESPACE"),
                Duration.ofSeconds(number(env, "SLIPWAY_LEASE_SECONDS", 15)),
                Duration.ofSeconds(number(env, "SLIPWAY_HOOK_RETRY_SECONDS", 10)),
                (int) number(env, "SLIPWAY_METRICS_PORT", 8080),
                env.getOrDefault("SLIPWAY_REGISTRY", DEFAULT_REGISTRY),
                Duration.ofSeconds(number(env, "SLIPWAY_BUILDER_POLL_SECONDS", DEFAULT_BUILDER_POLL.toSeconds())),
                BuildStepImages.fromEnvironment(env),
                quantity(env, "SLIPWAY_BUILD_CACHE_SIZE"));
    }

    /** A Kubernetes quantity such as 10Gi, or null when unset. */
    private static String quantity(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.strip().matches("\\d+(\\.\\d+)?([KMGTPE]i?)?")) {
            throw new IllegalArgumentException(name + " must be a size such as 10Gi, not \"" + value + "\"");
        }
        return value.strip();
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number >= 0, not \"" + value + "\"");
        }
    }
}
