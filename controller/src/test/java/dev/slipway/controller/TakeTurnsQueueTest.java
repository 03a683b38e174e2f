package dev.slipway.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class TakeTurnsQueueTest {

    /** A pass named as JOSDK names its passes. */
    private record Pass(String controller, String resource, List<String> ran) implements Runnable {

        @Override
        public void run() {
            ran.add(resource);
        }

        @Override
        public String toString() {
            return controller + " -> " + resource;
        }
    }

    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private Pass pass(String controller, String resource) {
        return new Pass(controller, resource, ran);
    }

    @Test
    void eachControllersPassesWaitInTheirOwnLineAndTheLinesTakeTurns() {
        TakeTurnsQueue queue = new TakeTurnsQueue(SlipwayOperator::controllerOf, registry);
        for (String app : List.of("a1", "a2", "a3", "a4")) {
            queue.offer(pass("app", app));
        }
        queue.offer(pass("release", "r1"));
        queue.offer(pass("release", "r2"));
        queue.offer(pass("route", "t1"));

        assertThat(registry.get("slipway.reconciler.passes.waiting").tag("controller", "release").gauge().value())
                .isEqualTo(2);
        assertThat(queue).hasSize(7).extracting(Object::toString).startsWith("app -> a1", "release -> r1",
                "route -> t1");
        List<String> served = new ArrayList<>();
        for (Runnable next = queue.poll(); next != null; next = queue.poll()) {
            served.add(((Pass) next).resource());
        }
        assertThat(served).containsExactly("a1", "r1", "t1", "a2", "r2", "a3", "a4");
        assertThat(queue).isEmpty();
        assertThat(registry.get("slipway.reconciler.passes.queued").tag("controller", "app").counter().count())
                .isEqualTo(4);
        assertThat(registry.get("slipway.reconciler.passes.waiting").tag("controller", "release").gauge().value())
                .isZero();
    }

    @Test
    void aLineThatEmptiedAndFillsAgainWaitsForItsTurnBehindTheOthers() {
        TakeTurnsQueue queue = new TakeTurnsQueue(SlipwayOperator::controllerOf, registry);
        queue.offer(pass("app", "a1"));
        queue.offer(pass("app", "a2"));
        queue.offer(pass("release", "r1"));
        assertThat(queue.poll()).hasToString("app -> a1");
        assertThat(queue.poll()).hasToString("release -> r1");
        queue.offer(pass("release", "r2"));

        assertThat(queue.poll()).hasToString("app -> a2");
        assertThat(queue.poll()).hasToString("release -> r2");
    }

    @Test
    void passesNamedOtherwiseShareOneLineFirstComeFirstServed() {
        TakeTurnsQueue queue = new TakeTurnsQueue(SlipwayOperator::controllerOf, registry);
        Runnable first = () -> ran.add("first");
        Runnable second = () -> ran.add("second");
        queue.offer(first);
        queue.offer(pass("app", "a1"));
        queue.offer(second);

        assertThat(queue.poll()).isSameAs(first);
        assertThat(queue.poll()).hasToString("app -> a1");
        assertThat(queue.poll()).isSameAs(second);
    }

    @Test
    void theReconcilerThreadsRunPassesInTurnAndAStoppedPoolHandsBackWhatWaited() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        ThreadPoolExecutor threads = oneThreadBusyUntil(holding);
        threads.execute(pass("app", "a1"));
        threads.execute(pass("app", "a2"));
        threads.execute(pass("release", "r1"));
        holding.countDown();
        threads.shutdown();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("a1", "r1", "a2");

        ThreadPoolExecutor stopped = oneThreadBusyUntil(new CountDownLatch(1));
        stopped.execute(pass("app", "a3"));
        stopped.execute(pass("release", "r2"));
        assertThat(stopped.shutdownNow()).extracting(Object::toString).containsExactly("app -> a3", "release -> r2");
        assertThat(stopped.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** A pool of one thread on the queue, that thread held by a first pass until {@code released}. */
    private ThreadPoolExecutor oneThreadBusyUntil(CountDownLatch released) {
        ThreadPoolExecutor threads = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
                new TakeTurnsQueue(SlipwayOperator::controllerOf, registry));
        threads.execute(() -> {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return threads;
    }

    @Test
    void theControllersPoolQueuesAndCountsEveryPassFromTheFirst() throws Exception {
        ExecutorService threads = SlipwayOperator.reconcilerThreads(registry);
        threads.execute(pass("release", "r1"));
        threads.shutdown();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

        assertThat(ran).containsExactly("r1");
        assertThat(registry.get("slipway.reconciler.passes.queued").tag("controller", "release").counter().count())
                .isEqualTo(1);
    }

    @Test
    void anEmptyQueueWaitsForAPassAndTimesOut() throws Exception {
        TakeTurnsQueue queue = new TakeTurnsQueue(SlipwayOperator::controllerOf, registry);
        assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).isNull();
        assertThat(queue.peek()).isNull();
        Thread offering = new Thread(() -> queue.offer(pass("route", "t1")));
        offering.start();
        assertThat(queue.take()).hasToString("route -> t1");
        offering.join();
    }
}
