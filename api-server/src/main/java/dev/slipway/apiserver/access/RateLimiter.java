package dev.slipway.apiserver.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a user, a client address): {@code burst} requests at once, refilled at
 * {@code perSecond}. Buckets gone full are dropped once there are many, since a full bucket is the
 * same as none; if that is not enough (keys that keep changing, as client addresses can), all go:
 * memory stays bounded, at the price of fresh bursts.
 */
public final class RateLimiter {

    private static final int MAX_BUCKETS = 10_000;

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final double perNano;
    private final int burst;

    public RateLimiter(double perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
    }

    /** Takes a token for {@code key}: 0 when granted, otherwise the seconds to wait before one is free. */
    public long acquire(String key) {
        long now = System.nanoTime();
        if (buckets.size() > MAX_BUCKETS) {
            buckets.values().removeIf(b -> b.tokens + (now - b.updated) * perNano >= burst);
            if (buckets.size() > MAX_BUCKETS) {
                buckets.clear();
            }
        }
        Bucket bucket = buckets.computeIfAbsent(key, u -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) * perNano);
            bucket.updated = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
        }
    }

    /** Gives back a token taken for something that turned out not to count against {@code key}. */
    public void refund(String key) {
        Bucket bucket = buckets.get(key);
        if (bucket != null) {
            synchronized (bucket) {
                bucket.tokens = Math.min(burst, bucket.tokens + 1);
            }
        }
    }

    /** How many keys have a bucket now. */
    int size() {
        return buckets.size();
    }
}
