package dev.slipway.api.v1alpha1;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * What a release runs, its image and its config, chosen the same way by each of those who fill
 * them in: the web API as it makes a release and as it plans one (a dry run), and the controller as
 * it takes in a Release applied without them. So a release asked for through the API and the same
 * release applied with kubectl run the same thing.
 *
 * <p>What the release names itself wins. A rollback otherwise restores the image and config of its
 * target revision. Any other release runs the App's image (for a built App whose spec names none,
 * the image of the release it is serving) and the App's config as it is now.
 *
 * @param image  null when there is none yet: a built App before its first build
 * @param config null only for a rollback whose target never ran
 */
public record ReleaseContents(String image, ReleaseConfig config, Long rollbackOf) {

    /** What {@code requested}, a release of {@code app}, runs, among the App's {@code releases}. */
    public static ReleaseContents of(ReleaseSpec requested, App app, Collection<Release> releases) {
        Long target = requested.getRollbackOf();
        if (target != null) {
            ReleaseSpec restored = releases.stream().map(Release::getSpec)
                    .filter(s -> s.getRevision() != null && s.getRevision().longValue() == target)
                    .findFirst().orElseGet(ReleaseSpec::new);
            return new ReleaseContents(either(requested.getImage(), restored.getImage()),
                    requested.getConfig() != null ? requested.getConfig()
                            : restored.getConfig() == null ? null : ReleaseConfigs.copy(restored.getConfig()),
                    target);
        }
        String image = either(requested.getImage(), app.getSpec().getImage());
        if (image == null) {
            image = serving(releases).map(s -> s.getSpec().getImage()).orElse(null);
        }
        return new ReleaseContents(image, requested.getConfig() != null ? requested.getConfig()
                : ReleaseConfigs.snapshot(app.getSpec()), null);
    }

    /** The release the App serves: its newest complete one. */
    public static Optional<Release> serving(Collection<Release> releases) {
        return releases.stream()
                .filter(r -> r.getStatus() != null && r.getStatus().getPhase() == ReleasePhase.Complete)
                .max(Comparator.comparingLong(r -> r.getSpec().getRevision()));
    }

    /** Both are known: the release can be pinned ({@link AppChildren#pin}) and run. */
    public boolean complete() {
        return image != null && config != null;
    }

    /**
     * A rollback with nothing to restore: its target revision does not exist (never made, or
     * pruned) or never ran, so it has no image or config.
     */
    public boolean rollbackTargetMissing() {
        return rollbackOf != null && !complete();
    }

    private static String either(String first, String second) {
        return first != null ? first : second;
    }
}
