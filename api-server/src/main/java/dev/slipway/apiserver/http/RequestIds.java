package dev.slipway.apiserver.http;

import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id, taken from its {@code X-Request-Id} when that is a sane token, and
 * sets it on the response before anything else can be written.
 */
public final class RequestIds implements PlatformHandler {

    public static final String HEADER = "X-Request-Id";
    private static final String KEY = "slipway.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public void handle(RoutingContext rc) {
        String id = idFor(rc.request().getHeader(HEADER));
        rc.put(KEY, id);
        rc.response().putHeader(HEADER, id);
        rc.next();
    }

    /** The client's id when it sent a sane one, else a new one. */
    public static String idFor(String given) {
        return given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    /**
     * The request's id; given one now if it has none, as when the router refused the request
     * before any handler ran (a path that does not start with '/', an HTTP/1.1 request without
     * Host).
     */
    public static String of(RoutingContext rc) {
        String id = rc.get(KEY);
        if (id == null) {
            id = idFor(rc.request().getHeader(HEADER));
            rc.put(KEY, id);
            if (!rc.response().headWritten()) {
                rc.response().putHeader(HEADER, id);
            }
        }
        return id;
    }
}
