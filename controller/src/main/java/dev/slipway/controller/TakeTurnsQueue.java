package dev.slipway.controller;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The reconciler threads' queue: each controller's passes wait in a line of their own, first come
 * first served, and the lines take turns. JOSDK puts every controller's passes in one line, so when
 * a thousand Apps arrive their thousand passes run before the first pass of a Release they created,
 * and the first Deployment waits for the last App: a 1000-App start left kube-controller-manager
 * idle for its first 85 s. With turns, each App pass is soon followed by its Release's pass, as each
 * of kube-controller-manager's controllers has a work queue of its own.
 *
 * <p>Unbounded, as the queue of JOSDK's own pool is: a pass is queued at most once per resource.
 * Each line's passes are counted on {@code /metrics}, as client-go counts its work queues':
 * {@code slipway_reconciler_passes_queued_total{controller}} and, waiting now,
 * {@code slipway_reconciler_passes_waiting{controller}}.
 */
final class TakeTurnsQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

    /** The passes of one controller, first come first served. */
    private static final class Line {
        final ArrayDeque<Runnable> passes = new ArrayDeque<>();
        final Counter queued;

        Line(Counter queued) {
            this.queued = queued;
        }
    }

    private final Function<Runnable, String> line;
    private final MeterRegistry registry;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Map<String, Line> lines = new HashMap<>();
    /** The lines with passes waiting, the next to serve first. */
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    private int size;

    /** @param line which line a pass waits in: its controller's name */
    TakeTurnsQueue(Function<Runnable, String> line, MeterRegistry registry) {
        this.line = line;
        this.registry = registry;
    }

    private Line newLine(String name) {
        Gauge.builder("slipway.reconciler.passes.waiting", this, queue -> queue.waiting(name))
                .description("Reconciler passes waiting for a thread").tag("controller", name).register(registry);
        return new Line(Counter.builder("slipway.reconciler.passes.queued")
                .description("Reconciler passes queued").tag("controller", name).register(registry));
    }

    private int waiting(String name) {
        lock.lock();
        try {
            return lines.get(name).passes.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean offer(Runnable task) {
        Objects.requireNonNull(task);
        String name = line.apply(task);
        lock.lock();
        try {
            Line waiting = lines.computeIfAbsent(name, this::newLine);
            if (waiting.passes.isEmpty()) {
                turns.addLast(name);
            }
            waiting.passes.addLast(task);
            waiting.queued.increment();
            size++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable poll() {
        lock.lock();
        try {
            return next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                notEmpty.await();
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    /** The head of the line whose turn it is; that line goes to the back of the turns if more wait. */
    private Runnable next() {
        String name = turns.pollFirst();
        if (name == null) {
            return null;
        }
        ArrayDeque<Runnable> waiting = lines.get(name).passes;
        Runnable task = waiting.pollFirst();
        if (!waiting.isEmpty()) {
            turns.addLast(name);
        }
        size--;
        return task;
    }

    @Override
    public Runnable peek() {
        lock.lock();
        try {
            String name = turns.peekFirst();
            return name == null ? null : lines.get(name).passes.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void put(Runnable task) {
        offer(task);
    }

    @Override
    public boolean offer(Runnable task, long timeout, TimeUnit unit) {
        return offer(task);
    }

    @Override
    public int remainingCapacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean remove(Object task) {
        lock.lock();
        try {
            for (Map.Entry<String, Line> waiting : lines.entrySet()) {
                if (waiting.getValue().passes.remove(task)) {
                    if (waiting.getValue().passes.isEmpty()) {
                        turns.remove(waiting.getKey());
                    }
                    size--;
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int drainTo(Collection<? super Runnable> into) {
        return drainTo(into, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super Runnable> into, int most) {
        lock.lock();
        try {
            int drained = 0;
            while (drained < most && size > 0) {
                into.add(next());
                drained++;
            }
            return drained;
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot, in the order the passes would be served. */
    @Override
    public Iterator<Runnable> iterator() {
        lock.lock();
        try {
            List<Runnable> inOrder = new ArrayList<>(size);
            Map<String, Iterator<Runnable>> remaining = new HashMap<>();
            ArrayDeque<String> order = new ArrayDeque<>(turns);
            while (!order.isEmpty()) {
                String name = order.pollFirst();
                Iterator<Runnable> waiting = remaining.computeIfAbsent(name, n -> lines.get(n).passes.iterator());
                inOrder.add(waiting.next());
                if (waiting.hasNext()) {
                    order.addLast(name);
                }
            }
            return inOrder.iterator();
        } finally {
            lock.unlock();
        }
    }
}
