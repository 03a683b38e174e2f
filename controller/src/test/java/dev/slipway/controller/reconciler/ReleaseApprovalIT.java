package dev.slipway.controller.reconciler;

import static dev.slipway.api.v1alpha1.ConditionTypes.APPROVED;
import static dev.slipway.api.v1alpha1.ConditionTypes.PROGRESSING;
import static dev.slipway.api.v1alpha1.ConditionTypes.SUCCEEDED;
import static dev.slipway.controller.reconciler.ReleaseFixtures.TIMEOUT;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppChildren;
import dev.slipway.api.v1alpha1.AppPhase;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseApprovals;
import dev.slipway.api.v1alpha1.ReleaseConfigs;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.controller.WithController;
import dev.slipway.controller.rollout.ReleaseStateMachine;
import dev.slipway.controller.status.Conditions;
import dev.slipway.testkit.Kubectl;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Releases that wait for a second person: nothing runs while one awaits approval; approved it runs,
 * rejected or expired it ends. The decision is written to the status as the API server writes it
 * (the API server is not part of the controller's tests). The class's namespace carries the label
 * slipway.dev/approval-required=true; every App here but the label's own test says what it wants.
 */
class ReleaseApprovalIT extends WithController {

    private static final String PRE_HOOK = "\n  hooks: {pre: {command: [bin/check]}}";

    @BeforeAll
    static void labelTheNamespace(TestNamespace namespace) {
        namespace.client().namespaces().withName(namespace.name()).edit(n -> {
            n.getMetadata().getLabels().put(ReleaseApprovals.NAMESPACE_LABEL, "true");
            return n;
        });
    }

    static void createApp(KubernetesClient client, String name, String approval) {
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: %s}
                spec:
                  image: registry.example.com/%s:1
                  approval: %s%s
                """.formatted(name, name, approval, PRE_HOOK));
    }

    /** What the API server writes when {@code user} decides. */
    static void decide(KubernetesClient client, String release, String decision, String user) {
        client.resources(Release.class).withName(release).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                """
                {"status": {"approval": {"decision": "%s", "by": "%s", "at": "%s", "reason": "checked the diff"}}}
                """.formatted(decision, user, Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    }

    static List<String> eventReasons(KubernetesClient client, String release) {
        return client.v1().events().list().getItems().stream()
                .filter(e -> release.equals(e.getInvolvedObject().getName())).map(Event::getReason).toList();
    }

    /** App {@code app}, requiring approval, whose first release bob has rejected. */
    static Release firstReleaseRejected(KubernetesClient client, String app) {
        createApp(client, app, "{required: true}");
        awaitPhase(client, app + "-1", ReleasePhase.AwaitingApproval);
        decide(client, app + "-1", "Rejected", "bob");
        return awaitPhase(client, app + "-1", ReleasePhase.Rejected);
    }

    static void ranNothing(KubernetesClient client, String app) {
        assertThat(client.batch().v1().jobs().withLabel(Labels.APP, app).list().getItems()).as("hook Jobs").isEmpty();
        assertThat(client.apps().deployments().withName(app).get()).as("the Deployment").isNull();
    }

    @Test
    void aWaitingReleaseIsVisibleWithKubectlRunsNothingAndRunsOnceAnotherUserApprovesIt(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        createApp(client, "shop", "{required: true}");

        Release waiting = awaitPhase(client, "shop-1", ReleasePhase.AwaitingApproval);
        Kubectl.Result listed = namespace.kubectl().run("get", "releases");
        assertThat(listed.stdout()).containsPattern("shop-1\\s+shop\\s+1\\s+AwaitingApproval\\s+first release");
        assertThat(waiting.getSpec().getApproval().getExpiresAfterSeconds()).isEqualTo(86_400);
        assertThat(waiting.getMetadata().getAnnotations()).containsEntry(ReleaseApprovals.REQUESTED_BY,
                ReleaseApprovals.TRIGGER);
        assertThat(Conditions.find(waiting.getStatus().getConditions(), PROGRESSING))
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("AwaitingApproval"));
        await().during(Duration.ofSeconds(3)).atMost(TIMEOUT).untilAsserted(() -> ranNothing(client, "shop"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(Conditions.find(client.resources(App.class)
                .withName("shop").get().getStatus().getConditions(), "Progressing"))
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("AwaitingApproval")));

        decide(client, "shop-1", "Approved", "bob");

        Release complete = awaitPhase(client, "shop-1", ReleasePhase.Complete);
        assertThat(complete.getStatus().getApproval().getBy()).isEqualTo("bob");
        assertThat(Conditions.find(complete.getStatus().getConditions(), APPROVED))
                .hasValueSatisfying(c -> assertThat(c.getMessage()).isEqualTo("approved by bob: checked the diff"));
        assertThat(client.batch().v1().jobs().withName("shop-1-pre-1").get()).isNotNull();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(eventReasons(client, "shop-1"))
                .contains("AwaitingApproval", "Approved", "ReleaseComplete"));
    }

    @Test
    void aRejectedReleaseEndsRejectedHavingRunNothing(TestNamespace namespace) {
        KubernetesClient client = namespace.client();

        Release rejected = firstReleaseRejected(client, "billing");

        assertThat(Conditions.find(rejected.getStatus().getConditions(), SUCCEEDED))
                .hasValueSatisfying(c -> assertThat(c.getMessage()).isEqualTo("rejected by bob: checked the diff"));
        ranNothing(client, "billing");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(eventReasons(client, "billing-1")).contains("Rejected"));
    }

    @Test
    void aReleaseNobodyApprovesExpiresAfterTheAppsExpiry(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        createApp(client, "quiet", "{required: true, expiresAfterSeconds: 5}");
        awaitPhase(client, "quiet-1", ReleasePhase.AwaitingApproval);

        Release expired = awaitPhase(client, "quiet-1", ReleasePhase.Expired);

        assertThat(Conditions.find(expired.getStatus().getConditions(), SUCCEEDED))
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("ApprovalExpired"));
        ranNothing(client, "quiet");
        await().atMost(TIMEOUT).until(() -> eventReasons(client, "quiet-1").contains("ApprovalExpired"));
    }

    @Test
    void aNewerRequestSupersedesAWaitingReleaseAndWaitsInTurn(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        createApp(client, "queue", "{required: true}");
        awaitPhase(client, "queue-1", ReleasePhase.AwaitingApproval);

        // As kubectl users ask: without approval in the spec, which the controller adds before it starts.
        Release next = secondRequestByAlice(namespace, "queue");
        assertThat(next.getSpec().getApproval().getRequired()).isTrue();
        ranNothing(client, "queue");
    }

    @Test
    void anApprovalByTheRequesterWrittenPastTheApiEndsTheReleaseRejected(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        createApp(client, "self", "{required: true}");
        awaitPhase(client, "self-1", ReleasePhase.AwaitingApproval);

        secondRequestByAlice(namespace, "self");
        decide(client, "self-2", "Approved", "alice");

        Release refused = awaitPhase(client, "self-2", ReleasePhase.Rejected);
        assertThat(Conditions.find(refused.getStatus().getConditions(), SUCCEEDED))
                .hasValueSatisfying(c -> {
                    assertThat(c.getReason()).isEqualTo("ApprovalRefused");
                    assertThat(c.getMessage()).contains("alice asked for this release");
                });
        ranNothing(client, "self");
    }

    @Test
    void theNamespaceLabelHoldsBackAppsThatDoNotSayAndTheAppsOwnSettingWins(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: labelled}
                spec: {image: registry.example.com/labelled:1}
                """);
        createApp(client, "exempt", "{required: false}");

        Release held = awaitPhase(client, "labelled-1", ReleasePhase.AwaitingApproval);
        awaitPhase(client, "exempt-1", ReleasePhase.Complete);

        assertThat(held.getSpec().getApproval().getRequired()).isTrue();
        assertThat(client.resources(Release.class).withName("exempt-1").get().getSpec().getApproval()).isNull();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.resources(App.class).withName("exempt").get()
                .getStatus().getPhase()).isEqualTo(AppPhase.Ready));
    }

    @Test
    void aReleaseAppliedAlreadyPinnedAsTheWebApiPinsOneStillWaitsForApproval(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        firstReleaseRejected(client, "pinned");
        App app = client.resources(App.class).withName("pinned").get();
        String image = "registry.example.com/pinned:2";
        Release handMade = AppChildren.pin(AppChildren.release(app, 2, image, "by hand",
                Map.of(ReleaseApprovals.REQUESTED_BY, "alice")), app, image, ReleaseConfigs.snapshot(app.getSpec()));
        assertThat(AppChildren.pinned(handMade, app)).as("owned, with an image and a config").isTrue();

        client.resource(handMade).create();

        Release held = awaitPhase(client, "pinned-2", ReleasePhase.AwaitingApproval);
        assertThat(held.getSpec().getApproval().getRequired()).isTrue();
        assertThat(held.getSpec().getImage()).isEqualTo(image);
        await().during(Duration.ofSeconds(3)).atMost(TIMEOUT).untilAsserted(() -> ranNothing(client, "pinned"));
    }

    /**
     * Revision 2 of {@code app} applied as kubectl users apply it, by alice, without approval in its
     * spec: it supersedes the waiting revision 1 and waits in turn.
     */
    private static Release secondRequestByAlice(TestNamespace namespace, String app) {
        var applied = namespace.kubectl().apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata:
                  name: %s-2
                  annotations: {slipway.dev/requested-by: alice}
                spec: {app: %s, revision: 2, reason: "requested by alice: again"}
                """.formatted(app, app));
        assertThat(applied.succeeded()).as("%s", applied).isTrue();
        awaitPhase(namespace.client(), app + "-1", ReleasePhase.Superseded);
        return awaitPhase(namespace.client(), app + "-2", ReleasePhase.AwaitingApproval);
    }
}
