package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.Condition;
import dev.slipway.api.v1alpha1.ConditionStatus;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.controller.SlipwayOperator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Events on a Route: one per condition whose status or reason changed, with the condition's reason. */
final class RouteEvents {

    private static final Logger LOG = LoggerFactory.getLogger(RouteEvents.class);

    private RouteEvents() {
    }

    static void flipped(KubernetesClient client, Route route, List<Condition> old, List<Condition> now) {
        for (Condition c : now) {
            Condition before = old == null ? null : old.stream().filter(o -> Objects.equals(o.getType(), c.getType()))
                    .findFirst().orElse(null);
            if (before != null && before.getStatus() == c.getStatus()
                    && Objects.equals(before.getReason(), c.getReason())) {
                continue;
            }
            String time = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            Event event = new EventBuilder()
                    .withNewMetadata().withGenerateName(route.getMetadata().getName() + ".")
                    .withNamespace(route.getMetadata().getNamespace()).endMetadata()
                    .withNewInvolvedObject().withApiVersion(route.getApiVersion()).withKind(route.getKind())
                    .withName(route.getMetadata().getName()).withNamespace(route.getMetadata().getNamespace())
                    .withUid(route.getMetadata().getUid()).endInvolvedObject()
                    .withType(c.getStatus() == ConditionStatus.True ? "Normal" : "Warning")
                    .withReason(c.getReason())
                    .withMessage(c.getMessage())
                    .withFirstTimestamp(time).withLastTimestamp(time).withCount(1)
                    .withNewSource().withComponent(SlipwayOperator.FIELD_MANAGER).endSource()
                    .build();
            try {
                client.v1().events().inNamespace(route.getMetadata().getNamespace()).resource(event).create();
            } catch (KubernetesClientException e) {
                // An Event is a courtesy to the user; failing to write one must not fail the reconcile.
                LOG.warn("Route {}/{}: cannot record event {}: {}", route.getMetadata().getNamespace(),
                        route.getMetadata().getName(), c.getReason(), e.getMessage());
            }
        }
    }
}
