package dev.slipway.apiserver.webhook;

import dev.slipway.api.v1alpha1.GitRefs;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * The part of a GitHub or GitLab push payload that matters: which ref moved to which commit.
 *
 * @param ref           the full ref, {@code refs/heads/main}
 * @param commit        the commit the ref now points at
 * @param defaultBranch the repository's default branch, when the payload says
 */
public record PushEvent(String ref, String commit, String defaultBranch) {

    private static final String NO_COMMIT = "0000000000000000000000000000000000000000";

    /** The push in a GitHub payload; empty when the push deleted the ref or lacks what a build needs. */
    public static Optional<PushEvent> github(JsonObject payload) {
        JsonObject repository = objectOr(payload, "repository");
        return of(payload.getValue("ref"), payload.getValue("after"), repository.getValue("default_branch"));
    }

    /** The push in a GitLab payload ({@code checkout_sha} is what the ref points at after the push). */
    public static Optional<PushEvent> gitlab(JsonObject payload) {
        JsonObject project = objectOr(payload, "project");
        Object commit = payload.getValue("checkout_sha") != null ? payload.getValue("checkout_sha") : payload.getValue("after");
        return of(payload.getValue("ref"), commit, project.getValue("default_branch"));
    }

    private static JsonObject objectOr(JsonObject payload, String key) {
        return payload.getValue(key) instanceof JsonObject o ? o : new JsonObject();
    }

    private static Optional<PushEvent> of(Object ref, Object commit, Object defaultBranch) {
        if (!(ref instanceof String r) || !(commit instanceof String c) || !c.matches("[0-9a-f]{7,64}")
                || NO_COMMIT.equals(c)) {
            return Optional.empty();
        }
        return Optional.of(new PushEvent(r, c, defaultBranch instanceof String d ? d : null));
    }

    private static final String TAGS = "refs/tags/";

    /**
     * Whether this push moved the App's ref: a branch or tag name, a tag that matches the App's tag
     * pattern, or its default branch when the App names none.
     */
    public boolean moves(String appRef) {
        if (GitRefs.isTagPattern(appRef)) {
            return ref.startsWith(TAGS) && GitRefs.tagMatches(appRef, ref.substring(TAGS.length()));
        }
        String wanted = appRef == null ? defaultBranch : appRef;
        if (wanted == null) {
            return false;
        }
        return ref.equals(wanted) || ref.equals("refs/heads/" + wanted) || ref.equals(TAGS + wanted);
    }

    /** Why this push does not move the App's ref, for a push that {@link #moves} says does not. */
    public String otherRef(String appRef) {
        String wanted = appRef != null ? appRef
                : "(the default branch " + (defaultBranch == null ? "unknown" : defaultBranch) + ")";
        return "the push is to another ref: " + ref + ", not the app's ref " + wanted;
    }

    /** The ref a build of this push names: the pushed tag for an App's tag pattern, else the App's own ref. */
    public String buildRef(String appRef) {
        return GitRefs.isTagPattern(appRef) ? ref.substring(TAGS.length()) : appRef;
    }

    public String shortCommit() {
        return commit.substring(0, 7);
    }
}
