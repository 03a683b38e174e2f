package dev.slipway.apiserver.requests;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildNames;
import dev.slipway.api.v1alpha1.BuildSpec;
import dev.slipway.api.v1alpha1.UploadSource;

import java.util.Map;

/** The Build a build request or a push webhook asks for. Pure. */
public final class BuildRequests {

    private BuildRequests() {
    }

    /**
     * Build {@code number} of the App's source at {@code ref} (the App's ref when null), pinned to
     * {@code commit} when known, pushing to {@code <registry>/<namespace>/<app>}.
     */
    public static Build desired(App app, long number, String ref, String commit, String trigger, String registry,
                                Requests.Requester who) {
        return build(app, number, BuildNames.spec(app, ref, commit, truncated(trigger), registry), who);
    }

    /** Build {@code number} of a folder uploaded to the App, pushing to {@code <registry>/<namespace>/<app>}. */
    public static Build upload(App app, long number, UploadSource upload, String trigger, String registry,
                               Requests.Requester who) {
        return build(app, number, BuildNames.uploadSpec(app, upload, truncated(trigger), registry), who);
    }

    private static Build build(App app, long number, BuildSpec spec, Requests.Requester who) {
        Build build = new Build();
        build.setMetadata(Requests.childOf(app, BuildNames.name(app.getMetadata().getName(), number), who));
        build.setSpec(spec);
        return build;
    }

    private static String truncated(String trigger) {
        return trigger.length() <= Requests.MAX_REASON ? trigger : trigger.substring(0, Requests.MAX_REASON);
    }
}
