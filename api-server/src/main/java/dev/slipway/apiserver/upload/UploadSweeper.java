package dev.slipway.apiserver.upload;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildNames;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.UploadSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.Set;

/**
 * Deletes an uploaded folder from the registry once its build ended: its pod fetched it already, or
 * never will, and a Build cannot be run again. The API server stored it, so the API server removes
 * it; a Build that ended while no API server ran is swept when one starts, as the cache then
 * announces every Build. A failed delete is logged and retried at the next start.
 */
public final class UploadSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(UploadSweeper.class);
    private static final Set<BuildPhase> ENDED = EnumSet.of(BuildPhase.Complete, BuildPhase.Failed, BuildPhase.Cancelled);

    private final RegistryBlobs blobs;

    public UploadSweeper(RegistryBlobs blobs) {
        this.blobs = blobs;
    }

    /** For {@code ResourceCache.onBuildChange}: acts when a build of an upload is seen ended for the first time. */
    public void changed(Build before, Build after) {
        UploadSource upload = after.getSpec() == null || after.getSpec().getSource() == null ? null
                : after.getSpec().getSource().getUpload();
        if (upload == null || !ended(after) || (before != null && ended(before))) {
            return;
        }
        // Where UploadsHandler stored it: the App's repository, whatever registry the build pushes to.
        String repository = BuildNames.repository(after.getMetadata().getNamespace(), after.getSpec().getApp());
        blobs.delete(repository, upload.getDigest())
                .onSuccess(ignored -> LOG.atInfo().addKeyValue("build", after.getMetadata().getName())
                        .addKeyValue("digest", upload.getDigest()).log("upload deleted after its build ended"))
                .onFailure(e -> LOG.atWarn().addKeyValue("build", after.getMetadata().getName())
                        .addKeyValue("digest", upload.getDigest()).addKeyValue("error", e.getMessage())
                        .log("upload not deleted; the next API server start tries again"));
    }

    private static boolean ended(Build build) {
        return build.getStatus() != null && ENDED.contains(build.getStatus().getPhase());
    }
}
