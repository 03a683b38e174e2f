package dev.slipway.apiserver.webhook;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLogTest {

    @Test
    void remembersTheLatestIdsUpToItsCapacity() {
        DeliveryLog log = new DeliveryLog(2);

        assertThat(log.firstTime("a")).isTrue();
        assertThat(log.firstTime("a")).isFalse();
        assertThat(log.firstTime("b")).isTrue();
        assertThat(log.firstTime("c")).isTrue();
        assertThat(log.firstTime("a")).as("the oldest was forgotten").isTrue();
    }

    @Test
    void aForgottenIdIsNewAgain() {
        DeliveryLog log = new DeliveryLog(10);
        log.firstTime("a");
        log.forget("a");
        assertThat(log.firstTime("a")).isTrue();
    }
}
