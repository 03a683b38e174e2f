package dev.slipway.api.v1alpha1;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The two-person rule for releases: whether a release needs approval (decided when it is made, by
 * the API server for requests and by the controller for triggers, so both decide here), until
 * when, and who may not give it.
 */
public final class ReleaseApprovals {

    /** On a namespace: {@code "true"} makes releases of its Apps wait for approval, unless an App says otherwise. */
    public static final String NAMESPACE_LABEL = "slipway.dev/approval-required";
    /**
     * On a Release: who asked for it, as the API server authenticated them; on one that a trigger
     * made, whoever asked for its build, else {@value #TRIGGER}.
     */
    public static final String REQUESTED_BY = "slipway.dev/requested-by";
    /** The requester of a release that no person asked for: a config change, a build nobody asked for. */
    public static final String TRIGGER = "slipway:trigger";
    public static final int MAX_EXPIRES_AFTER_SECONDS = 2_592_000;
    /**
     * Slipway's own accounts act for others (they make every release), so an approval in their name
     * would be nobody's.
     */
    public static final Set<String> SLIPWAY_ACCOUNTS = Set.of(
            "system:serviceaccount:slipway-system:slipway-controller",
            "system:serviceaccount:slipway-system:slipway-api-server");

    private static final String UNKNOWN_REQUESTER = "the release names no requester (annotation " + REQUESTED_BY
            + "), so nobody can tell who asked for it; request it through the API (slipway release) instead";

    private ReleaseApprovals() {
    }

    /**
     * What the next release of an App needs: the App's {@code approval.required} when it says, else
     * the namespace's label; the App's expiry, else 24 h. Empty when no approval is needed.
     */
    public static Optional<Approval> required(AppSpec app, Map<String, String> namespaceLabels) {
        Approval own = app.getApproval() == null ? new Approval() : app.getApproval();
        boolean required = own.getRequired() != null ? own.getRequired()
                : namespaceLabels != null && "true".equals(namespaceLabels.get(NAMESPACE_LABEL));
        if (!required) {
            return Optional.empty();
        }
        Approval approval = new Approval();
        approval.setRequired(true);
        approval.setExpiresAfterSeconds(own.expiresAfterSecondsOrDefault());
        return Optional.of(approval);
    }

    public static boolean requires(Release release) {
        Approval approval = release.getSpec().getApproval();
        return approval != null && Boolean.TRUE.equals(approval.getRequired());
    }

    /** When a release still waiting for approval expires: so long after it was made. Empty before it was made. */
    public static Optional<Instant> expiresAt(Release release) {
        String created = release.getMetadata().getCreationTimestamp();
        return created == null ? Optional.empty() : Optional.of(Instant.parse(created).plusSeconds(expiresAfter(release)));
    }

    public static int expiresAfter(Release release) {
        Approval approval = release.getSpec().getApproval();
        return (approval != null ? approval : new Approval()).expiresAfterSecondsOrDefault();
    }

    /** Who asked for a release (or a build); one applied with kubectl may name nobody. */
    public static Optional<String> requester(HasMetadata requested) {
        Map<String, String> annotations = requested.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(REQUESTED_BY)).filter(u -> !u.isBlank());
    }

    /**
     * Why {@code user} may not approve or reject {@code release}: they asked for it, they are one of
     * Slipway's own accounts, or the release names no requester (a Release applied with kubectl
     * without the annotation), so nobody can tell that they did not ask for it. Empty when they may
     * (permission to approve is RBAC's question).
     */
    public static Optional<String> refusal(String user, Release release) {
        Optional<String> requester = requester(release);
        if (user == null || user.isBlank()) {
            return Optional.of("the decision names nobody");
        }
        if (SLIPWAY_ACCOUNTS.contains(user)) {
            return Optional.of(user + " is Slipway's own account, which acts for others and never approves");
        }
        if (requester.isEmpty()) {
            return Optional.of(UNKNOWN_REQUESTER);
        }
        if (requester.get().equals(user)) {
            return Optional.of(user + " asked for this release; someone else must approve or reject it");
        }
        return Optional.empty();
    }

    /** Who may decide on a waiting release, for a person: {@code someone other than alice}. */
    public static String approver(Release release) {
        return requester(release).map(user -> "someone other than " + user)
                .orElse("nobody, since " + UNKNOWN_REQUESTER);
    }

    /** The release needs approval, nobody has decided yet, and it has not ended. */
    public static boolean awaitingDecision(Release release) {
        ReleaseStatus status = release.getStatus();
        ReleasePhase phase = status == null || status.getPhase() == null ? ReleasePhase.Pending : status.getPhase();
        return requires(release) && (status == null || status.getApproval() == null)
                && (phase == ReleasePhase.Pending || phase == ReleasePhase.AwaitingApproval);
    }
}
