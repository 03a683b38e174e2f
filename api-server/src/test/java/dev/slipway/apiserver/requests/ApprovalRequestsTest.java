package dev.slipway.apiserver.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slipway.api.v1alpha1.ApprovalDecision;
import dev.slipway.api.v1alpha1.ApprovalStatus;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.apiserver.http.ApiError;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may approve a release and when, beyond RBAC's verb approve: never one's own, only while it waits. */
class ApprovalRequestsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    /** Release 8 of shop, asked for by alice an hour ago, that needs approval within a day. */
    static Release release(String approval, String status) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata:
                  name: shop-8
                  resourceVersion: "4711"
                  creationTimestamp: "2026-11-26T09:00:00Z"
                  annotations: {slipway.dev/requested-by: alice}
                spec: {app: shop, revision: 8, approval: %s}
                status: %s
                """.formatted(approval, status), Release.class);
    }

    static final String REQUIRED = "{required: true, expiresAfterSeconds: 86400}";
    static final String AWAITING = "{phase: AwaitingApproval}";

    static ApiError refused(Release release, String user, Instant at) {
        return catchThrowableOfType(ApiError.class, () -> ApprovalRequests.check(release, user, at));
    }

    @Test
    void anotherUserMayDecideOnAWaitingRelease() {
        assertThatCode(() -> ApprovalRequests.check(release(REQUIRED, AWAITING), "bob", NOW)).doesNotThrowAnyException();
        assertThatCode(() -> ApprovalRequests.check(release(REQUIRED, "{}"), "bob", NOW))
                .as("made a moment ago, not seen by the controller yet").doesNotThrowAnyException();
    }

    @Test
    void theRequesterAndSlipwaysAccountsAreForbidden() {
        ApiError own = refused(release(REQUIRED, AWAITING), "alice", NOW);
        ApiError controller = refused(release(REQUIRED, AWAITING),
                "system:serviceaccount:slipway-system:slipway-controller", NOW);
        ApiError server = refused(release(REQUIRED, AWAITING),
                "system:serviceaccount:slipway-system:slipway-api-server", NOW);

        assertThat(own.status()).isEqualTo(403);
        assertThat(own.getMessage()).isEqualTo("alice asked for this release; someone else must approve or reject it");
        assertThat(controller.status()).isEqualTo(403);
        assertThat(server.status()).isEqualTo(403);
    }

    @Test
    void aReleaseThatAwaitsNoDecisionIsAConflict() {
        assertThat(refused(release("{required: false}", "{}"), "bob", NOW).getMessage())
                .isEqualTo("release shop-8 does not need approval");
        assertThat(refused(release(REQUIRED, "{phase: AwaitingApproval, approval: {decision: Rejected, by: carol}}"),
                "bob", NOW).getMessage()).isEqualTo("release shop-8 was already rejected by carol");
        assertThat(refused(release(REQUIRED, "{phase: Superseded}"), "bob", NOW).getMessage())
                .isEqualTo("release shop-8 is Superseded, not awaiting approval");
        ApiError late = refused(release(REQUIRED, AWAITING), "bob", Instant.parse("2026-11-27T09:00:00Z"));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.getMessage()).contains("expired at 2026-11-27T09:00:00Z");
    }

    @Test
    void theRequesterOfAReleaseThatIsNotWaitingHearsThatFirst() {
        assertThat(refused(release(REQUIRED, "{phase: Complete}"), "alice", NOW).status()).isEqualTo(409);
    }

    @Test
    void theDecisionIsRecordedWithWhoWhenAndWhyOnTheReleaseAsItWasChecked() {
        ApprovalStatus approval = ApprovalRequests.status(ApprovalRequests.decision("approve"), "bob",
                "  checked the migration  ", NOW.plusMillis(250));

        Map<String, Object> patch = ApprovalRequests.patch(release(REQUIRED, AWAITING), approval);

        assertThat(approval.getDecision()).isEqualTo(ApprovalDecision.Approved);
        assertThat(ApprovalRequests.decision("reject")).isEqualTo(ApprovalDecision.Rejected);
        assertThat(patch.get("metadata")).isEqualTo(Map.of("resourceVersion", "4711"));
        assertThat(Serialization.asJson(patch.get("status"))).isEqualTo("{\"approval\":{\"decision\":\"Approved\","
                + "\"by\":\"bob\",\"at\":\"2026-11-26T10:00:00Z\",\"reason\":\"checked the migration\"}}");
        assertThat(ApprovalRequests.status(ApprovalDecision.Rejected, "bob", " ", NOW).getReason()).isNull();
    }
}
