package dev.slipway.apiserver.handlers;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.apiserver.http.ApiError;
import dev.slipway.apiserver.store.ResourceCache;
import io.vertx.ext.web.RoutingContext;

/** The App a request's path names, and its release of a revision, from the cache; 404 when there is none. */
final class AppLookup {

    private AppLookup() {
    }

    static App require(ResourceCache cache, RoutingContext rc) {
        String ns = rc.pathParam("ns");
        String name = rc.pathParam("app");
        return cache.app(ns, name).orElseThrow(
                () -> ApiError.notFound("app \"" + name + "\" not found in namespace \"" + ns + "\""));
    }

    static Release requireRelease(ResourceCache cache, App app, long revision) {
        return cache.release(app.getMetadata().getNamespace(), app.getMetadata().getName(), revision).orElseThrow(
                () -> ApiError.notFound("app \"" + app.getMetadata().getName() + "\" has no revision " + revision));
    }
}
