package dev.slipway.apiserver.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per user: {@code burst} requests at once, refilled at {@code perSecond}. Buckets
 * of users gone quiet are dropped once there are many, since a full bucket is the same as none.
 */
public final class RateLimiter {

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

    /** Takes a token for {@code user}: 0 when granted, otherwise the seconds to wait before one is free. */
    public long acquire(String user) {
        long now = System.nanoTime();
        if (buckets.size() > 10_000) {
            buckets.values().removeIf(b -> b.tokens + (now - b.updated) * perNano >= burst);
        }
        Bucket bucket = buckets.computeIfAbsent(user, u -> new Bucket(burst, now));
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
}
