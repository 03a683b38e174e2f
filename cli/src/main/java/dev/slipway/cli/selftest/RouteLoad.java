package dev.slipway.cli.selftest;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests through a route, one each 100 ms on a thread of their own, from before a release starts
 * until it ends: what a user of the App sees during a rollout. Bounded by {@link #MAX_REQUESTS}.
 */
final class RouteLoad {

    /** What came back: every answer that was not 200 with v1 or v2 is a failure. */
    record Result(int sent, List<String> failures) {
    }

    static final int MIN_REQUESTS = 10;
    private static final int MAX_REQUESTS = 3000;
    private static final Duration PAUSE = Duration.ofMillis(100);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private RouteLoad(SelftestHttp http, URI url) {
        thread = new Thread(() -> {
            try {
                while (running.get() && sent.get() < MAX_REQUESTS) {
                    SelftestHttp.Response response = http.route(url);
                    sent.incrementAndGet();
                    String body = response.body().strip();
                    if (response.status() != 200 || !(body.equals("v1") || body.equals("v2"))) {
                        failures.add(response.status() + " " + response.abbreviated());
                    }
                    Thread.sleep(PAUSE.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failures.add("the load stopped: " + e);
            }
        }, "selftest-route-load");
        thread.setDaemon(true);
    }

    static RouteLoad start(SelftestHttp http, URI url) {
        RouteLoad load = new RouteLoad(http, url);
        load.thread.start();
        return load;
    }

    Result stop() {
        running.set(false);
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            failures.add("the load did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
        }
        return new Result(sent.get(), List.copyOf(failures));
    }
}
