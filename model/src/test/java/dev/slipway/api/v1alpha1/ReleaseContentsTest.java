package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a release runs when its maker fills in the image and config it does not name. */
class ReleaseContentsTest {

    static App app(String image, int port) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: shop, namespace: team}
                spec: {%s port: %d}
                """.formatted(image == null ? "" : "image: " + image + ",", port), App.class);
    }

    static Release release(long revision, String image, Integer port, ReleasePhase phase, Long rollbackOf) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata: {name: shop-%d}
                spec: {app: shop, revision: %d%s%s%s}
                %s
                """.formatted(revision, revision, image == null ? "" : ", image: \"" + image + "\"",
                port == null ? "" : ", config: {port: " + port + "}",
                rollbackOf == null ? "" : ", rollbackOf: " + rollbackOf,
                phase == null ? "" : "status: {phase: " + phase + "}"), Release.class);
    }

    @Test
    void aReleaseNamingNothingRunsTheAppsImageAndItsConfigAsItIsNow() {
        ReleaseContents contents = ReleaseContents.of(release(3, null, null, null, null).getSpec(),
                app("shop:2", 9090), List.of(release(2, "shop:1", 8080, ReleasePhase.Complete, null)));

        assertThat(contents.image()).isEqualTo("shop:2");
        assertThat(contents.config().getPort()).isEqualTo(9090);
        assertThat(contents.complete()).isTrue();
        assertThat(contents.rollbackTargetMissing()).isFalse();
    }

    @Test
    void whatTheReleaseNamesItselfWins() {
        ReleaseContents contents = ReleaseContents.of(release(3, "shop:9", 7000, null, null).getSpec(),
                app("shop:2", 9090), List.of());

        assertThat(contents.image()).isEqualTo("shop:9");
        assertThat(contents.config().getPort()).isEqualTo(7000);
    }

    @Test
    void aBuiltAppWithoutAnImageRunsTheImageOfTheReleaseItServes() {
        List<Release> releases = List.of(release(1, "shop@sha256:one", 8080, ReleasePhase.Complete, null),
                release(2, "shop@sha256:two", 8080, ReleasePhase.Complete, null),
                release(3, "shop@sha256:three", 8080, ReleasePhase.Failed, null));

        ReleaseContents contents = ReleaseContents.of(release(4, null, null, null, null).getSpec(),
                app(null, 8080), releases);

        assertThat(contents.image()).isEqualTo("shop@sha256:two");
        assertThat(ReleaseContents.serving(releases)).hasValueSatisfying(
                r -> assertThat(r.getSpec().getRevision()).isEqualTo(2));
    }

    @Test
    void aBuiltAppBeforeItsFirstBuildHasNoImageYet() {
        ReleaseContents contents = ReleaseContents.of(release(1, null, null, null, null).getSpec(),
                app(null, 8080), List.of());

        assertThat(contents.image()).isNull();
        assertThat(contents.complete()).isFalse();
        assertThat(contents.rollbackTargetMissing()).isFalse();
    }

    @Test
    void aRollbackRestoresACopyOfWhatItsTargetRan() {
        Release target = release(2, "shop:1", 8080, ReleasePhase.Complete, null);

        ReleaseContents contents = ReleaseContents.of(release(5, null, null, null, 2L).getSpec(),
                app("shop:4", 9090), List.of(target, release(4, "shop:4", 9090, ReleasePhase.Complete, null)));

        assertThat(contents.image()).isEqualTo("shop:1");
        assertThat(contents.config().getPort()).isEqualTo(8080);
        assertThat(contents.config()).isNotSameAs(target.getSpec().getConfig());
        assertThat(contents.complete()).isTrue();
    }

    @Test
    void aRollbackToARevisionThatNeverRanOrDoesNotExistHasNothingToRestore() {
        List<Release> releases = List.of(release(2, null, null, ReleasePhase.Superseded, null));

        ReleaseContents neverRan = ReleaseContents.of(release(5, null, null, null, 2L).getSpec(),
                app("shop:4", 9090), releases);
        ReleaseContents pruned = ReleaseContents.of(release(5, null, null, null, 1L).getSpec(),
                app("shop:4", 9090), releases);

        assertThat(neverRan.rollbackTargetMissing()).isTrue();
        assertThat(neverRan.rollbackOf()).isEqualTo(2);
        assertThat(pruned.rollbackTargetMissing()).isTrue();
        assertThat(pruned.image()).isNull();
    }
}
