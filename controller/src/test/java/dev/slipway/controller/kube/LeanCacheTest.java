package dev.slipway.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

class LeanCacheTest {

    @Test
    void keepsObjectsWithoutTheirManagedFieldsUnderTheInformersKey() {
        Deployment deployment = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("shop")
                .addToLabels("slipway.dev/app", "web")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("slipway-controller")
                        .withOperation("Apply").build())
                .endMetadata().withNewSpec().withReplicas(2).endSpec().build();
        LeanCache<Deployment> cache = new LeanCache<>();

        cache.put(cache.getKey(deployment), deployment);

        Deployment cached = cache.get("shop/web");
        assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(cached.getMetadata().getLabels()).containsEntry("slipway.dev/app", "web");
        assertThat(cached.getSpec().getReplicas()).isEqualTo(2);
    }
}
