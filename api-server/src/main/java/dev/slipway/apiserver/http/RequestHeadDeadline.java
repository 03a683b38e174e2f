package dev.slipway.apiserver.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection that has not sent a whole request head (request line and headers) within
 * the timeout of opening, or of the end of its previous answer; a request under way (an event
 * stream, an upload) is not timed. An idle timeout cannot do this: it counts from the last byte,
 * and a client that sends its headers a byte a second is never idle, so it would hold its
 * connection for as long as it liked. A connection is closed between one and one and a quarter
 * timeouts after it went quiet: each is looked at every quarter timeout, on its own event loop,
 * where its requests also start.
 */
final class RequestHeadDeadline {

    private final Vertx vertx;
    private final long timeoutNanos;
    private final long checkMillis;
    private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();

    RequestHeadDeadline(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.timeoutNanos = timeout.toNanos();
        this.checkMillis = Math.max(50, timeout.toMillis() / 4);
    }

    void opened(HttpConnection connection) {
        Watch watch = new Watch(connection);
        watches.put(connection, watch);
        connection.closeHandler(v -> {
            watches.remove(connection);
            vertx.cancelTimer(watch.timer);
        });
    }

    /** A request's head has arrived: the connection is busy until its answer ends. */
    void started(HttpServerRequest request) {
        Watch watch = watches.get(request.connection());
        if (watch != null) {
            watch.answering = request.response();
        }
    }

    /** Connections watched now. */
    int watched() {
        return watches.size();
    }

    private final class Watch {
        private final HttpConnection connection;
        private final long timer;
        private volatile HttpServerResponse answering;
        private volatile long quietSince = System.nanoTime();

        Watch(HttpConnection connection) {
            this.connection = connection;
            this.timer = vertx.setPeriodic(checkMillis, id -> check());
        }

        private void check() {
            long now = System.nanoTime();
            HttpServerResponse response = answering;
            if (response != null) {
                if (!response.ended() && !response.closed()) {
                    return;
                }
                // It ended since the last look: the wait for the next head starts now.
                answering = null;
                quietSince = now;
                return;
            }
            if (now - quietSince >= timeoutNanos) {
                connection.close();
            }
        }
    }
}
