package dev.slipway.apiserver.upload;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Blobs of the installation's registry, over the Registry HTTP API v2 in plain HTTP, as the build
 * pods speak to it: an uploaded folder is streamed into a blob upload (one PATCH with a chunked body,
 * written as it arrives, with back-pressure both ways, so memory holds a few buffers whatever the
 * archive's size), its digest computed on the way and named when the upload is closed; a blob is
 * deleted once nothing needs it. Anonymous: the installation's registry takes any push from inside
 * the cluster.
 */
public final class RegistryBlobs {

    /** A stored blob: its digest ("sha256:<hex>") and size. */
    public record Blob(String digest, long size) {
    }

    /** More than the limit arrived; the partial upload was cancelled. */
    public static final class TooLarge extends RuntimeException {
        public TooLarge(long limit) {
            super("the upload exceeds " + limit + " bytes", null, false, false);
        }
    }

    private final HttpClient http;
    private final String base;

    /** @param address host:port where this process reaches the registry */
    public RegistryBlobs(Vertx vertx, String address) {
        // A registry that stops answering mid-upload ends the upload in a minute, not never.
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(60));
        this.base = "http://" + address;
    }

    /**
     * Streams {@code body} into a new blob of {@code repository}; fails with {@link TooLarge} as soon
     * as more than {@code limit} bytes arrived. {@code body} may be paused: it is resumed here.
     */
    public Future<Blob> upload(String repository, ReadStream<Buffer> body, long limit) {
        return call(HttpMethod.POST, base + "/v2/" + repository + "/blobs/uploads/", 202)
                .compose(started -> {
                    String location = location(started, base);
                    return stream(location, body, limit)
                            .compose(written -> call(HttpMethod.PUT, withDigest(written.location(), written.blob().digest()),
                                    201).map(written.blob()))
                            .onFailure(e -> cancel(location));
                });
    }

    /** Deletes the blob; one that is not there any more counts as deleted. */
    public Future<Void> delete(String repository, String digest) {
        return http.request(new RequestOptions().setMethod(HttpMethod.DELETE)
                        .setAbsoluteURI(base + "/v2/" + repository + "/blobs/" + digest))
                .compose(HttpClientRequest::send)
                .compose(response -> response.body().compose(ignored -> response.statusCode() == 202
                        || response.statusCode() == 404 ? Future.<Void>succeededFuture()
                        : Future.failedFuture(failure("DELETE", repository, response))));
    }

    /** What a PATCH wrote, and where the upload goes on: the registry moves it with each request. */
    private record Written(Blob blob, String location) {
    }

    private Future<Written> stream(String location, ReadStream<Buffer> body, long limit) {
        Promise<Written> result = Promise.promise();
        MessageDigest sha256 = sha256();
        long[] size = {0};
        http.request(new RequestOptions().setMethod(HttpMethod.PATCH).setAbsoluteURI(location)
                        .putHeader("Content-Type", "application/octet-stream"))
                .onFailure(result::tryFail)
                .onSuccess(patch -> {
                    patch.setChunked(true);
                    patch.response().onFailure(result::tryFail).onSuccess(response -> response.body().onComplete(done -> {
                        if (response.statusCode() == 202) {
                            result.tryComplete(new Written(new Blob("sha256:" + HexFormat.of().formatHex(sha256.digest()),
                                    size[0]), location(response, base)));
                        } else {
                            result.tryFail(failure("PATCH", location, response));
                        }
                    }));
                    body.exceptionHandler(e -> {
                        result.tryFail(e);
                        patch.reset();
                    });
                    body.handler(chunk -> {
                        size[0] += chunk.length();
                        if (size[0] > limit) {
                            body.pause();
                            result.tryFail(new TooLarge(limit));
                            patch.reset();
                            return;
                        }
                        sha256.update(chunk.getBytes());
                        patch.write(chunk);
                        if (patch.writeQueueFull()) {
                            body.pause();
                            patch.drainHandler(ignored -> body.resume());
                        }
                    });
                    body.endHandler(ignored -> {
                        if (size[0] <= limit) {
                            patch.end();
                        }
                    });
                    body.resume();
                });
        return result.future();
    }

    private void cancel(String location) {
        http.request(new RequestOptions().setMethod(HttpMethod.DELETE).setAbsoluteURI(location))
                .compose(HttpClientRequest::send).compose(HttpClientResponse::body);
    }

    private Future<HttpClientResponse> call(HttpMethod method, String url, int expected) {
        return http.request(new RequestOptions().setMethod(method).setAbsoluteURI(url))
                .compose(request -> request.putHeader("Content-Length", "0").send())
                .compose(response -> response.body().compose(ignored -> response.statusCode() == expected
                        ? Future.succeededFuture(response)
                        : Future.failedFuture(failure(method.name(), url, response))));
    }

    /** The upload's URL, which the registry may give relative to itself. */
    static String location(HttpClientResponse response, String base) {
        String location = response.getHeader("Location");
        if (location == null) {
            throw new IllegalStateException("the registry started an upload without a Location");
        }
        return URI.create(base + "/").resolve(location).toString();
    }

    static String withDigest(String location, String digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
    }

    private static IllegalStateException failure(String method, String url, HttpClientResponse response) {
        return new IllegalStateException("the registry answered " + response.statusCode() + " to " + method + " "
                + URI.create(url).getPath());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
