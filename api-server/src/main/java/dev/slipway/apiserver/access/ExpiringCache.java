package dev.slipway.apiserver.access;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers reused for a fixed time, allows and denials alike; concurrent misses for one key share
 * one pending answer, and a failed lookup is never kept. Bounded: when full, expired entries go,
 * and if that is not enough, everything goes (a cache miss only costs a review call).
 */
final class ExpiringCache<K, V> {

    private record Entry<V>(Future<V> value, long expiresAt) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int capacity;

    ExpiringCache(Duration ttl, int capacity) {
        this.ttlNanos = ttl.toNanos();
        this.capacity = capacity;
    }

    /** Whether {@code key} has an answer, or one on its way, that {@link #get} would reuse now. */
    boolean holds(K key) {
        Entry<V> entry = entries.get(key);
        return entry != null && System.nanoTime() - entry.expiresAt < 0;
    }

    Future<V> get(K key, Supplier<Future<V>> load) {
        long now = System.nanoTime();
        Entry<V> entry = entries.get(key);
        if (entry != null && now - entry.expiresAt < 0) {
            return entry.value;
        }
        if (entries.size() >= capacity) {
            entries.values().removeIf(e -> now - e.expiresAt >= 0);
            if (entries.size() >= capacity) {
                entries.clear();
            }
        }
        Future<V> loaded = load.get();
        Entry<V> fresh = new Entry<>(loaded, now + ttlNanos);
        entries.put(key, fresh);
        loaded.onFailure(e -> entries.remove(key, fresh));
        return loaded;
    }
}
