package dev.slipway.controller.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildSource;
import dev.slipway.api.v1alpha1.BuildSpec;
import dev.slipway.api.v1alpha1.SourceRevision;
import dev.slipway.api.v1alpha1.UploadSource;
import org.junit.jupiter.api.Test;

/** What a release started by a build says of the commit it ships. */
class ReleaseReasonTest {

    private static final String COMMIT = "3f2a9c1d" + "0".repeat(32);

    @Test
    void theShortCommitItsSubjectAndItsAuthorsNameWithoutTheAddress() {
        assertThat(AppBuilds.described(revision(COMMIT, "Alice Example <alice@example.com>", "Fix the login")))
                .isEqualTo(" (3f2a9c1 \"Fix the login\" by Alice Example)");
    }

    @Test
    void aLongSubjectIsCutSoTheReasonStaysALine() {
        assertThat(AppBuilds.described(revision(COMMIT, null, "x".repeat(200))))
                .isEqualTo(" (3f2a9c1 \"" + "x".repeat(69) + "...\")");
    }

    @Test
    void aBuildThatNamesNoCommitAddsNothing() {
        assertThat(AppBuilds.described((SourceRevision) null)).isEmpty();
        assertThat(AppBuilds.described(revision(null, "Alice", "Fix"))).isEmpty();
    }

    @Test
    void anUploadIsNamedByItsShortDigestAndItsUploader() {
        Build build = new Build();
        build.setSpec(new BuildSpec());
        build.getSpec().setSource(new BuildSource());
        UploadSource upload = new UploadSource();
        upload.setDigest("sha256:9b1e0c4" + "0".repeat(57));
        upload.setUploadedBy("alice");
        build.getSpec().getSource().setUpload(upload);

        assertThat(AppBuilds.described(build)).isEqualTo(" (upload sha256:9b1e0c4 by alice)");
    }

    private static SourceRevision revision(String commit, String author, String message) {
        SourceRevision revision = new SourceRevision();
        revision.setCommit(commit);
        revision.setAuthor(author);
        revision.setMessage(message);
        return revision;
    }
}
