package dev.slipway.controller.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on Slipway's resources, so {@code kubectl describe app shop} tells the
 * story of a release. An Event that cannot be written is logged, never fatal.
 */
public final class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final String COMPONENT = "slipway-controller";
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final KubernetesClient client;
    private final String instance;

    public EventRecorder(KubernetesClient client, String instance) {
        this.client = client;
        this.instance = instance;
    }

    public void record(HasMetadata about, String reason, String message, boolean warning) {
        Instant now = Instant.now();
        String time = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        try {
            client.v1().events().inNamespace(about.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata()
                        .withName(about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13)
                                .replace("-", "").toLowerCase(Locale.ROOT))
                        .withNamespace(about.getMetadata().getNamespace())
                    .endMetadata()
                    .withNewInvolvedObject()
                        .withApiVersion(about.getApiVersion()).withKind(about.getKind())
                        .withName(about.getMetadata().getName()).withNamespace(about.getMetadata().getNamespace())
                        .withUid(about.getMetadata().getUid())
                    .endInvolvedObject()
                    .withReason(reason)
                    .withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
                    .withType(warning ? "Warning" : "Normal")
                    .withFirstTimestamp(time).withLastTimestamp(time).withCount(1)
                    .withEventTime(new MicroTime(MICRO.format(now)))
                    .withAction(reason)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT).withReportingInstance(instance)
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warn("Cannot record event {} on {}/{}: {}", reason, about.getKind(), about.getMetadata().getName(),
                    e.getMessage());
        }
    }
}
