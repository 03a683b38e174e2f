package dev.slipway.apiserver.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Release;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a dry run says a release would do, from the App and its releases alone. */
class ReleasePlanTest {

    private static final Requests.Requester ALICE = new Requests.Requester("alice", "req-1");

    private static App app(String spec, String status) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: shop, namespace: demo, uid: u-1}
                spec:
                %s
                status:
                %s
                """.formatted(spec.indent(2), status.indent(2)), App.class);
    }

    private static Release release(long revision, String phase, String image, String config, String steps) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata: {name: shop-%d, namespace: demo}
                spec:
                  app: shop
                  revision: %d
                  image: %s
                  config:
                %s
                status:
                  phase: %s
                  steps:
                %s
                """.formatted(revision, revision, image, config.indent(4), phase, steps.indent(4)), Release.class);
    }

    @Test
    void aRollingReleaseShowsItsHooksAndWhatChangesWithoutAnyValue() throws Exception {
        // Given an App serving revision 2, whose env has since changed
        App app = app("""
                image: registry.example/shop:1
                env:
                  - {name: GREETING, value: hello-new}
                  - {name: API_KEY, valueFrom: {secretKeyRef: {name: stripe, key: api-key}}}
                  - {name: ADDED, value: s3cret-added}
                hooks:
                  pre: {command: [bin/rails, db:migrate], failurePolicy: Retry, maxAttempts: 3}
                  post: {command: [bin/notify]}
                """, "latestRevision: 2");
        Release serving = release(2, "Complete", "registry.example/shop:1", """
                port: 8080
                env:
                  - {name: GREETING, value: hello-old}
                  - {name: REMOVED, value: gone}
                  - {name: API_KEY, valueFrom: {secretKeyRef: {name: stripe, key: api-key}}}
                hooks:
                  pre: {command: [bin/rails, db:migrate], failurePolicy: Retry, maxAttempts: 3}
                  post: {command: [bin/notify]}
                """, "[]");

        // When a release of a new image is planned
        Release requested = ReleaseRequests.desired(app, 3, "registry.example/shop:2", "ship it", null, ALICE, Map.of());
        Map<String, Object> plan = ReleasePlan.of(app, List.of(serving), requested, null,
                name -> Optional.of(Set.of("api-key")));

        // Then it names the revision, the steps with their hooks, and each change, never a value
        assertThat(plan).containsEntry("revision", 3L).containsEntry("release", "shop-3")
                .containsEntry("image", "registry.example/shop:2").containsEntry("serving", "shop-2")
                .containsEntry("reason", "requested by alice: ship it")
                .containsEntry("strategy", Map.of("type", "Rolling", "timeoutSeconds", 600))
                .containsEntry("problems", List.of()).doesNotContainKeys("waitsFor", "triggersPaused");
        assertThat(plan.get("steps")).isEqualTo(List.of(
                Map.of("name", "pre-hook", "hook", Map.of("command", List.of("bin/rails", "db:migrate"),
                        "failurePolicy", "Retry", "maxAttempts", 3)),
                Map.of("name", "rollout"),
                Map.of("name", "post-hook", "hook", Map.of("command", List.of("bin/notify"), "failurePolicy", "Abort"))));
        @SuppressWarnings("unchecked")
        Map<String, Object> changes = (Map<String, Object>) plan.get("changes");
        assertThat(changes).containsEntry("image", Map.of("from", "registry.example/shop:1", "to", "registry.example/shop:2"))
                .containsEntry("env", List.of(Map.of("name", "ADDED", "change", "added"),
                        Map.of("name", "GREETING", "change", "changed"), Map.of("name", "REMOVED", "change", "removed")))
                .containsEntry("podsChange", true).containsEntry("replicas", 1)
                .doesNotContainKeys("port", "hooks", "resources");
        assertThat(new ObjectMapper().writeValueAsString(plan)).doesNotContain("hello-new", "hello-old", "s3cret-added",
                "gone");
    }

    @Test
    void aRecreateReleaseShowsItsWindowWithoutPodsFromTheLastOneMeasured() {
        App app = app("""
                image: registry.example/shop:1
                strategy: {type: Recreate}
                hooks:
                  mid: {command: [bin/migrate]}
                """, "latestRevision: 1");
        Release last = release(1, "Complete", "registry.example/shop:1", "strategy: {type: Recreate}", """
                - {name: scale-down, phase: Complete, startedAt: "2026-11-30T10:00:00Z", finishedAt: "2026-11-30T10:00:04Z"}
                - {name: mid-hook, phase: Complete, startedAt: "2026-11-30T10:00:04Z", finishedAt: "2026-11-30T10:00:10Z"}
                - {name: rollout, phase: Complete, startedAt: "2026-11-30T10:00:10Z", finishedAt: "2026-11-30T10:00:12.5Z"}
                """);

        Map<String, Object> plan = ReleasePlan.of(app, List.of(last),
                ReleaseRequests.desired(app, 2, null, null, null, ALICE, Map.of()), null, name -> Optional.empty());

        assertThat(plan).containsEntry("recreateWindowSeconds", 12.5).containsEntry("image", "registry.example/shop:1");
        assertThat(plan.get("steps")).isEqualTo(List.of(Map.of("name", "scale-down"),
                Map.of("name", "mid-hook", "hook", Map.of("command", List.of("bin/migrate"), "failurePolicy", "Abort")),
                Map.of("name", "rollout")));
    }

    @Test
    void aRollbackToARevisionThatNeverRanIsAProblemNotAFailureOfThePlan() {
        App app = app("image: registry.example/shop:3", "latestRevision: 3");
        Release neverRan = Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata: {name: shop-2, namespace: demo}
                spec: {app: shop, revision: 2}
                status: {phase: Superseded}
                """, Release.class);

        Map<String, Object> plan = ReleasePlan.of(app, List.of(neverRan),
                ReleaseRequests.desired(app, 4, null, null, neverRan, ALICE, Map.of()), neverRan, name -> Optional.empty());

        assertThat(plan.get("problems")).isEqualTo(List.of("toRevision: revision 2 never ran, so it has no image and"
                + " config to restore", "image: the App has no image yet (no build has completed); name one with image"));
    }

    @Test
    void whatWouldHoldItBackOrFailItAtOnceIsSaid() {
        App app = app("""
                image: registry.example/shop:1
                env:
                  - {name: API_KEY, valueFrom: {secretKeyRef: {name: stripe, key: api-key}}}
                  - {name: DB_URL, valueFrom: {secretKeyRef: {name: absent, key: url}}}
                  - {name: OPTIONAL, valueFrom: {secretKeyRef: {name: absent, key: x, optional: true}}}
                """, """
                latestRevision: 4
                conditions:
                  - {type: TriggersPaused, status: "True", reason: RolledBack, message: rolled back to revision 3}
                """);
        Release running = release(4, "Running", "registry.example/shop:1", "port: 8080", "[]");

        Map<String, Object> plan = ReleasePlan.of(app, List.of(running),
                ReleaseRequests.desired(app, 5, "Registry.Example/Shop:2", null, null, ALICE, Map.of()), null,
                name -> name.equals("stripe") ? Optional.of(Set.of("publishable")) : Optional.empty());

        assertThat(plan).containsEntry("approval", Map.of("required", false))
                .containsEntry("triggersPaused", "rolled back to revision 3")
                .containsEntry("waitsFor", "shop-4 is Running: this release would wait for it, or supersede it if it"
                        + " has not started")
                .containsEntry("problems", List.of("image: \"Registry.Example/Shop:2\" is not an image reference",
                        "env API_KEY: Secret stripe has no key api-key", "env DB_URL: Secret absent does not exist"));
    }

    @Test
    void aReleaseThatWouldWaitForApprovalSaysByWhomAndForHowLong() {
        App app = app("""
                image: registry.example/shop:1
                approval: {required: true, expiresAfterSeconds: 3600}
                """, "latestRevision: 1");

        Map<String, Object> plan = ReleasePlan.of(app, List.of(),
                ReleaseRequests.desired(app, 2, null, null, null, ALICE, Map.of()), null, name -> Optional.empty());

        assertThat(plan).containsEntry("approval", Map.of("required", true, "by", "someone other than alice",
                "expiresAfterSeconds", 3600));
    }
}
