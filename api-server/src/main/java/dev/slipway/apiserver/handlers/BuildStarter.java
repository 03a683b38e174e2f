package dev.slipway.apiserver.handlers;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildNames;
import dev.slipway.apiserver.http.ApiError;
import dev.slipway.apiserver.requests.BuildRequests;
import dev.slipway.apiserver.requests.Requests;
import dev.slipway.apiserver.requests.ResourceWriter;
import dev.slipway.apiserver.store.ResourceCache;
import io.vertx.core.Future;

/** Starts builds for build requests and push webhooks alike. */
final class BuildStarter {

    private final ResourceCache cache;
    private final ResourceWriter writer;
    private final String registry;

    BuildStarter(ResourceCache cache, ResourceWriter writer, String registry) {
        this.cache = cache;
        this.writer = writer;
        this.registry = registry;
    }

    /** A new Build of the App at {@code ref} (null: the App's ref) and {@code commit} (null: the ref's head). */
    Future<Build> start(App app, String ref, String commit, String trigger, Requests.Requester who) {
        if (app.getSpec() == null || app.getSpec().getSource() == null || app.getSpec().getSource().getGit() == null) {
            return Future.failedFuture(ApiError.unprocessable("app",
                    "app \"" + app.getMetadata().getName() + "\" deploys a prebuilt image; it has no source to build"));
        }
        String ns = app.getMetadata().getNamespace();
        String name = app.getMetadata().getName();
        return writer.createNumbered(
                () -> BuildNames.nextNumber(app, cache.builds(ns, name)),
                number -> BuildRequests.desired(app, number, ref, commit, trigger, registry, who));
    }
}
