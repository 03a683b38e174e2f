package dev.slipway.apiserver.access;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StreamQuotaTest {

    @Test
    void aUserHoldsUpToTheQuotaAndGetsAPlaceBackWhenAStreamEnds() {
        StreamQuota quota = new StreamQuota(3);
        List<StreamQuota.Slot> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(quota.take("alice").orElseThrow());
        }

        assertThat(quota.take("alice")).isEmpty();
        assertThat(quota.take("bob")).isPresent();

        held.get(0).close();
        held.get(0).close();
        assertThat(quota.held("alice")).isEqualTo(2);
        assertThat(quota.take("alice")).isPresent();
        assertThat(quota.take("alice")).isEmpty();
    }

    @Test
    void fiveHundredAtOnceFromManyThreadsGetExactlyTheQuota() throws Exception {
        StreamQuota quota = new StreamQuota(20);
        List<Optional<StreamQuota.Slot>> taken = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    taken.add(quota.take("mallory"));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(taken.stream().filter(Optional::isPresent).count()).isEqualTo(20);
        taken.forEach(slot -> slot.ifPresent(StreamQuota.Slot::close));
        assertThat(quota.held("mallory")).isZero();
    }
}
