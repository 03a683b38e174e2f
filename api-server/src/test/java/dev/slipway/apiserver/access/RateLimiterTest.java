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
}
