package dev.slipway.apiserver.console;

import dev.slipway.apiserver.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.IntSupplier;

/**
 * The console's way to act and to read logs: the same API operation a client would call, sent to
 * this server over loopback with the signed-in user's token. Authentication, rate limits, the
 * contract's validation, access review, audit and the request id are then the API's own, not a
 * second copy of them.
 */
final class ApiLoopback {

    /** What the API answered: its status and JSON body (the object made, or the API's error). */
    record Answer(int status, JsonObject body) {

        boolean ok() {
            return status < 300;
        }

        /** The API's error message, for a person. */
        String errorMessage() {
            JsonObject error = body == null ? null : body.getJsonObject("error");
            return error == null ? "the API answered " + status : error.getString("message");
        }
    }

    private final HttpClient http;
    private final String host;
    private final IntSupplier port;

    ApiLoopback(Vertx vertx, String listenHost, IntSupplier port) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
        // A server listening on every address is reached on loopback; one bound to a single address, there.
        this.host = listenHost == null || listenHost.equals("0.0.0.0") || listenHost.equals("::")
                ? "127.0.0.1" : listenHost;
        this.port = port;
    }

    Future<Answer> postJson(RoutingContext rc, String path, JsonObject body) {
        return http.request(options(rc, HttpMethod.POST, path).putHeader("Content-Type", "application/json"))
                .compose(request -> request.send(body.toBuffer()))
                .compose(response -> response.body().map(bytes -> new Answer(response.statusCode(), json(bytes))));
    }

    /**
     * Streams the API's answer to {@code path} (a log) into the console's response as it comes: the
     * status and content type are the API's, so an error stays the API's JSON error.
     */
    void relay(RoutingContext rc, String path) {
        http.request(options(rc, HttpMethod.GET, path))
                .compose(request -> request.send())
                .onSuccess(response -> {
                    rc.response().setStatusCode(response.statusCode()).setChunked(true)
                            .putHeader("Content-Type", response.getHeader("Content-Type") == null
                                    ? "text/plain; charset=utf-8" : response.getHeader("Content-Type"))
                            .putHeader("Cache-Control", "no-store");
                    // The browser leaving ends the API's stream too.
                    rc.response().closeHandler(v -> response.request().reset());
                    response.pipeTo(rc.response());
                })
                .onFailure(rc::fail);
    }

    private RequestOptions options(RoutingContext rc, HttpMethod method, String path) {
        return new RequestOptions().setMethod(method).setHost(host).setPort(port.getAsInt()).setURI(path)
                .putHeader("Authorization", "Bearer " + ConsoleSession.token(rc))
                .putHeader(RequestIds.HEADER, RequestIds.of(rc));
    }

    private static JsonObject json(Buffer bytes) {
        try {
            return bytes.length() == 0 ? new JsonObject() : bytes.toJsonObject();
        } catch (RuntimeException notJson) {
            return new JsonObject();
        }
    }
}
