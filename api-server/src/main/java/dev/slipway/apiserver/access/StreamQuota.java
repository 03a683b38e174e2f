package dev.slipway.apiserver.access;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many long-lived streams each user holds open. Each costs a connection, a subscription and a
 * heartbeat timer for as long as the client likes, so one user (or one leaked token) opening
 * hundreds would hold the server's memory; beyond the quota a user is refused until one ends.
 */
public final class StreamQuota {

    /** One held place, given back once however often it is closed. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final int perUser;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    public StreamQuota(int perUser) {
        this.perUser = perUser;
    }

    public int perUser() {
        return perUser;
    }

    /** A place for one more stream of {@code user}, or empty when they hold all of theirs. */
    public Optional<Slot> take(String user) {
        boolean[] taken = new boolean[1];
        open.compute(user, (u, n) -> {
            int held = n == null ? 0 : n;
            taken[0] = held < perUser;
            return taken[0] ? held + 1 : held;
        });
        if (!taken[0]) {
            return Optional.empty();
        }
        AtomicBoolean closed = new AtomicBoolean();
        return Optional.of(() -> {
            if (closed.compareAndSet(false, true)) {
                open.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
            }
        });
    }

    /** The streams {@code user} holds open now. */
    public int held(String user) {
        return open.getOrDefault(user, 0);
    }
}
