package dev.slipway.apiserver.requests;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppChildren;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.ReleaseConfigs;
import dev.slipway.api.v1alpha1.AppSource;
import dev.slipway.api.v1alpha1.Approval;
import dev.slipway.api.v1alpha1.AppSpec;
import dev.slipway.api.v1alpha1.AppStatus;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildNames;
import dev.slipway.api.v1alpha1.GitSource;
import dev.slipway.api.v1alpha1.Release;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestsTest {

    private static final Requests.Requester ALICE = new Requests.Requester("alice", "req-1");

    private static App app(Long latestRevision, String latestBuild) {
        App app = new App();
        app.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("demo").withUid("uid-1").build());
        GitSource git = new GitSource();
        git.setUrl("https://git.example/shop.git");
        git.setRef("main");
        AppSource source = new AppSource();
        source.setGit(git);
        source.setBuilder("ruby");
        AppSpec spec = new AppSpec();
        spec.setSource(source);
        app.setSpec(spec);
        AppStatus status = new AppStatus();
        status.setLatestRevision(latestRevision);
        status.setLatestBuild(latestBuild);
        app.setStatus(status);
        return app;
    }

    private static Release release(long revision, String image) {
        return ReleaseRequests.desired(app(null, null), revision, image, null, null, ALICE, Map.of());
    }

    @Test
    void theNextRevisionFollowsTheHighestKnownOne() {
        assertThat(ReleaseRequests.nextRevision(app(null, null), List.of())).isEqualTo(1);
        assertThat(ReleaseRequests.nextRevision(app(7L, null), List.of(release(3, null)))).isEqualTo(8);
        assertThat(ReleaseRequests.nextRevision(app(2L, null), List.of(release(5, null), release(4, null)))).isEqualTo(6);
    }

    @Test
    void aReleaseRequestRecordsWhoAskedAndWhy() {
        Release release = ReleaseRequests.desired(app(4L, null), 5, "registry.example/shop:1.2", "hotfix", null, ALICE,
                Map.of());

        assertThat(release.getMetadata().getName()).isEqualTo("shop-5");
        assertThat(release.getMetadata().getLabels()).containsEntry("slipway.dev/app", "shop")
                .containsEntry("slipway.dev/revision", "5");
        assertThat(release.getMetadata().getAnnotations()).containsEntry("slipway.dev/requested-by", "alice")
                .containsEntry("slipway.dev/request-id", "req-1");
        assertThat(release.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-1"));
        assertThat(release.getSpec().getReason()).isEqualTo("requested by alice: hotfix");
        assertThat(release.getSpec().getImage()).isEqualTo("registry.example/shop:1.2");
        assertThat(release.getSpec().getRollbackOf()).isNull();
    }

    @Test
    void aRollbackRestoresTheImageOfItsRevisionAndSaysSo() {
        Release rollback = ReleaseRequests.desired(app(6L, null), 7, null, null, release(5, "shop@sha256:abc"), ALICE,
                Map.of());

        assertThat(rollback.getSpec().getRollbackOf()).isEqualTo(5);
        assertThat(rollback.getSpec().getImage()).isEqualTo("shop@sha256:abc");
        assertThat(rollback.getSpec().getReason()).isEqualTo("requested by alice: rollback to 5");
    }

    @Test
    void aRequestIsPinnedToTheAppsConfigAsTheControllerWouldPinIt() {
        App app = app(1L, null);
        app.getSpec().setImage("registry.example/shop:1");
        app.getSpec().setPort(9090);
        app.getMetadata().setGeneration(4L);

        Release release = ReleaseRequests.desired(app, 2, null, null, null, ALICE, Map.of());

        assertThat(AppChildren.pinned(release, app)).isTrue();
        assertThat(release.getSpec().getImage()).isEqualTo("registry.example/shop:1");
        assertThat(Serialization.asJson(release.getSpec().getConfig()))
                .isEqualTo(Serialization.asJson(ReleaseConfigs.snapshot(app.getSpec())));
        assertThat(release.getMetadata().getAnnotations())
                .containsEntry(Labels.CONFIG_HASH, ReleaseConfigs.appHash(app.getSpec()))
                .containsEntry(Labels.APP_GENERATION, "4");
    }

    @Test
    void aRollbackIsPinnedToWhatItsRevisionRan() {
        App app = app(6L, null);
        app.getSpec().setImage("registry.example/shop:6");
        App before = app(4L, null);
        before.getSpec().setImage("registry.example/shop:5");
        before.getSpec().setPort(8081);
        Release five = ReleaseRequests.desired(before, 5, null, null, null, ALICE, Map.of());

        Release rollback = ReleaseRequests.desired(app, 7, null, null, five, ALICE, Map.of());

        assertThat(AppChildren.pinned(rollback, app)).isTrue();
        assertThat(rollback.getSpec().getImage()).isEqualTo("registry.example/shop:5");
        assertThat(rollback.getSpec().getConfig().getPort()).isEqualTo(8081);
    }

    @Test
    void aRequestWithoutAnImageForABuiltAppIsLeftToTheControllerToPin() {
        Release release = ReleaseRequests.desired(app(3L, "shop-build-2"), 4, null, null, null, ALICE, Map.of());

        assertThat(release.getSpec().getImage()).isNull();
        assertThat(release.getSpec().getConfig()).isNull();
    }

    @Test
    void aRequestInANamespaceLabelledForApprovalWaitsForItUnlessTheAppSaysOtherwise() {
        Map<String, String> production = Map.of("slipway.dev/approval-required", "true");
        App exempt = app(null, null);
        Approval off = new Approval();
        off.setRequired(false);
        exempt.getSpec().setApproval(off);

        Release waits = ReleaseRequests.desired(app(null, null), 1, null, null, null, ALICE, production);
        Release runs = ReleaseRequests.desired(exempt, 1, null, null, null, ALICE, production);

        assertThat(waits.getSpec().getApproval().getRequired()).isTrue();
        assertThat(waits.getSpec().getApproval().getExpiresAfterSeconds()).isEqualTo(86_400);
        assertThat(runs.getSpec().getApproval()).isNull();
        assertThat(ReleaseRequests.desired(app(null, null), 1, null, null, null, ALICE, Map.of()).getSpec()
                .getApproval()).isNull();
    }

    @Test
    void aLongReasonIsCutToTheSchemasLimit() {
        Release release = ReleaseRequests.desired(app(null, null), 1, null, "x".repeat(5000), null, ALICE, Map.of());
        assertThat(release.getSpec().getReason()).hasSize(1024);
    }

    @Test
    void theNextBuildNumberFollowsTheHighestBuildOfTheApp() {
        Build nine = BuildRequests.desired(app(null, null), 9, null, null, "t", "r", ALICE);
        assertThat(BuildNames.nextNumber(app(null, null), List.of())).isEqualTo(1);
        assertThat(BuildNames.nextNumber(app(null, "shop-build-12"), List.of(nine))).isEqualTo(13);
        assertThat(BuildNames.nextNumber(app(null, "other-build-40"), List.of(nine))).isEqualTo(10);
    }

    @Test
    void aBuildTakesTheAppsSourceAtTheRequestedRefAndPushesToTheRegistry() {
        Build build = BuildRequests.desired(app(null, null), 3, "release-1", "3f2a9c1", "webhook: push 3f2a9c1",
                "registry.example:5000", ALICE);

        assertThat(build.getMetadata().getName()).isEqualTo("shop-build-3");
        assertThat(build.getSpec().getSource().getGit().getUrl()).isEqualTo("https://git.example/shop.git");
        assertThat(build.getSpec().getSource().getGit().getRef()).isEqualTo("release-1");
        assertThat(build.getSpec().getSource().getGit().getCommit()).isEqualTo("3f2a9c1");
        assertThat(build.getSpec().getBuilder()).isEqualTo("ruby");
        assertThat(build.getSpec().getOutput().getImage()).isEqualTo("registry.example:5000/demo/shop");
        assertThat(build.getSpec().getTrigger()).isEqualTo("webhook: push 3f2a9c1");
    }
}
