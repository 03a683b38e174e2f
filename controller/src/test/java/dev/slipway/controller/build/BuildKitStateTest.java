package dev.slipway.controller.build;

import static dev.slipway.controller.build.BuildFixtures.REGISTRY;
import static dev.slipway.controller.build.BuildFixtures.build;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.App;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildKitStateTest {

    @Test
    void theAppsClaimIsOwnedByItReadWriteOnceOfTheSizeAsked() {
        App app = new App();
        app.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("demo").withUid("u-1").build());

        PersistentVolumeClaim claim = BuildKitState.desired(app, "10Gi");

        assertThat(claim.getMetadata().getName()).isEqualTo("shop-buildkit-state");
        assertThat(claim.getMetadata().getNamespace()).isEqualTo("demo");
        assertThat(claim.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo("u-1"));
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("10Gi");
        assertThat(claim.getSpec().getStorageClassName()).as("the cluster's default").isNull();
    }

    @Test
    void onlyTheBuildKitVolumeMovesToTheClaim() {
        Job job = BuildJob.desired(build("node"), null, List.of(), REGISTRY, new BuilderDigests());

        Job onClaim = BuildKitState.onClaim(job, "shop");

        List<Volume> volumes = onClaim.getSpec().getTemplate().getSpec().getVolumes();
        assertThat(volumes).filteredOn(v -> v.getName().equals("buildkit")).singleElement()
                .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("shop-buildkit-state"));
        assertThat(volumes).filteredOn(v -> v.getName().equals("workspace")).singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
        assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
                .allSatisfy(v -> assertThat(v.getPersistentVolumeClaim()).as("the Job given is left as it was").isNull());
    }
}
