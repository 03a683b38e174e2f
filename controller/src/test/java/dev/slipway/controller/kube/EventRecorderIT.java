package dev.slipway.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Events are written off the reconciler's thread, each controller's on its own. */
@KubeClusterTest
class EventRecorderIT {

    private static final Duration SOON = Duration.ofSeconds(15);

    @Test
    void aRecorderWhoseClientClosedUnderItsQueueHoldsUpNoOtherController(TestNamespace namespace) {
        ConfigMap about = subject(namespace, "told-about");
        KubernetesClient stopping = ControllerClient.create(namespace.cluster().config(null), new SimpleMeterRegistry());
        EventRecorder stopped = new EventRecorder(stopping, "stopped");
        IntStream.range(0, 300).forEach(i -> stopped.record(about, "Queued", "told before the stop " + i, false));
        // Closed while its writes are on the wire, as a controller stopping in the middle of a pass.
        await().pollInterval(Duration.ofMillis(10)).atMost(SOON).until(() -> !reasons(namespace, "told-about").isEmpty());
        stopping.close();

        new EventRecorder(namespace.client(), "live").record(about, "Told", "after the other client closed", false);

        await().atMost(SOON).untilAsserted(() -> assertThat(reasons(namespace, "told-about")).contains("Told"));
    }

    @Test
    void eventsAreWrittenInTheOrderToldAndARepeatIsTheSameEvent(TestNamespace namespace) {
        ConfigMap about = subject(namespace, "in-order");
        EventRecorder events = new EventRecorder(namespace.client(), "ordered");
        IntStream.range(0, 5).forEach(i -> events.record(about, "Step" + i, "step " + i, false));
        events.record(about, "Step0", "step 0", false);

        await().atMost(SOON).untilAsserted(() -> assertThat(reasons(namespace, "in-order")).hasSize(5));
        List<Event> written = namespace.client().v1().events().withField("involvedObject.name", "in-order").list()
                .getItems();
        assertThat(written).extracting(Event::getReportingInstance).containsOnly("ordered");
        assertThat(written.stream().sorted((a, b) -> Long.compare(Long.parseLong(a.getMetadata().getResourceVersion()),
                Long.parseLong(b.getMetadata().getResourceVersion()))).map(Event::getReason))
                .containsExactly("Step0", "Step1", "Step2", "Step3", "Step4");
    }

    private static ConfigMap subject(TestNamespace namespace, String name) {
        return namespace.client().configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .endMetadata().build()).create();
    }

    private static List<String> reasons(TestNamespace namespace, String name) {
        return namespace.client().v1().events().withField("involvedObject.name", name).list().getItems().stream()
                .map(Event::getReason).toList();
    }
}
