package dev.slipway.apiserver.access;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Whether a user may do something to a slipway.dev resource, asked of Kubernetes with a
 * SubjectAccessReview, so the RBAC that governs kubectl governs the API too. Answers are reused
 * for the access cache time, so a revoked permission stops working within it.
 */
public final class Authorizer {

    /** What a review is about; part of the cache key together with the whole identity. */
    private record Question(Identity who, String namespace, String resource, String verb, String name) {
    }

    private final Vertx vertx;
    private final KubernetesClient client;
    private final ExpiringCache<Question, Boolean> cache;
    private final Counter reviews;

    public Authorizer(Vertx vertx, KubernetesClient client, Duration ttl, MeterRegistry registry) {
        this.vertx = vertx;
        this.client = client;
        this.cache = new ExpiringCache<>(ttl, 50_000);
        this.reviews = Counter.builder("slipway_api_access_reviews").tag("kind", "SubjectAccessReview")
                .description("TokenReview and SubjectAccessReview calls made").register(registry);
    }

    public Future<Boolean> allowed(Identity who, String namespace, AccessRule rule, String name) {
        Question question = new Question(who, namespace, rule.resource(), rule.verb(), name);
        return cache.get(question, () -> vertx.executeBlocking(() -> review(question), false));
    }

    private boolean review(Question q) {
        reviews.increment();
        SubjectAccessReview review = client.authorization().v1().subjectAccessReview().create(
                new SubjectAccessReviewBuilder().withNewSpec()
                        .withUser(q.who().username()).withUid(q.who().uid()).withGroups(q.who().groups())
                        .withExtra(q.who().extra())
                        .withNewResourceAttributes()
                        .withGroup(AccessRule.GROUP).withResource(q.resource()).withVerb(q.verb())
                        .withNamespace(q.namespace()).withName(q.name())
                        .endResourceAttributes()
                        .endSpec().build());
        return review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
    }
}
