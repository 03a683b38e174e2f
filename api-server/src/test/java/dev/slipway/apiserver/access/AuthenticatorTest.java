package dev.slipway.apiserver.access;

import dev.slipway.apiserver.http.ApiError;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which tokens cost a TokenReview, with a stand-in for Kubernetes that knows a few tokens. */
class AuthenticatorTest {

    private static final String CLIENT = "203.0.113.7";
    private static Vertx vertx;

    private final AtomicInteger reviews = new AtomicInteger();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Kubernetes as the authenticator sees it: {@code good} tokens are known, all others are not. */
    private Function<String, Optional<Identity>> kubernetes(Set<String> good) {
        return token -> {
            reviews.incrementAndGet();
            return good.contains(token) ? Optional.of(new Identity("user-" + token, "uid", List.of(), Map.of()))
                    : Optional.empty();
        };
    }

    private Authenticator authenticator(Set<String> good, Duration ttl, double perSecond, int burst) {
        return new Authenticator(vertx, kubernetes(good), ttl, new AddressGate(new RateLimiter(perSecond, burst), 0),
                new SimpleMeterRegistry());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aThousandDistinctBogusTokensCostNoMoreReviewsThanTheAddressAllows() throws Exception {
        Authenticator authenticator = authenticator(Set.of(), Duration.ofSeconds(10), 2, 20);
        long start = System.nanoTime();
        List<Future<Optional<Identity>>> answers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            answers.add(authenticator.authenticate("bogus-" + i, CLIENT));
        }
        int unknown = 0;
        int limited = 0;
        for (Future<Optional<Identity>> answer : answers) {
            try {
                assertThat(await(answer)).isEmpty();
                unknown++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(ApiError.class, error -> {
                    assertThat(error.status()).isEqualTo(429);
                    assertThat(error.headers()).containsKey("Retry-After");
                });
                limited++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(reviews.get()).isEqualTo(unknown).isLessThanOrEqualTo(20 + (int) Math.ceil(2 * seconds));
        assertThat(unknown + limited).isEqualTo(1000);
    }

    @Test
    void anotherAddressHasItsOwnAllowance() throws Exception {
        Authenticator authenticator = authenticator(Set.of(), Duration.ofSeconds(10), 0.001, 1);
        assertThat(await(authenticator.authenticate("bogus-1", CLIENT))).isEmpty();
        assertThatThrownBy(() -> await(authenticator.authenticate("bogus-2", CLIENT)))
                .hasCauseInstanceOf(ApiError.class);

        assertThat(await(authenticator.authenticate("bogus-3", "198.51.100.1"))).isEmpty();
    }

    @Test
    void aRepeatedBogusTokenIsAnsweredFromTheCacheWithoutAReviewOrACharge() throws Exception {
        Authenticator authenticator = authenticator(Set.of(), Duration.ofSeconds(10), 0.001, 1);
        for (int i = 0; i < 50; i++) {
            assertThat(await(authenticator.authenticate("the-same-bogus", CLIENT))).isEmpty();
        }
        assertThat(reviews.get()).isEqualTo(1);
    }

    @Test
    void goodTokensGiveTheirChargeBack() throws Exception {
        Authenticator authenticator = authenticator(Set.of("a", "b", "c"), Duration.ofSeconds(10), 0.001, 1);

        for (String token : List.of("a", "b", "c")) {
            assertThat(await(authenticator.authenticate(token, CLIENT))).isPresent();
        }
        assertThat(reviews.get()).isEqualTo(3);
    }

    @Test
    void aKnownGoodTokenIsReviewedAgainButNotHeldBackWhenItsAddressFloods() throws Exception {
        Authenticator authenticator = authenticator(Set.of("good"), Duration.ofMillis(50), 0.001, 2);
        assertThat(await(authenticator.authenticate("good", CLIENT))).isPresent();
        for (int i = 0; i < 5; i++) {
            authenticator.authenticate("bogus-" + i, CLIENT).otherwiseEmpty();
        }
        assertThatThrownBy(() -> await(authenticator.authenticate("new-bogus", CLIENT))).hasCauseInstanceOf(ApiError.class);
        Thread.sleep(100);
        int before = reviews.get();

        assertThat(await(authenticator.authenticate("good", CLIENT))).isPresent();
        assertThat(reviews.get()).as("its answer expired: reviewed again").isEqualTo(before + 1);
    }

    @Test
    void aReviewThatCouldNotBeMadeGivesTheChargeBack() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Authenticator authenticator = new Authenticator(vertx, token -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("kube-apiserver is unreachable");
            }
            return Optional.empty();
        }, Duration.ofSeconds(10), new AddressGate(new RateLimiter(0.001, 1), 0), new SimpleMeterRegistry());

        assertThatThrownBy(() -> await(authenticator.authenticate("bogus-1", CLIENT)))
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(await(authenticator.authenticate("bogus-2", CLIENT))).isEmpty();
    }
}
