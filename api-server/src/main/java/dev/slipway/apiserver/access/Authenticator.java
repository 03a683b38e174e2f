package dev.slipway.apiserver.access;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who a bearer token belongs to, asked of Kubernetes with a TokenReview and reused for the access
 * cache time, denials too. A token whose answer is not at hand passes the client address's
 * {@link AddressGate} first, unless it was good within the last hour: a flood of made-up tokens
 * then costs a bounded number of reviews, and the users of a proxy that floods do not pay for it.
 * Tokens are kept only as SHA-256 digests.
 */
public final class Authenticator {

    /** How long a good token skips the address gate: about a ServiceAccount token's lifetime. */
    static final Duration KNOWN_GOOD = Duration.ofHours(1);

    private final Vertx vertx;
    private final Function<String, Optional<Identity>> reviewer;
    private final AddressGate gate;
    private final ExpiringCache<String, Optional<Identity>> cache;
    private final ExpiringCache<String, Boolean> knownGood;
    private final Counter reviews;

    public Authenticator(Vertx vertx, KubernetesClient client, Duration ttl, AddressGate gate, MeterRegistry registry) {
        this(vertx, token -> review(client, token), ttl, gate, registry);
    }

    Authenticator(Vertx vertx, Function<String, Optional<Identity>> reviewer, Duration ttl, AddressGate gate,
                  MeterRegistry registry) {
        this.vertx = vertx;
        this.reviewer = reviewer;
        this.gate = gate;
        this.cache = new ExpiringCache<>(ttl, 10_000);
        this.knownGood = new ExpiringCache<>(KNOWN_GOOD, 10_000);
        this.reviews = Counter.builder("slipway_api_access_reviews").tag("kind", "TokenReview")
                .description("TokenReview and SubjectAccessReview calls made").register(registry);
    }

    /**
     * The identity of the token that {@code from} carries, or empty when Kubernetes does not know
     * it; fails with a 429 {@link dev.slipway.apiserver.http.ApiError} when the client's address
     * may not have another token reviewed now.
     */
    public Future<Optional<Identity>> authenticate(String token, HttpServerRequest from) {
        return authenticate(token, gate.clientOf(from));
    }

    Future<Optional<Identity>> authenticate(String token, String client) {
        String digest = sha256(token);
        if (cache.holds(digest) || knownGood.holds(digest)) {
            return lookup(digest, token);
        }
        return gate.guard(client, () -> lookup(digest, token), Optional::isEmpty);
    }

    private Future<Optional<Identity>> lookup(String digest, String token) {
        return cache.get(digest, () -> vertx.executeBlocking(() -> {
            reviews.increment();
            Optional<Identity> identity = reviewer.apply(token);
            if (identity.isPresent()) {
                knownGood.get(digest, () -> Future.succeededFuture(Boolean.TRUE));
            }
            return identity;
        }, false));
    }

    private static Optional<Identity> review(KubernetesClient client, String token) {
        TokenReview review = client.authentication().v1().tokenReviews().create(
                new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
        if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
            return Optional.empty();
        }
        UserInfo user = review.getStatus().getUser();
        return Optional.of(new Identity(user.getUsername(), user.getUid(), user.getGroups(), user.getExtra()));
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
