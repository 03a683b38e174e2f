package dev.slipway.apiserver.requests;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppChildren;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseApprovals;
import dev.slipway.api.v1alpha1.ReleaseContents;
import dev.slipway.api.v1alpha1.ReleaseSpec;

import dev.slipway.api.v1alpha1.Migrations;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/** The Release a release or rollback request asks for. Pure: the handler looks up, the writer creates. */
public final class ReleaseRequests {

    private ReleaseRequests() {
    }

    /** One more than the highest revision the App has seen: in its status or among its releases. */
    public static long nextRevision(App app, Collection<Release> releases) {
        long latest = app.getStatus() == null || app.getStatus().getLatestRevision() == null
                ? 0 : app.getStatus().getLatestRevision();
        for (Release release : releases) {
            if (release.getSpec() != null && release.getSpec().getRevision() != null) {
                latest = Math.max(latest, release.getSpec().getRevision());
            }
        }
        return latest + 1;
    }

    /**
     * Release {@code revision} of {@code app}, pinned as the controller would pin it on taking it in
     * ({@link AppChildren#pin}), to what {@link ReleaseContents} chooses: the image asked for, else
     * the App's, and the App's config as it is now; for a rollback, the image and config of the
     * revision it restores. The controller can then act on it at once instead of first writing
     * those into it. What cannot be pinned here (a built App's image, which the controller finds
     * among its releases; a rollback to a revision that never ran, which it refuses) is left to the
     * controller. Whether it waits for approval is decided here, from the App and its namespace's
     * labels, as the controller decides it for the releases of triggers.
     *
     * @param image      the image to run, or null
     * @param why        the requester's reason, or null
     * @param rollbackOf the revision restored, or null
     * @param namespaceLabels the labels of the App's namespace
     */
    public static Release desired(App app, long revision, String image, String why, Release rollbackOf,
                                  Requests.Requester who, Map<String, String> namespaceLabels) {
        Release release = AppChildren.release(app, revision, image, null, who.annotations());
        ReleaseSpec spec = release.getSpec();
        if (rollbackOf != null) {
            spec.setRollbackOf(rollbackOf.getSpec().getRevision());
            why = why == null || why.isBlank() ? "rollback to " + spec.getRollbackOf() : why;
        }
        ReleaseContents contents = ReleaseContents.of(spec, app,
                rollbackOf == null ? List.of() : List.of(rollbackOf));
        spec.setImage(contents.image());
        if (contents.complete()) {
            AppChildren.pin(release, app, contents.image(), contents.config());
        }
        spec.setReason(Requests.requestedBy(who.user(), why));
        spec.setApproval(ReleaseApprovals.required(app.getSpec(), namespaceLabels).orElse(null));
        return release;
    }

    /**
     * Why a rollback to {@code target} is refused: it crosses a release whose irreversible migration
     * ran, and is not forced. The controller refuses it too; saying so here answers before a Release
     * that can only fail is made.
     */
    public static Optional<String> rollbackRefusal(Collection<Release> releases, long target, boolean force) {
        List<Release> blocking = Migrations.irreversible(Migrations.crossed(releases, target));
        return force || blocking.isEmpty() ? Optional.empty() : Optional.of(Migrations.refusal(target, blocking));
    }

    /** The rollback, going ahead across irreversible migrations: the controller records who forced it. */
    public static Release forced(Release rollback, boolean force) {
        if (force) {
            rollback.getSpec().setForce(true);
        }
        return rollback;
    }
}
