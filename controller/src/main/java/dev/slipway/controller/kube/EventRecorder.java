package dev.slipway.controller.kube;

import dev.slipway.api.v1alpha1.Condition;
import dev.slipway.controller.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on Slipway's resources, so {@code kubectl describe app shop} tells the
 * story of a release. An Event that cannot be written is logged, never fatal.
 *
 * <p>Each thing that happened is told once. A pass can be repeated with the same view of the
 * world (a requeue before the informer saw the status just written, a restart after an Event but
 * before the status write): the Event's name is derived from the object's uid, the reason and the
 * message, so the repeat meets the Event already there (409) and writes nothing. The price: the
 * same reason with the same words on the same object is one Event for as long as the cluster keeps
 * Events (an hour by default), where a flapping condition would otherwise count up.
 *
 * <p>Events are written on a thread of their own, in the order told, as client-go's recorder does:
 * a pass does not wait for the telling of what it did. Events were five of the seventeen writes an
 * App makes to converge, each one a request the reconciler's thread waited for while other passes
 * queued for that thread. The price: Events still queued when the process dies are not written
 * (a status written in the same pass is), and up to 10,000 can wait before more are dropped
 * with a warning in the log.
 */
public final class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final String COMPONENT = "slipway-controller";
    private static final int MAX_MESSAGE = 1024;
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final int QUEUE = 10_000;

    private final KubernetesClient client;
    private final String instance;
    private final ExecutorService writer;

    /**
     * One recorder per controller, made with its client, and its writer thread its own: a write on
     * the wire when its client closes never returns (fabric8's JDK client; a controller stopped in a
     * test's JVM does this), which stalls only this recorder's queue, not every controller's in the
     * JVM as one shared writer did. The thread ends after 30 s with nothing to write.
     */
    public EventRecorder(KubernetesClient client, String instance) {
        this.client = client;
        this.instance = instance;
        this.writer = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "event-recorder-" + instance);
                    thread.setDaemon(true);
                    return thread;
                }, (runnable, executor) -> LOG.warn("Event dropped: {} Events are waiting to be written", QUEUE));
    }

    public void record(HasMetadata about, String reason, String message, boolean warning) {
        Instant now = Instant.now();
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        String namespace = about.getMetadata().getNamespace();
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withName(about.getMetadata().getName() + "." + key(about, reason, message))
                    .withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject()
                    .withApiVersion(about.getApiVersion()).withKind(about.getKind())
                    .withName(about.getMetadata().getName()).withNamespace(namespace)
                    .withUid(about.getMetadata().getUid())
                .endInvolvedObject()
                .withReason(reason)
                .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message)
                .withType(warning ? "Warning" : "Normal")
                .withFirstTimestamp(time).withLastTimestamp(time).withCount(1)
                .withEventTime(new MicroTime(MICRO.format(now)))
                .withAction(reason)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT).withReportingInstance(instance)
                .build();
        writer.execute(() -> write(event));
    }

    private void write(Event event) {
        try {
            client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
        } catch (RuntimeException e) {
            if (e instanceof KubernetesClientException refused && refused.getCode() == 409) {
                LOG.debug("Event {} on {}/{} was recorded by an earlier pass", event.getReason(),
                        event.getInvolvedObject().getKind(), event.getInvolvedObject().getName());
                return;
            }
            // Also a client closed under a queued Event (a controller stopping): only that Event is lost.
            LOG.warn("Cannot record event {} on {}/{}: {}", event.getReason(), event.getInvolvedObject().getKind(),
                    event.getInvolvedObject().getName(), e.getMessage());
        }
    }

    /**
     * An Event for each condition that changed between {@code before} and {@code after}, with the
     * condition's reason and message; a Warning when {@code bad} says the condition now reports
     * trouble (a False Ready, a True Degraded: the meaning depends on the type).
     */
    public void transitions(HasMetadata about, List<Condition> before, List<Condition> after, Predicate<Condition> bad) {
        for (Condition changed : Conditions.changed(before, after)) {
            record(about, changed.getReason(), changed.getMessage() == null ? "" : changed.getMessage(),
                    bad.test(changed));
        }
    }

    /** 16 hex digits naming what happened to this object, the same for the same telling. */
    static String key(HasMetadata about, String reason, String message) {
        return ShortHash.of(about.getMetadata().getUid() + "\n" + reason + "\n" + message);
    }
}
