package dev.slipway.apiserver.handlers;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildNames;
import dev.slipway.apiserver.http.ApiError;
import dev.slipway.apiserver.requests.BuildRequests;
import dev.slipway.apiserver.requests.Requests;
import dev.slipway.apiserver.requests.ResourceWriter;
import dev.slipway.apiserver.store.ResourceCache;
import dev.slipway.api.v1alpha1.UploadSource;
import io.vertx.core.Future;

import java.util.function.LongFunction;

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
        if (!hasSource(app)) {
            return Future.failedFuture(noSource(app));
        }
        if (app.getSpec().getSource().getGit() == null) {
            return Future.failedFuture(ApiError.unprocessable("app", "app \"" + app.getMetadata().getName()
                    + "\" has no git repository; it builds uploaded folders (slipway build --from-dir)"));
        }
        return create(app, number -> BuildRequests.desired(app, number, ref, commit, trigger, registry, who));
    }

    /** A new Build of a folder uploaded to the App. */
    Future<Build> startUpload(App app, UploadSource upload, String trigger, Requests.Requester who) {
        return create(app, number -> BuildRequests.upload(app, number, upload, trigger, registry, who));
    }

    static boolean hasSource(App app) {
        return app.getSpec() != null && app.getSpec().getSource() != null;
    }

    /** The refusal for an App that deploys a prebuilt image: there is nothing to build. */
    static ApiError noSource(App app) {
        return ApiError.unprocessable("app",
                "app \"" + app.getMetadata().getName() + "\" deploys a prebuilt image; it has no source to build");
    }

    private Future<Build> create(App app, LongFunction<Build> desired) {
        String ns = app.getMetadata().getNamespace();
        String name = app.getMetadata().getName();
        return writer.createNumbered(() -> BuildNames.nextNumber(app, cache.builds(ns, name)), desired);
    }
}
