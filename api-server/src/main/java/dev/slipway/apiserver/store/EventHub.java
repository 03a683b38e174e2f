package dev.slipway.apiserver.store;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Hands progress events to the event streams of their App, and keeps the most recent ones so a
 * client that reconnects with {@code Last-Event-ID} misses nothing that is still remembered.
 * Subscribing and publishing share one lock, so no event falls between a replay and the live
 * stream.
 */
public final class EventHub {

    /** One open event stream. */
    public interface Subscriber {
        /** Called under the hub's lock: hand the event over, do not work. */
        void deliver(AppEvent event);

        /** The server is shutting down: end the stream; complete once it is ended. */
        CompletionStage<Void> close();
    }

    private final int capacity;
    private final ArrayDeque<AppEvent> recent = new ArrayDeque<>();
    private final Map<String, Set<Subscriber>> subscribers = new HashMap<>();
    private boolean closed;

    public EventHub(int capacity) {
        this.capacity = capacity;
    }

    private static String key(String namespace, String app) {
        return namespace + "/" + app;
    }

    public synchronized void publish(List<AppEvent> events) {
        for (AppEvent event : events) {
            recent.addLast(event);
            if (recent.size() > capacity) {
                recent.removeFirst();
            }
            subscribers.getOrDefault(key(event.namespace(), event.app()), Set.of()).forEach(s -> s.deliver(event));
        }
    }

    /**
     * Replays the remembered events after {@code lastEventId} (none when null), then streams new ones.
     * Once the hub has closed, a stream that subscribes (its request was under way at shutdown) is
     * ended at once, so that no stream outlives the others and is cut without its last chunk.
     */
    public synchronized void subscribe(String namespace, String app, String lastEventId, Subscriber subscriber) {
        if (closed) {
            subscriber.close();
            return;
        }
        if (lastEventId != null) {
            recent.stream()
                    .filter(e -> e.namespace().equals(namespace) && e.app().equals(app))
                    .filter(e -> AppEvent.isAfter(e.id(), lastEventId))
                    .forEach(subscriber::deliver);
        }
        subscribers.computeIfAbsent(key(namespace, app), k -> new LinkedHashSet<>()).add(subscriber);
    }

    public synchronized void unsubscribe(String namespace, String app, Subscriber subscriber) {
        Set<Subscriber> set = subscribers.get(key(namespace, app));
        if (set != null) {
            set.remove(subscriber);
            if (set.isEmpty()) {
                subscribers.remove(key(namespace, app));
            }
        }
    }

    public synchronized int streams() {
        return subscribers.values().stream().mapToInt(Set::size).sum();
    }

    /** Ends every stream, for shutdown; clients reconnect elsewhere with their last id. */
    public synchronized CompletableFuture<Void> closeAll() {
        CompletableFuture<?>[] ended = subscribers.values().stream().flatMap(Set::stream)
                .map(s -> s.close().toCompletableFuture()).toArray(CompletableFuture[]::new);
        subscribers.clear();
        closed = true;
        return CompletableFuture.allOf(ended);
    }
}
