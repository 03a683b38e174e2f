package dev.slipway.apiserver.access;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    @Test
    void aUserGetsTheBurstThenWaitsForTheRateEachUserApart() {
        RateLimiter limiter = new RateLimiter(0.5, 2);

        assertThat(limiter.acquire("alice")).isZero();
        assertThat(limiter.acquire("alice")).isZero();
        assertThat(limiter.acquire("alice")).isEqualTo(2);
        assertThat(limiter.acquire("bob")).isZero();
    }

    @Test
    void aRefundGivesOneTokenBackUpToTheBurst() {
        RateLimiter limiter = new RateLimiter(0.001, 2);
        limiter.acquire("10.0.0.1");
        limiter.acquire("10.0.0.1");
        assertThat(limiter.acquire("10.0.0.1")).isPositive();

        limiter.refund("10.0.0.1");
        limiter.refund("10.0.0.1");
        limiter.refund("10.0.0.1");

        assertThat(limiter.acquire("10.0.0.1")).isZero();
        assertThat(limiter.acquire("10.0.0.1")).isZero();
        assertThat(limiter.acquire("10.0.0.1")).isPositive();
    }

    @Test
    void keysThatKeepChangingDoNotGrowTheBucketsWithoutBound() {
        RateLimiter limiter = new RateLimiter(0.001, 1);
        for (int i = 0; i < 25_000; i++) {
            limiter.acquire("client-" + i);
        }

        assertThat(limiter.size()).isLessThanOrEqualTo(10_001);
    }
}
