package dev.slipway.apiserver.access;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who a bearer token belongs to, asked of Kubernetes with a TokenReview and reused for the access
 * cache time. Tokens are kept only as SHA-256 digests.
 */
public final class Authenticator {

    private final Vertx vertx;
    private final KubernetesClient client;
    private final ExpiringCache<String, Optional<Identity>> cache;
    private final Counter reviews;

    public Authenticator(Vertx vertx, KubernetesClient client, Duration ttl, MeterRegistry registry) {
        this.vertx = vertx;
        this.client = client;
        this.cache = new ExpiringCache<>(ttl, 10_000);
        this.reviews = Counter.builder("slipway_api_access_reviews").tag("kind", "TokenReview")
                .description("TokenReview and SubjectAccessReview calls made").register(registry);
    }

    /** The token's identity, or empty when Kubernetes does not know the token. */
    public Future<Optional<Identity>> authenticate(String token) {
        return cache.get(sha256(token), () -> vertx.executeBlocking(() -> review(token), false));
    }

    private Optional<Identity> review(String token) {
        reviews.increment();
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
