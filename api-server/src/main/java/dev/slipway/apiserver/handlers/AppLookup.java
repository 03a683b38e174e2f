package dev.slipway.apiserver.handlers;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.apiserver.http.ApiError;
import dev.slipway.apiserver.store.ResourceCache;
import io.vertx.ext.web.RoutingContext;

/** The App a request's path names, from the cache; 404 when there is none. */
final class AppLookup {

    private AppLookup() {
    }

    static App require(ResourceCache cache, RoutingContext rc) {
        String ns = rc.pathParam("ns");
        String name = rc.pathParam("app");
        return cache.app(ns, name).orElseThrow(
                () -> ApiError.notFound("app \"" + name + "\" not found in namespace \"" + ns + "\""));
    }
}
