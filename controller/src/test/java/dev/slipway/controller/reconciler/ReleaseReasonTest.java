package dev.slipway.controller.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.SourceRevision;
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
        assertThat(AppBuilds.described(null)).isEmpty();
        assertThat(AppBuilds.described(revision(null, "Alice", "Fix"))).isEmpty();
    }

    private static SourceRevision revision(String commit, String author, String message) {
        SourceRevision revision = new SourceRevision();
        revision.setCommit(commit);
        revision.setAuthor(author);
        revision.setMessage(message);
        return revision;
    }
}
