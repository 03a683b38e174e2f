package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.Pluralize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/**
 * What every informer of a Slipway kind pays per event: the object of a watch event is parsed by
 * apiVersion and kind, so each kind must be known to fabric8's deserializer (the ServiceLoader list
 * in META-INF/services), or each event is parsed as a GenericKubernetesResource and converted again.
 * The kinds are the ones the CRDs are generated from, so a new kind left off that list fails here.
 */
class WatchEventKindsTest {

    @Test
    void aWatchEventOfEachKindIsParsedStraightIntoItsClass() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        for (Class<? extends HasMetadata> kind : CrdManifests.KINDS) {
            String event = "{\"type\":\"MODIFIED\",\"object\":{\"apiVersion\":\"slipway.dev/v1alpha1\",\"kind\":\""
                    + HasMetadata.getKind(kind) + "\",\"metadata\":{\"name\":\"shop\",\"namespace\":\"team-a\"}}}";

            WatchEvent parsed = serialization.unmarshal(event, WatchEvent.class);

            assertThat(parsed.getObject()).isExactlyInstanceOf(kind);
            assertThat(((HasMetadata) parsed.getObject()).getMetadata().getName()).isEqualTo("shop");
        }
    }

    @Test
    void theDeclaredPluralsAreTheOnesFabric8WouldDerive() {
        for (Class<? extends HasMetadata> kind : CrdManifests.KINDS) {
            assertThat(HasMetadata.getPlural(kind)).isEqualTo(Pluralize.toPlural(HasMetadata.getSingular(kind)));
        }
    }
}
