package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseContents;
import dev.slipway.api.v1alpha1.ReleasePhase;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Questions about an App's releases, asked by both reconcilers. */
final class Releases {

    private Releases() {
    }

    static boolean isFinal(Release release) {
        ReleasePhase phase = release.getStatus() == null ? null : release.getStatus().getPhase();
        return phase != null && phase.isFinal();
    }

    static boolean inFlight(Release release) {
        return !isFinal(release);
    }

    /**
     * In flight and not waiting for approval: such a release may change the Deployment at any
     * moment, one awaiting approval never does (and may wait for a day).
     */
    static boolean rollingOut(Release release) {
        return inFlight(release) && !is(release, ReleasePhase.AwaitingApproval);
    }

    /** Not started yet: no phase, or Pending. */
    static boolean notStarted(Release release) {
        return release.getStatus() == null || release.getStatus().getPhase() == null
                || is(release, ReleasePhase.Pending);
    }

    static long revision(Release release) {
        return release.getSpec().getRevision();
    }

    static boolean is(Release release, ReleasePhase phase) {
        return release.getStatus() != null && release.getStatus().getPhase() == phase;
    }

    /** The release now serving: the highest revision that completed. */
    static Optional<Release> serving(Collection<Release> releases) {
        return ReleaseContents.serving(releases);
    }

    static Optional<Release> latest(Collection<Release> releases) {
        return releases.stream().max(Comparator.comparingLong(Releases::revision));
    }

    static Optional<Release> withRevision(Collection<Release> releases, long revision) {
        return releases.stream().filter(r -> revision(r) == revision).findFirst();
    }

    /** The name of the cache index of releases (and of web pods) by App. */
    static final String BY_APP = "byApp";

    /** The {@link #BY_APP} index of a release: the key of its App. */
    static List<String> appIndex(Release release) {
        return List.of(appKey(release.getMetadata().getNamespace(), release.getSpec().getApp()));
    }

    /** The cache index key of an App's releases. */
    static String appKey(String namespace, String app) {
        return namespace + "/" + app;
    }
}
