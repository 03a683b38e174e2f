package dev.slipway.apiserver;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one API server behaves, read from its environment ({@code SLIPWAY_API_*} variables,
 * documented in docs/api.md).
 *
 * @param host              address to listen on
 * @param port              port to listen on; 0 picks a free one
 * @param namespaces        namespaces whose resources are cached and served; empty serves all
 * @param registry          image registry that builds push to: {@code <registry>/<namespace>/<app>}
 * @param bodyLimitBytes    largest accepted request body; larger ones get 413
 * @param ratePerSecond     requests a user may make per second, on average
 * @param rateBurst         requests a user may make at once
 * @param accessCacheTtl    how long TokenReview and SubjectAccessReview answers are reused; at most 10 s
 * @param heartbeat         interval of the comment lines that keep event streams open
 * @param shutdownGrace     how long in-flight requests may finish on shutdown
 * @param replayMemory      webhook delivery ids remembered to ignore replays
 * @param registryAddress   where this server reaches that registry to store uploaded folders: the same
 *                          name inside the cluster, another address for a server run outside it
 * @param uploadLimitBytes  largest uploaded folder archive; larger ones get 413
 * @param clientLimits      what keeps one client, known or not, from starving the others
 */
public record ApiServerSettings(
        String host,
        int port,
        Set<String> namespaces,
        String registry,
        long bodyLimitBytes,
        double ratePerSecond,
        int rateBurst,
        Duration accessCacheTtl,
        Duration heartbeat,
        Duration shutdownGrace,
        int replayMemory,
        String registryAddress,
        long uploadLimitBytes,
        ClientLimits clientLimits) {

    /** The longest an access decision may be reused: a revoked permission stops working within this time. */
    public static final Duration MAX_ACCESS_CACHE_TTL = Duration.ofSeconds(10);

    public ApiServerSettings {
        namespaces = Set.copyOf(namespaces);
        if (accessCacheTtl.compareTo(MAX_ACCESS_CACHE_TTL) > 0) {
            throw new IllegalArgumentException("access cache TTL " + accessCacheTtl + " exceeds " + MAX_ACCESS_CACHE_TTL);
        }
        // An idle timeout within the heartbeat would cut every quiet event stream.
        if (!clientLimits.idleTimeout().isZero() && clientLimits.idleTimeout().compareTo(heartbeat) <= 0) {
            throw new IllegalArgumentException("idle timeout " + clientLimits.idleTimeout()
                    + " must exceed the event streams' heartbeat " + heartbeat);
        }
    }

    /**
     * What keeps one client, known or not, from starving the others (docs/api.md, "Limits").
     *
     * @param addressRatePerSecond requests per second, on average, from one client address whose
     *                             token (or webhook signature) is not known to be good: each costs
     *                             Kubernetes a review; the good ones are given back
     * @param addressRateBurst     such requests one address may make at once
     * @param trustedProxyHops     proxies in front of the server that append the address they saw to
     *                             {@code X-Forwarded-For}; 0: the header is ignored and the client
     *                             address is the connection's
     * @param eventStreamsPerUser  event streams one user may hold open at once
     * @param requestHeadTimeout   how long a connection may take to send a request's line and headers,
     *                             from its opening or from its previous answer
     * @param idleTimeout          a connection with no byte either way for this long is closed; zero
     *                             for never
     * @param maxRequestLineBytes  longest request line; longer: 414
     * @param maxHeaderBytes       largest sum of the request's headers; larger: 431
     */
    public record ClientLimits(
            double addressRatePerSecond,
            int addressRateBurst,
            int trustedProxyHops,
            int eventStreamsPerUser,
            Duration requestHeadTimeout,
            Duration idleTimeout,
            int maxRequestLineBytes,
            int maxHeaderBytes) {

        public ClientLimits {
            if (addressRatePerSecond <= 0 || addressRateBurst < 1 || eventStreamsPerUser < 1 || trustedProxyHops < 0
                    || maxRequestLineBytes < 256 || maxHeaderBytes < 1024) {
                throw new IllegalArgumentException("client limits out of range: " + this);
            }
            if (requestHeadTimeout.isNegative() || requestHeadTimeout.isZero() || idleTimeout.isNegative()) {
                throw new IllegalArgumentException("client timeouts out of range: " + this);
            }
        }

        public static ClientLimits defaults() {
            return fromEnvironment(Map.of());
        }

        static ClientLimits fromEnvironment(Map<String, String> env) {
            return new ClientLimits(
                    Double.parseDouble(env.getOrDefault("SLIPWAY_API_ADDRESS_RATE_PER_SECOND", "2")),
                    Integer.parseInt(env.getOrDefault("SLIPWAY_API_ADDRESS_RATE_BURST", "20")),
                    Integer.parseInt(env.getOrDefault("SLIPWAY_API_TRUSTED_PROXY_HOPS", "0")),
                    Integer.parseInt(env.getOrDefault("SLIPWAY_API_EVENT_STREAMS_PER_USER", "20")),
                    Duration.ofSeconds(Long.parseLong(env.getOrDefault("SLIPWAY_API_REQUEST_HEAD_SECONDS", "10"))),
                    Duration.ofSeconds(Long.parseLong(env.getOrDefault("SLIPWAY_API_IDLE_TIMEOUT_SECONDS", "600"))),
                    Integer.parseInt(env.getOrDefault("SLIPWAY_API_MAX_REQUEST_LINE_BYTES", "4096")),
                    Integer.parseInt(env.getOrDefault("SLIPWAY_API_MAX_HEADER_BYTES", "16384")));
        }
    }

    public static ApiServerSettings defaults() {
        return fromEnvironment(Map.of());
    }

    public ApiServerSettings withPort(int newPort) {
        return new ApiServerSettings(host, newPort, namespaces, registry, bodyLimitBytes, ratePerSecond, rateBurst,
                accessCacheTtl, heartbeat, shutdownGrace, replayMemory, registryAddress, uploadLimitBytes,
                clientLimits);
    }

    public ApiServerSettings withNamespaces(Set<String> served) {
        return new ApiServerSettings(host, port, served, registry, bodyLimitBytes, ratePerSecond, rateBurst,
                accessCacheTtl, heartbeat, shutdownGrace, replayMemory, registryAddress, uploadLimitBytes,
                clientLimits);
    }

    public ApiServerSettings withRateLimit(double perSecond, int burst) {
        return new ApiServerSettings(host, port, namespaces, registry, bodyLimitBytes, perSecond, burst,
                accessCacheTtl, heartbeat, shutdownGrace, replayMemory, registryAddress, uploadLimitBytes,
                clientLimits);
    }

    public ApiServerSettings withAccessCacheTtl(Duration ttl) {
        return new ApiServerSettings(host, port, namespaces, registry, bodyLimitBytes, ratePerSecond, rateBurst,
                ttl, heartbeat, shutdownGrace, replayMemory, registryAddress, uploadLimitBytes, clientLimits);
    }

    public ApiServerSettings withHeartbeat(Duration interval) {
        return new ApiServerSettings(host, port, namespaces, registry, bodyLimitBytes, ratePerSecond, rateBurst,
                accessCacheTtl, interval, shutdownGrace, replayMemory, registryAddress, uploadLimitBytes, clientLimits);
    }

    /** Uploads stored through {@code address}, at most {@code limit} bytes each. */
    public ApiServerSettings withUploads(String address, long limit) {
        return new ApiServerSettings(host, port, namespaces, registry, bodyLimitBytes, ratePerSecond, rateBurst,
                accessCacheTtl, heartbeat, shutdownGrace, replayMemory, address, limit, clientLimits);
    }

    public static ApiServerSettings fromEnvironment(Map<String, String> env) {
        String registry = env.getOrDefault("SLIPWAY_REGISTRY", "registry.slipway-system.svc:5000");
        return new ApiServerSettings(
                env.getOrDefault("SLIPWAY_API_HOST", "0.0.0.0"),
                Integer.parseInt(env.getOrDefault("SLIPWAY_API_PORT", "8443")),
                Arrays.stream(env.getOrDefault("SLIPWAY_NAMESPACES", "").split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).collect(Collectors.toSet()),
                registry,
                Long.parseLong(env.getOrDefault("SLIPWAY_API_BODY_LIMIT_BYTES", "65536")),
                Double.parseDouble(env.getOrDefault("SLIPWAY_API_RATE_PER_SECOND", "10")),
                Integer.parseInt(env.getOrDefault("SLIPWAY_API_RATE_BURST", "40")),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("SLIPWAY_API_ACCESS_CACHE_SECONDS", "10"))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("SLIPWAY_API_HEARTBEAT_SECONDS", "15"))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("SLIPWAY_API_SHUTDOWN_SECONDS", "10"))),
                Integer.parseInt(env.getOrDefault("SLIPWAY_API_REPLAY_MEMORY", "10000")),
                env.getOrDefault("SLIPWAY_REGISTRY_ADDRESS", registry),
                Long.parseLong(env.getOrDefault("SLIPWAY_API_UPLOAD_LIMIT_BYTES", String.valueOf(200L * 1000 * 1000))),
                ClientLimits.fromEnvironment(env));
    }
}
