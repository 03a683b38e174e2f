package dev.slipway.apiserver.http;

import dev.slipway.apiserver.access.AccessHandlers;
import dev.slipway.apiserver.access.Identity;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One structured log line per request, when it ends: request id, method, path, status, user, milliseconds. */
public final class AccessLog implements PlatformHandler {

    private static final Logger LOG = LoggerFactory.getLogger("slipway.access");

    @Override
    public void handle(RoutingContext rc) {
        long start = System.nanoTime();
        rc.addEndHandler(ignored -> {
            Identity who = AccessHandlers.identity(rc);
            LOG.atInfo().addKeyValue("requestId", RequestIds.of(rc))
                    .addKeyValue("method", rc.request().method().name())
                    .addKeyValue("path", rc.normalizedPath())
                    .addKeyValue("status", rc.response().getStatusCode())
                    .addKeyValue("user", who == null ? null : who.username())
                    .addKeyValue("ms", (System.nanoTime() - start) / 1_000_000)
                    .log("request");
        });
        rc.next();
    }
}
