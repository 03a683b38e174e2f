package dev.slipway.apiserver.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook delivery ids seen lately, so a replayed delivery starts nothing. Bounded: the
 * oldest ids are forgotten first.
 */
public final class DeliveryLog {

    private final Map<String, Boolean> seen;

    public DeliveryLog(int capacity) {
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records the id; false when it was already recorded. */
    public synchronized boolean firstTime(String id) {
        return seen.put(id, Boolean.TRUE) == null;
    }

    /** Forgets the id, so the sender's retry of a delivery that failed here is not taken for a replay. */
    public synchronized void forget(String id) {
        seen.remove(id);
    }
}
