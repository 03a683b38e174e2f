package dev.slipway.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Requests at a steady rate whatever the server's latency (an open loop, as users arrive), over a
 * fixed pool of keep-alive HTTP/1.1 connections, with a Vert.x client of its own. A request's
 * latency counts from when it was due, not from when a free connection let it go, so a server that
 * falls behind cannot hide the queue it builds (coordinated omission, as wrk2 measures).
 */
final class SteadyLoad implements AutoCloseable {

    /** One request to send: where, and its body. */
    record Request(RequestOptions options, Buffer body) {
    }

    /**
     * Latencies of the measured requests, after the warm-up ones.
     *
     * @param requests      measured requests
     * @param unanswered    measured requests without an answer a minute after the last was sent
     * @param seconds       how long the measured requests took to be sent, at the steady rate
     * @param p50Ms         median latency
     * @param p99Ms         99th percentile latency
     * @param maxMs         slowest request
     */
    record Result(int requests, int unanswered, double seconds, double p50Ms, double p99Ms, double maxMs) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpClientAgent client;
    private final Context context;

    SteadyLoad(HttpClientOptions options, int connections) {
        this.client = vertx.createHttpClient(options.setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections));
        this.context = vertx.getOrCreateContext();
    }

    /**
     * Sends {@code requests} in order at {@code perSecond}; the first {@code warmup} of them are not
     * measured. {@code atMeasureStart} runs on a thread of its own when the first measured request is
     * due, so whatever it does cannot hold the requests back. Any answer other than
     * {@code expectedStatus} fails the run: its numbers would not be about the same work.
     */
    Result run(List<Request> requests, int warmup, int perSecond, int expectedStatus, Runnable atMeasureStart)
            throws InterruptedException {
        int total = requests.size();
        double[] latencyMs = new double[total];
        CountDownLatch done = new CountDownLatch(total);
        AtomicReference<String> failure = new AtomicReference<>();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (i == warmup) {
                new Thread(atMeasureStart, "measure-start").start();
            }
            int index = i;
            Request request = requests.get(i);
            // The whole exchange runs on the client's one event loop: a response read from another thread
            // can end before body() is asked for, and its answer is then never seen.
            context.runOnContext(v -> client.request(request.options())
                    .compose(sent -> sent.send(request.body()).compose(response -> response.body().compose(body ->
                            response.statusCode() == expectedStatus
                                    ? Future.succeededFuture()
                                    : Future.failedFuture(request.options().getURI() + " answered "
                                            + response.statusCode() + ": " + body))))
                    .onComplete(result -> {
                        latencyMs[index] = (System.nanoTime() - due) / 1e6;
                        if (result.failed()) {
                            failure.compareAndSet(null, String.valueOf(result.cause()));
                        }
                        done.countDown();
                    }));
        }
        done.await(1, TimeUnit.MINUTES);
        if (failure.get() != null) {
            throw new IllegalStateException("a request failed: " + failure.get());
        }
        // A request still unanswered counts as the slowest of all: as long as it has waited so far.
        long now = System.nanoTime();
        int unanswered = 0;
        List<Double> measured = new ArrayList<>();
        for (int i = warmup; i < total; i++) {
            if (latencyMs[i] == 0) {
                unanswered++;
                measured.add((now - (start + i * interval)) / 1e6);
            } else {
                measured.add(latencyMs[i]);
            }
        }
        return new Result(measured.size(), unanswered, (double) measured.size() / perSecond,
                Bench.percentile(measured, 50), Bench.percentile(measured, 99), Bench.percentile(measured, 100));
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
