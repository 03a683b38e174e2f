package dev.slipway.apiserver.requests;

import dev.slipway.api.v1alpha1.ApprovalDecision;
import dev.slipway.api.v1alpha1.ApprovalStatus;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseApprovals;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.apiserver.http.ApiError;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An approval or rejection of a release: whether this user may give it now, and the status patch
 * that records it. Pure: the handler looks the release up and sends the patch. RBAC (verb approve on
 * releases) has been asked before; this is the part RBAC cannot say: never one's own release.
 */
public final class ApprovalRequests {

    /** The field manager of the patch, so that managedFields show who wrote status.approval. */
    public static final String FIELD_MANAGER = "slipway-api-server";

    private ApprovalRequests() {
    }

    /** {@code approve} or {@code reject}, as the contract allows them. */
    public static ApprovalDecision decision(String word) {
        return "approve".equals(word) ? ApprovalDecision.Approved : ApprovalDecision.Rejected;
    }

    /**
     * Fails with 409 when the release awaits no decision (it needs none, has one, has ended or its
     * approval expired), and with 403 when {@code user} may not give one (they asked for it, they
     * are Slipway's own account, or the release names no requester).
     */
    public static void check(Release release, String user, Instant now) {
        String name = release.getMetadata().getName();
        if (!ReleaseApprovals.requires(release)) {
            throw ApiError.conflict("release " + name + " does not need approval");
        }
        ApprovalStatus decided = release.getStatus() == null ? null : release.getStatus().getApproval();
        if (decided != null) {
            throw ApiError.conflict("release " + name + " was already " + decided.getDecision().name()
                    .toLowerCase(Locale.ROOT) + " by " + decided.getBy());
        }
        if (!ReleaseApprovals.awaitingDecision(release)) {
            throw ApiError.conflict("release " + name + " is " + phase(release) + ", not awaiting approval");
        }
        Optional<Instant> expiresAt = ReleaseApprovals.expiresAt(release);
        if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
            throw ApiError.conflict("the approval of release " + name + " expired at " + expiresAt.get()
                    + "; request a new release");
        }
        ReleaseApprovals.refusal(user, release).ifPresent(why -> {
            throw ApiError.forbidden(why);
        });
    }

    public static ApprovalStatus status(ApprovalDecision decision, String user, String reason, Instant now) {
        ApprovalStatus approval = new ApprovalStatus();
        approval.setDecision(decision);
        approval.setBy(user);
        approval.setAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
        approval.setReason(reason == null || reason.isBlank() ? null : reason.strip());
        return approval;
    }

    /**
     * The JSON merge patch of the status that records {@code approval}. It carries the release's
     * resourceVersion, so Kubernetes applies it only to the release as it was checked: one that
     * the controller ended (expired, superseded) or another approver decided on meanwhile is a 409.
     */
    public static Map<String, Object> patch(Release release, ApprovalStatus approval) {
        return Map.of("metadata", Map.of("resourceVersion", release.getMetadata().getResourceVersion()),
                "status", Map.of("approval", approval));
    }

    /** What a release's phase is, for messages: Pending until the controller has written one. */
    static ReleasePhase phase(Release release) {
        return release.getStatus() == null || release.getStatus().getPhase() == null ? ReleasePhase.Pending
                : release.getStatus().getPhase();
    }
}
