package dev.slipway.apiserver.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads request bodies up to the size limit (413 beyond), for methods that carry one. The API
 * takes only JSON, so form and multipart bodies are refused (415) before Vert.x would decode them:
 * its form decoder fails on some of them with server errors, and on a GET it refuses to start.
 */
public final class JsonBodies implements PlatformHandler {

    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    /** The path of {@code uploadBuild}, the one operation whose body is not JSON. */
    private static final Pattern UPLOADS = Pattern.compile("^/api/v1/namespaces/[^/]+/apps/[^/]+/uploads/?$");

    private static final String CONSOLE = "/ui/";

    private final BodyHandler bodies;

    public JsonBodies(long limit) {
        this.bodies = BodyHandler.create(false).setBodyLimit(limit).setMergeFormAttributes(false);
    }

    @Override
    public void handle(RoutingContext rc) {
        // The console's forms are read by the console's own handler, which takes form bodies.
        if (!WITH_BODY.contains(rc.request().method()) || rc.request().path().startsWith(CONSOLE)) {
            rc.next();
            return;
        }
        if (rc.request().method() == HttpMethod.POST && UPLOADS.matcher(rc.request().path()).matches()) {
            // An uploaded folder is streamed by its handler, after authentication and authorization:
            // held back until then, neither read here nor lost. A refused one is never read, so its
            // connection cannot carry another request.
            HttpServerRequest request = rc.request().pause();
            rc.addHeadersEndHandler(ignored -> {
                if (!request.isEnded()) {
                    rc.response().putHeader("Connection", "close");
                }
            });
            rc.addEndHandler(ignored -> {
                if (!request.isEnded()) {
                    request.connection().close();
                }
            });
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
