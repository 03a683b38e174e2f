package dev.slipway.apiserver.store;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventHubTest {

    private static AppEvent event(String app, String id) {
        return new AppEvent("demo", app, id, "release", new JsonObject());
    }

    private static final class Recorder implements EventHub.Subscriber {
        final List<String> ids = new ArrayList<>();
        boolean closed;

        @Override
        public void deliver(AppEvent event) {
            ids.add(event.id());
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> close() {
            closed = true;
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    @Test
    void idsCompareAsResourceVersionThenPlace() {
        assertThat(AppEvent.isAfter("12-0", "11-3")).isTrue();
        assertThat(AppEvent.isAfter("12-1", "12-0")).isTrue();
        assertThat(AppEvent.isAfter("12-0", "12")).as("a bare version precedes its events").isTrue();
        assertThat(AppEvent.isAfter("12-0", "12-0")).isFalse();
        assertThat(AppEvent.isAfter("9-0", "10-0")).as("numerically, not as text").isFalse();
        assertThat(AppEvent.isAfter("100000000000000000000-0", "99999999999999999999-0")).isTrue();
        assertThat(AppEvent.isAfter("abc", "1")).isFalse();
    }

    @Test
    void aResumingSubscriberGetsTheRememberedEventsOfItsAppAfterItsLastIdThenLiveOnes() {
        EventHub hub = new EventHub(3);
        hub.publish(List.of(event("shop", "1-0"), event("other", "2-0"), event("shop", "3-0"), event("shop", "4-0")));
        Recorder recorder = new Recorder();

        hub.subscribe("demo", "shop", "1-0", recorder);
        hub.publish(List.of(event("shop", "5-0"), event("other", "6-0")));
        hub.unsubscribe("demo", "shop", recorder);
        hub.publish(List.of(event("shop", "7-0")));

        assertThat(recorder.ids).containsExactly("3-0", "4-0", "5-0");
        assertThat(hub.streams()).isZero();
    }

    @Test
    void aNewSubscriberGetsOnlyLiveEventsAndShutdownClosesIt() {
        EventHub hub = new EventHub(10);
        hub.publish(List.of(event("shop", "1-0")));
        Recorder recorder = new Recorder();

        hub.subscribe("demo", "shop", null, recorder);
        hub.publish(List.of(event("shop", "2-0")));
        hub.closeAll();

        assertThat(recorder.ids).containsExactly("2-0");
        assertThat(recorder.closed).isTrue();
    }

    @Test
    void aStreamThatSubscribesAfterShutdownBeganIsEndedAtOnce() {
        EventHub hub = new EventHub(10);
        hub.closeAll();
        Recorder late = new Recorder();

        hub.subscribe("demo", "shop", null, late);
        hub.publish(List.of(event("shop", "1-0")));

        assertThat(late.closed).isTrue();
        assertThat(late.ids).isEmpty();
        assertThat(hub.streams()).isZero();
    }
}
