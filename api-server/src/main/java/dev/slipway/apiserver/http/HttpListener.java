package dev.slipway.apiserver.http;

import dev.slipway.apiserver.ApiServerSettings;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpServerConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The API's HTTP/1.1 listener, and what happens before the router sees a request: bounded request
 * lines and headers, a deadline for a request's head ({@link RequestHeadDeadline}), an idle
 * timeout, and an answer in the API's JSON error shape, with a request id, for what the HTTP
 * decoder refuses (Vert.x's own answer there is an empty 400, 414 or 431) and for HTTP versions
 * not served (an empty 501).
 */
public final class HttpListener {

    private static final Logger ACCESS = LoggerFactory.getLogger("slipway.access");

    private HttpListener() {
    }

    /**
     * HTTP/1.1 only: event streams then end cleanly on shutdown for every client (an h2c upgrade
     * let Java's HTTP/2 client drop a stream's last bytes at GOAWAY); TLS and HTTP/2 belong to the
     * ingress.
     */
    public static HttpServerOptions options(ApiServerSettings settings) {
        ApiServerSettings.ClientLimits limits = settings.clientLimits();
        return new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
                .setCompressionSupported(true).setHttp2ClearTextEnabled(false)
                .setMaxInitialLineLength(limits.maxRequestLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setIdleTimeout((int) limits.idleTimeout().toSeconds());
    }

    /** A server, not yet listening, that hands every well-formed request to {@code requests}. */
    public static HttpServer create(Vertx vertx, ApiServerSettings settings, Handler<HttpServerRequest> requests) {
        ApiServerSettings.ClientLimits limits = settings.clientLimits();
        RequestHeadDeadline deadline = new RequestHeadDeadline(vertx, limits.requestHeadTimeout());
        Handler<HttpServerRequest> wellFormed = request -> {
            deadline.started(request);
            if (request.version() == null
                    || request.version() == HttpVersion.HTTP_1_1 && request.authority() == null) {
                refuse(request, limits);
                return;
            }
            requests.handle(request);
        };
        return vertx.createHttpServer(options(settings))
                .connectionHandler(connection -> {
                    deadline.opened(connection);
                    // Vert.x wraps the request handler in one that answers an HTTP version other than
                    // 1.0 and 1.1 (HTTP/2.0, HTTP/7.1: the decoder takes any) with an empty 501, with
                    // no public way around it. On its own connections this handler takes the
                    // wrapper's place, which has nothing else to do here: the API serves no WebSockets.
                    if (connection instanceof HttpServerConnection own) {
                        own.handler(wellFormed);
                    }
                })
                .requestHandler(wellFormed)
                .invalidRequestHandler(request -> {
                    deadline.started(request);
                    refuse(request, limits);
                });
    }

    /**
     * Answers a request the decoder could not read, or one the router cannot take (an HTTP version
     * not served, HTTP/1.1 without a host), then closes its connection: what follows on it cannot
     * be trusted to start a request. Vert.x writes the status line in the request's own version
     * ({@code HTTP/2.0 400 Bad Request}), with no way to choose another.
     */
    static void refuse(HttpServerRequest request, ApiServerSettings.ClientLimits limits) {
        ApiError error = refusal(request, limits);
        // Headers may be half read; a sane id the client sent is kept, as for any request.
        String id = RequestIds.idFor(request.getHeader(RequestIds.HEADER));
        Throwable cause = request.decoderResult().cause();
        ACCESS.atInfo().addKeyValue("requestId", id).addKeyValue("status", error.status())
                .addKeyValue("refused", cause == null ? error.getMessage() : cause.getClass().getSimpleName())
                .log("request");
        request.response().setStatusCode(error.status())
                .putHeader("Content-Type", "application/json")
                .putHeader(RequestIds.HEADER, id)
                .putHeader("Connection", "close")
                .end(ErrorRenderer.body(error, id))
                .onComplete(sent -> request.connection().close());
    }

    private static ApiError refusal(HttpServerRequest request, ApiServerSettings.ClientLimits limits) {
        Throwable cause = request.decoderResult().cause();
        if (cause instanceof TooLongHttpLineException) {
            return new ApiError(414, "URITooLong", null,
                    "the request line is longer than " + limits.maxRequestLineBytes() + " bytes", Map.of());
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new ApiError(431, "RequestHeaderFieldsTooLarge", null,
                    "the request's headers are larger than " + limits.maxHeaderBytes() + " bytes", Map.of());
        }
        if (cause != null) {
            return ApiError.badRequest(null, "the request is not well-formed HTTP/1.1");
        }
        if (request.version() == null) {
            return ApiError.badRequest(null, "only HTTP/1.1 and HTTP/1.0 are served");
        }
        return ApiError.badRequest("Host", "an HTTP/1.1 request needs a Host header naming a host");
    }
}
