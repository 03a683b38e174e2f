package dev.slipway.apiserver.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.Set;

/**
 * Reads request bodies up to the size limit (413 beyond), for methods that carry one. The API
 * takes only JSON, so form and multipart bodies are refused (415) before Vert.x would decode them:
 * its form decoder fails on some of them with server errors, and on a GET it refuses to start.
 */
public final class JsonBodies implements PlatformHandler {

    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    private final BodyHandler bodies;

    public JsonBodies(long limit) {
        this.bodies = BodyHandler.create(false).setBodyLimit(limit).setMergeFormAttributes(false);
    }

    @Override
    public void handle(RoutingContext rc) {
        if (!WITH_BODY.contains(rc.request().method())) {
            rc.next();
            return;
        }
        String type = rc.request().getHeader("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase();
        if (media.startsWith("multipart/") || media.equals("application/x-www-form-urlencoded")) {
            rc.fail(ApiError.unsupportedMediaType(type));
            return;
        }
        bodies.handle(rc);
    }
}
