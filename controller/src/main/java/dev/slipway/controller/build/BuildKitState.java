package dev.slipway.controller.build;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Owners;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;

/**
 * BuildKit's state kept between an App's builds, when the installation asks for it: a
 * PersistentVolumeClaim per App, owned by the App, which the build pod's BuildKit uses instead of
 * an empty folder. A new pod then finds the builder image and the layers of the App's last build
 * where it left them, instead of pulling them from the registry (the registry cache stays, for a
 * claim that is new or lost). One claim per App and not one per cluster: the builds of one App never
 * run at once, so no two BuildKit daemons ever share a state, and one App's build never reads another's.
 */
public final class BuildKitState {

    private BuildKitState() {
    }

    /** {@code shop-buildkit-state}: the claim of App shop. */
    public static String claimName(String app) {
        return app + "-buildkit-state";
    }

    /** The App's claim: ReadWriteOnce, {@code size}, of the cluster's default StorageClass. */
    public static PersistentVolumeClaim desired(App app, String size) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                    .withName(claimName(app.getMetadata().getName()))
                    .withNamespace(app.getMetadata().getNamespace())
                    .withLabels(Map.of(Labels.APP, app.getMetadata().getName(), Labels.ROLE, Labels.BUILDER))
                    .withOwnerReferences(Owners.controllerReference(app))
                .endMetadata()
                .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
                .endSpec()
                .build();
    }

    /** The build Job with its BuildKit's state on the App's claim instead of an empty folder. */
    public static Job onClaim(Job job, String app) {
        Volume claim = new VolumeBuilder().withName(BuildJob.BUILDKIT_VOLUME).withNewPersistentVolumeClaim()
                .withClaimName(claimName(app)).endPersistentVolumeClaim().build();
        Job moved = new JobBuilder(job).build();
        moved.getSpec().getTemplate().getSpec().getVolumes()
                .replaceAll(volume -> volume.getName().equals(BuildJob.BUILDKIT_VOLUME) ? claim : volume);
        return moved;
    }
}
