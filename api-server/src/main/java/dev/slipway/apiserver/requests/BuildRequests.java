package dev.slipway.apiserver.requests;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildNames;
import dev.slipway.api.v1alpha1.BuildSpec;

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
        BuildSpec spec = BuildNames.spec(app, ref, commit,
                trigger.length() <= Requests.MAX_REASON ? trigger : trigger.substring(0, Requests.MAX_REASON), registry);
        Build build = new Build();
        build.setMetadata(Requests.childOf(app, BuildNames.name(app.getMetadata().getName(), number), Map.of(), who));
        build.setSpec(spec);
        return build;
    }
}
