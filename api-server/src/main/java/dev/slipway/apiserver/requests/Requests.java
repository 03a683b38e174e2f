package dev.slipway.apiserver.requests;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.ReleaseApprovals;
import dev.slipway.api.v1alpha1.AppChildren;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.Map;

/** Metadata shared by every resource the API creates on someone's behalf. */
public final class Requests {

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
    static ObjectMeta childOf(App app, String name, Requester who) {
        return AppChildren.metadata(app, name, Map.of(), who.annotations());
    }

    /** {@code "requested by <user>"}, then {@code ": <why>"} when a reason was given; cut to the schema's limit. */
    public static String requestedBy(String user, String why) {
        String text = "requested by " + user + (why == null || why.isBlank() ? "" : ": " + why.strip());
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON);
    }

    /** Who asked for something, and in which request. */
    public record Requester(String user, String requestId) {

        /** The annotations that say so on what was made. */
        Map<String, String> annotations() {
            return Map.of(REQUESTED_BY, user, REQUEST_ID, requestId);
        }
    }
}
