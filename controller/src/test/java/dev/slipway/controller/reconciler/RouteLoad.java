package dev.slipway.controller.reconciler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Requests one after another to a route on 127.0.0.1, on a thread of its own, until stopped, a
 * number of requests or a duration, whichever comes first: a bounded load for release tests.
 * Anything but a 200 is a failure.
 */
final class RouteLoad implements AutoCloseable {

    record Result(int total, int failed, Map<String, Integer> answers, List<String> failures) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Map<String, Integer> answers = new TreeMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private int total;

    private RouteLoad(URI route, String host, int maxRequests, Duration maxDuration) {
        long deadline = System.nanoTime() + maxDuration.toNanos();
        HttpRequest request = HttpRequest.newBuilder(route).header("Host", host).timeout(Duration.ofSeconds(5)).build();
        thread = new Thread(() -> {
            while (!stopped.get() && total < maxRequests && System.nanoTime() < deadline) {
                record(request);
            }
        }, "route-load");
    }

    static RouteLoad start(URI route, String host, int maxRequests, Duration maxDuration) {
        RouteLoad load = new RouteLoad(route, host, maxRequests, maxDuration);
        load.thread.start();
        return load;
    }

    private void record(HttpRequest request) {
        String outcome;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            outcome = response.statusCode() == 200 ? null : "HTTP " + response.statusCode() + " " + response.body().strip();
            if (outcome == null) {
                synchronized (answers) {
                    answers.merge(response.body().strip(), 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            outcome = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.set(true);
            return;
        }
        total++;
        if (outcome != null) {
            failures.add(outcome);
        }
    }

    /** Stops the load and waits for its last request. */
    Result stop() throws InterruptedException {
        stopped.set(true);
        thread.join(Duration.ofSeconds(10).toMillis());
        synchronized (answers) {
            return new Result(total, failures.size(), Map.copyOf(answers), List.copyOf(failures));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
