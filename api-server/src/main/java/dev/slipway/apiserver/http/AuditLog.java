package dev.slipway.apiserver.http;

import dev.slipway.apiserver.access.AccessHandlers;
import dev.slipway.apiserver.access.Identity;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * One JSON line on the {@code slipway.audit} logger per mutating request and per webhook, written
 * when the response ends: time, request id, who, operation, namespace, app, status and what the
 * handler noted (the object created, a webhook's delivery, a release's approval); and one per
 * approval the controller ended without a request ({@link ApprovalAudit}). Handlers note only what may be read by
 * operators: never a token, a signature or a secret value.
 */
public final class AuditLog implements PlatformHandler {

    private static final Logger AUDIT = LoggerFactory.getLogger("slipway.audit");
    private static final String NOTES = "slipway.audit";

    /** Adds a field to this request's audit line. */
    public static void note(RoutingContext rc, String key, Object value) {
        JsonObject notes = rc.get(NOTES);
        if (notes == null) {
            notes = new JsonObject();
            rc.put(NOTES, notes);
        }
        notes.put(key, value);
    }

    /** A line about something this server noticed in its cache, not asked for in a request. */
    public static void record(JsonObject fields) {
        AUDIT.info(new JsonObject().put("time", Instant.now().toString()).mergeIn(fields).encode());
    }

    @Override
    public void handle(RoutingContext rc) {
        if (rc.request().method() != HttpMethod.GET && rc.request().method() != HttpMethod.HEAD) {
            rc.addEndHandler(ignored -> AUDIT.info(line(rc).encode()));
        }
        rc.next();
    }

    private static JsonObject line(RoutingContext rc) {
        Identity who = AccessHandlers.identity(rc);
        JsonObject line = new JsonObject()
                .put("time", Instant.now().toString())
                .put("requestId", RequestIds.of(rc))
                .put("user", who == null ? null : who.username())
                .put("method", rc.request().method().name())
                .put("path", rc.normalizedPath())
                .put("namespace", rc.pathParam("ns"))
                .put("app", rc.pathParam("app"))
                .put("status", rc.response().getStatusCode())
                .put("outcome", rc.response().getStatusCode() < 400 ? "success" : "failure");
        JsonObject notes = rc.get(NOTES);
        if (notes != null) {
            line.mergeIn(notes);
        }
        return line;
    }
}
