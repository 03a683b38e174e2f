package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.controller.build.BuilderImageDigest;
import dev.slipway.controller.build.BuilderImages;
import dev.slipway.controller.model.ImageReference;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The builder image trigger, as pure decisions: which builder image tag an App's builds use, and
 * whether the digest that tag serves now asks for a rebuild. What a build ran FROM is recorded on
 * the Build itself (status.builderImage, pinned by digest), so the decision survives a restart of
 * the controller and needs no memory of earlier polls.
 */
final class BuilderImageTrigger {

    static final String TRIGGER = "builder image changed";

    private BuilderImageTrigger() {
    }

    /**
     * The builder image tag of the App's builds: the one its spec names, or, for an App that names
     * none, the one its newest build detected. Empty for an App without source, whose builder is
     * not known yet, or that pins its builder by digest (a new digest of the tag is not its builder).
     */
    static Optional<String> tag(App app, List<Build> history, String registry) {
        if (app.getSpec().getSource() == null) {
            return Optional.empty();
        }
        String builder = app.getSpec().getSource().getBuilder();
        if (builder != null) {
            String reference = BuilderImages.reference(builder, registry);
            return ImageReference.withoutDigest(reference).equals(reference) ? Optional.of(reference) : Optional.empty();
        }
        return newest(history, b -> true).map(b -> ImageReference.withoutDigest(b.getStatus().getBuilderImage()));
    }

    /**
     * The builder image, pinned to the digest its tag serves now, that the App should be rebuilt
     * FROM; empty when nothing changed. A rebuild is asked for when the newest build that ran this
     * tag did not run this digest (another one, or the bare tag when the digest was not known yet),
     * no build of the App is waiting or running, and no build was made for this digest since (so a
     * rebuild that fails is not repeated at every poll, yet a tag that moves back and forth is
     * followed each time).
     */
    static Optional<String> rebuild(App app, List<Build> history, Optional<BuilderImageDigest> current,
            String registry) {
        Optional<String> tag = tag(app, history, registry);
        if (current.isEmpty() || tag.isEmpty() || !tag.get().equals(current.get().tag())
                || history.stream().anyMatch(b -> !Builds.isFinal(b))) {
            return Optional.empty();
        }
        String pinned = current.get().pinned();
        Optional<Build> lastRan = newest(history,
                b -> tag.get().equals(ImageReference.withoutDigest(b.getStatus().getBuilderImage())));
        if (lastRan.isEmpty() || pinned.equals(lastRan.get().getStatus().getBuilderImage())) {
            return Optional.empty();
        }
        boolean madeFor = history.stream().filter(b -> Builds.AGE.compare(b, lastRan.get()) >= 0)
                .anyMatch(b -> pinned.equals(AppReconciler.annotation(b, Labels.BUILDER_IMAGE)));
        return madeFor ? Optional.empty() : Optional.of(pinned);
    }

    /** The newest build that recorded its builder image and passes {@code filter}. */
    private static Optional<Build> newest(List<Build> history, Predicate<Build> filter) {
        return history.stream()
                .filter(b -> b.getStatus() != null && b.getStatus().getBuilderImage() != null)
                .filter(filter)
                .max(Builds.AGE);
    }
}
