package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Who decides that a release needs approval (the App over the namespace), until when, and who may not give it. */
class ReleaseApprovalsTest {

    private static final Map<String, String> PRODUCTION = Map.of(ReleaseApprovals.NAMESPACE_LABEL, "true");

    static AppSpec app(String approval) {
        return Serialization.unmarshal("image: shop:1\n" + (approval == null ? "" : "approval: " + approval + "\n"),
                AppSpec.class);
    }

    record Row(String name, AppSpec app, Map<String, String> namespaceLabels, Optional<Integer> expiresAfter) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> decisions() {
        return Stream.of(
                new Row("neither App nor namespace: no approval", app(null), Map.of(), Optional.empty()),
                new Row("namespace labelled: approval, 24 h", app(null), PRODUCTION, Optional.of(86_400)),
                new Row("namespace label other than true: no approval", app(null),
                        Map.of(ReleaseApprovals.NAMESPACE_LABEL, "yes"), Optional.empty()),
                new Row("App requires it in a plain namespace: approval", app("{required: true}"), Map.of(),
                        Optional.of(86_400)),
                new Row("App says false in a labelled namespace: the App wins", app("{required: false}"), PRODUCTION,
                        Optional.empty()),
                new Row("App sets only the expiry: the namespace decides, with the App's expiry",
                        app("{expiresAfterSeconds: 600}"), PRODUCTION, Optional.of(600)),
                new Row("App's expiry without any requirement: no approval", app("{expiresAfterSeconds: 600}"),
                        Map.of(), Optional.empty()),
                new Row("namespace without labels at all", app(null), null, Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void theAppsExplicitSettingWinsOverTheNamespaceLabel(Row row) {
        Optional<Approval> decided = ReleaseApprovals.required(row.app(), row.namespaceLabels());

        assertThat(decided.map(Approval::getExpiresAfterSeconds)).isEqualTo(row.expiresAfter());
        decided.ifPresent(a -> assertThat(a.getRequired()).isTrue());
    }

    static Release release(String approval, String requester, String status) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata:
                  name: shop-8
                  creationTimestamp: "2026-11-26T10:00:00Z"
                  annotations: %s
                spec: {app: shop, revision: 8, approval: %s}
                status: %s
                """.formatted(requester == null ? "{}" : "{slipway.dev/requested-by: " + requester + "}", approval,
                status), Release.class);
    }

    @Test
    void nobodyWhoAskedAndNoneOfSlipwaysAccountsMayDecide() {
        Release release = release("{required: true}", "alice", "{}");

        assertThat(ReleaseApprovals.refusal("bob", release)).isEmpty();
        assertThat(ReleaseApprovals.refusal("alice", release)).hasValueSatisfying(
                why -> assertThat(why).contains("alice asked for this release"));
        assertThat(ReleaseApprovals.refusal("system:serviceaccount:slipway-system:slipway-controller", release)).isPresent();
        assertThat(ReleaseApprovals.refusal("system:serviceaccount:slipway-system:slipway-api-server", release)).isPresent();
        assertThat(ReleaseApprovals.refusal("", release)).isPresent();
        assertThat(ReleaseApprovals.refusal("alice", release("{required: true}", ReleaseApprovals.TRIGGER, "{}")))
                .as("a trigger's release").isEmpty();
        assertThat(ReleaseApprovals.refusal("alice", release("{required: true}", null, "{}")))
                .as("a release applied with kubectl and no requester").hasValueSatisfying(
                        why -> assertThat(why).contains("names no requester"));
    }

    @Test
    void aWaitingReleaseExpiresSoLongAfterItWasMade() {
        assertThat(ReleaseApprovals.expiresAt(release("{required: true, expiresAfterSeconds: 600}", "alice", "{}")))
                .contains(Instant.parse("2026-11-26T10:10:00Z"));
        assertThat(ReleaseApprovals.expiresAt(release("{required: true}", "alice", "{}")))
                .contains(Instant.parse("2026-11-27T10:00:00Z"));
    }

    @Test
    void onlyAnUndecidedReleaseThatHasNotEndedAwaitsADecision() {
        assertThat(ReleaseApprovals.awaitingDecision(release("{required: true}", "alice", "{}"))).isTrue();
        assertThat(ReleaseApprovals.awaitingDecision(release("{required: true}", "alice", "{phase: AwaitingApproval}")))
                .isTrue();
        assertThat(ReleaseApprovals.awaitingDecision(release("{required: false}", "alice", "{}"))).isFalse();
        assertThat(ReleaseApprovals.awaitingDecision(release("{required: true}", "alice", "{phase: Superseded}")))
                .isFalse();
        assertThat(ReleaseApprovals.awaitingDecision(release("{required: true}", "alice",
                "{phase: AwaitingApproval, approval: {decision: Approved, by: bob}}"))).isFalse();
    }

    @Test
    void onlyPendingAwaitingApprovalAndRunningAreInFlight() {
        assertThat(Stream.of(ReleasePhase.values()).filter(p -> !p.isFinal()))
                .containsExactly(ReleasePhase.Pending, ReleasePhase.AwaitingApproval, ReleasePhase.Running);
    }
}
