package dev.slipway.apiserver.requests;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.ReleaseApprovals;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

import java.util.Map;

/** Metadata shared by every resource the API creates on someone's behalf. */
public final class Requests {

    public static final String APP_LABEL = "slipway.dev/app";
    public static final String REQUESTED_BY = ReleaseApprovals.REQUESTED_BY;
    public static final String REQUEST_ID = "slipway.dev/request-id";
    /** The longest reason a Release or Build takes (its schema's limit). */
    static final int MAX_REASON = 1024;

    private Requests() {
    }

    /**
     * A child of {@code app} named {@code name}: in its namespace, labelled with it, owned by it (so
     * deleting the App removes it), and annotated with who asked and in which request.
     */
    static ObjectMeta childOf(App app, String name, Map<String, String> labels, Requester who) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(app.getMetadata().getNamespace())
                .addToLabels(APP_LABEL, app.getMetadata().getName())
                .addToLabels(labels)
                .addToAnnotations(REQUESTED_BY, who.user())
                .addToAnnotations(REQUEST_ID, who.requestId())
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(app.getApiVersion()).withKind(app.getKind())
                        .withName(app.getMetadata().getName()).withUid(app.getMetadata().getUid())
                        .withController(true).build())
                .build();
    }

    /** {@code "requested by <user>"}, then {@code ": <why>"} when a reason was given; cut to the schema's limit. */
    public static String requestedBy(String user, String why) {
        String text = "requested by " + user + (why == null || why.isBlank() ? "" : ": " + why.strip());
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON);
    }

    /** Who asked for something, and in which request. */
    public record Requester(String user, String requestId) {
    }
}
