package dev.slipway.api.v1alpha1;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
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
     * only it knows: the config snapshot, the approval, the revision a rollback restores.
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

    public static String releaseName(String app, long revision) {
        return app + "-" + revision;
    }
}
