package dev.slipway.api.v1alpha1;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The metadata of what is made for an App (its Releases and Builds), whoever makes it: the
 * controller's triggers and the API's requests build it here, so a release or build carries the
 * same labels and owner reference whichever way it was asked for.
 */
public final class AppChildren {

    private AppChildren() {
    }

    /**
     * Named {@code name} in the App's namespace, labelled with the App (and {@code labels}),
     * annotated with {@code annotations}, and owned by the App: deleting the App deletes it.
     */
    public static ObjectMeta metadata(App app, String name, Map<String, String> labels,
            Map<String, String> annotations) {
        Map<String, String> allLabels = new TreeMap<>(labels);
        allLabels.put(Labels.APP, app.getMetadata().getName());
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(app.getMetadata().getNamespace())
                .withLabels(allLabels)
                .withAnnotations(annotations.isEmpty() ? null : new TreeMap<>(annotations))
                .withOwnerReferences(Owners.controllerReference(app))
                .build();
    }

    /**
     * Revision {@code revision} of {@code app} running {@code image} (null: the controller fills in
     * the App's, or the one a rollback restores), asked for {@code reason}. The caller adds what
     * only it knows: the approval, the revision a rollback restores, and what it pins ({@link #pin}).
     */
    public static Release release(App app, long revision, String image, String reason,
            Map<String, String> annotations) {
        Release release = new Release();
        release.setMetadata(metadata(app, releaseName(app.getMetadata().getName(), revision),
                Map.of(Labels.REVISION, Long.toString(revision)), annotations));
        ReleaseSpec spec = new ReleaseSpec();
        spec.setApp(app.getMetadata().getName());
        spec.setRevision(revision);
        spec.setImage(image);
        spec.setReason(reason);
        release.setSpec(spec);
        return release;
    }

    /**
     * Pins what {@code release} of {@code app} runs, each part once: {@code image} and {@code config}
     * where it names none, the App as its owner, and the App's config hash and generation as they are
     * now, which the App's config trigger compares with later. The controller's triggers and the API's
     * requests pin a release as they make it; one applied with kubectl is pinned by the controller
     * when it takes the release in, with one more write before it can act.
     */
    public static Release pin(Release release, App app, String image, ReleaseConfig config) {
        if (!ownedBy(release, app)) {
            release.getMetadata().getOwnerReferences().add(Owners.controllerReference(app));
        }
        ReleaseSpec spec = release.getSpec();
        if (spec.getImage() == null) {
            spec.setImage(image);
        }
        if (spec.getConfig() == null) {
            spec.setConfig(config);
        }
        Map<String, String> annotations = new TreeMap<>(
                release.getMetadata().getAnnotations() == null ? Map.of() : release.getMetadata().getAnnotations());
        annotations.putIfAbsent(Labels.CONFIG_HASH, ReleaseConfigs.appHash(app.getSpec()));
        if (app.getMetadata().getGeneration() != null) {
            annotations.putIfAbsent(Labels.APP_GENERATION, Long.toString(app.getMetadata().getGeneration()));
        }
        release.getMetadata().setAnnotations(annotations);
        return release;
    }

    /** Whether {@code release} is pinned ({@link #pin}): the App's, with an image and a config. */
    public static boolean pinned(Release release, App app) {
        return ownedBy(release, app) && release.getSpec().getImage() != null && release.getSpec().getConfig() != null;
    }

    private static boolean ownedBy(Release release, App app) {
        return release.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> Objects.equals(o.getUid(), app.getMetadata().getUid()));
    }

    public static String releaseName(String app, long revision) {
        return app + "-" + revision;
    }
}
