package dev.slipway.apiserver.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that renders errors: every failed request, whatever failed it, ends here as
 * {@code {"error": {"code", "message", "field"?, "requestId"}}}. Anything that is not an
 * {@link ApiError} is the server's own fault: it is logged with the request id and the client
 * gets a 500 without details.
 */
public final class ErrorRenderer implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorRenderer.class);

    private final long bodyLimit;

    public ErrorRenderer(long bodyLimit) {
        this.bodyLimit = bodyLimit;
    }

    @Override
    public void handle(RoutingContext rc) {
        render(rc, rc.statusCode());
    }

    /**
     * For the router's error handler of {@code status}, which it may call without having failed
     * the context: for a path it could not decode, its only sign of the 400 is which handler it calls.
     */
    public Handler<RoutingContext> forStatus(int status) {
        return rc -> render(rc, rc.statusCode() > 0 ? rc.statusCode() : status);
    }

    private void render(RoutingContext rc, int status) {
        ApiError error = classify(rc.failure(), status);
        HttpServerResponse response = rc.response();
        if (error.status() >= 500) {
            // The raw path: a path that cannot be decoded must not fail the error's own rendering.
            LOG.atError().addKeyValue("requestId", RequestIds.of(rc)).addKeyValue("path", rc.request().path())
                    .setCause(rc.failure()).log("request failed");
        }
        if (response.headWritten()) {
            // A stream already started (events, a log): the only way to signal failure is to cut it.
            response.reset();
            return;
        }
        error.headers().forEach(response::putHeader);
        response.setStatusCode(error.status())
                .putHeader("Content-Type", "application/json")
                .end(body(error, RequestIds.of(rc)));
    }

    /** The error body every error response has, whether or not a route ever saw the request. */
    static String body(ApiError error, String requestId) {
        JsonObject body = new JsonObject().put("code", error.code()).put("message", error.getMessage());
        if (error.field() != null) {
            body.put("field", error.field());
        }
        body.put("requestId", requestId);
        return new JsonObject().put("error", body).encode();
    }

    ApiError classify(Throwable failure, int status) {
        if (failure instanceof ApiError api) {
            return api;
        }
        if (failure instanceof HttpException http) {
            if (http.getCause() instanceof ValidatorException validation) {
                return ValidationErrors.toApiError(validation);
            }
            return byStatus(http.getStatusCode(), http.getPayload());
        }
        if (failure instanceof ValidatorException validation) {
            return ValidationErrors.toApiError(validation);
        }
        if (status >= 400 && status < 500) {
            // The router's own refusal of what the client sent; an exception's words are not for the client.
            return status == 400
                    ? ApiError.badRequest(null, "the request could not be read: its path, headers or body are malformed")
                    : byStatus(status, null);
        }
        if (failure != null) {
            return new ApiError(500, "Internal", null, "internal error; quote the request id when reporting it",
                    java.util.Map.of());
        }
        return byStatus(status, null);
    }

    private ApiError byStatus(int status, String detail) {
        return switch (status) {
            case 400 -> ApiError.badRequest("body", detail == null ? "bad request" : detail);
            case 401 -> ApiError.unauthorized("authentication required");
            case 403 -> ApiError.forbidden("forbidden");
            case 404 -> ApiError.notFound("no such resource");
            case 405 -> new ApiError(405, "MethodNotAllowed", null, "method not allowed on this path", java.util.Map.of());
            case 413 -> ApiError.payloadTooLarge(bodyLimit);
            case 415 -> ApiError.unsupportedMediaType(null);
            case 503 -> ApiError.unavailable("unavailable");
            default -> status >= 400 && status < 500
                    ? new ApiError(status, "BadRequest", null, detail == null ? "bad request" : detail, java.util.Map.of())
                    : new ApiError(500, "Internal", null, "internal error; quote the request id when reporting it",
                            java.util.Map.of());
        };
    }
}
