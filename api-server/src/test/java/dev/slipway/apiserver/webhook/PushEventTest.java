package dev.slipway.apiserver.webhook;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PushEventTest {

    private static final String SHA = "3f2a9c1d4e5b6a7980112233445566778899aabb";

    @Test
    void aGithubPushNamesItsRefAndCommit() {
        PushEvent push = PushEvent.github(new JsonObject().put("ref", "refs/heads/main").put("after", SHA)
                .put("repository", new JsonObject().put("default_branch", "trunk"))).orElseThrow();

        assertThat(push).isEqualTo(new PushEvent("refs/heads/main", SHA, "trunk"));
        assertThat(push.shortCommit()).isEqualTo("3f2a9c1");
    }

    @Test
    void aGitlabPushUsesTheCheckedOutCommit() {
        assertThat(PushEvent.gitlab(new JsonObject().put("ref", "refs/tags/v1").put("checkout_sha", SHA).put("after", "0"
                .repeat(40)))).hasValueSatisfying(p -> assertThat(p.commit()).isEqualTo(SHA));
    }

    @Test
    void aDeletedRefOrAPayloadWithoutACommitIsNoPush() {
        assertThat(PushEvent.github(new JsonObject().put("ref", "refs/heads/main").put("after", "0".repeat(40)))).isEmpty();
        assertThat(PushEvent.github(new JsonObject().put("ref", "refs/heads/main"))).isEmpty();
        assertThat(PushEvent.github(new JsonObject().put("ref", 5).put("after", SHA))).isEmpty();
        assertThat(PushEvent.github(new JsonObject().put("ref", "refs/heads/main").put("after", "not hex"))).isEmpty();
        assertThat(PushEvent.github(new JsonObject().put("repository", "nope"))).isEmpty();
    }

    @Test
    void aPushMovesTheAppsBranchTagOrDefaultBranch() {
        PushEvent main = new PushEvent("refs/heads/main", SHA, "main");
        assertThat(main.moves("main")).isTrue();
        assertThat(main.moves("refs/heads/main")).isTrue();
        assertThat(main.moves(null)).isTrue();
        assertThat(main.moves("develop")).isFalse();
        assertThat(new PushEvent("refs/tags/v1", SHA, null).moves("v1")).isTrue();
        assertThat(new PushEvent("refs/heads/main", SHA, null).moves(null)).isFalse();
    }

    @Test
    void aTagPatternIsMovedByMatchingTagsOnlyAndBuildsThePushedTag() {
        PushEvent tag = new PushEvent("refs/tags/v1.4.0", SHA, "main");
        assertThat(tag.moves("v*")).isTrue();
        assertThat(tag.moves("v1.*")).isTrue();
        assertThat(tag.moves("v2.*")).isFalse();
        assertThat(tag.buildRef("v*")).isEqualTo("v1.4.0");
        assertThat(tag.buildRef("main")).isEqualTo("main");
        assertThat(new PushEvent("refs/heads/v1", SHA, "main").moves("v*")).isFalse();
        assertThat(new PushEvent("refs/tags/release/v1", SHA, "main").moves("release/*")).isTrue();
    }

    @Test
    void aPushThatMovesNothingSaysWhichRefsDiffer() {
        assertThat(new PushEvent("refs/heads/dev", SHA, "main").otherRef("v*"))
                .isEqualTo("the push is to another ref: refs/heads/dev, not the app's ref v*");
        assertThat(new PushEvent("refs/heads/dev", SHA, "main").otherRef(null))
                .isEqualTo("the push is to another ref: refs/heads/dev, not the app's ref (the default branch main)");
        assertThat(new PushEvent("refs/heads/dev", SHA, null).otherRef(null)).endsWith("(the default branch unknown)");
    }
}
