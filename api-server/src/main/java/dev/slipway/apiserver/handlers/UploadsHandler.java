package dev.slipway.apiserver.handlers;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.BuildNames;
import dev.slipway.api.v1alpha1.UploadSource;
import dev.slipway.apiserver.access.AccessHandlers;
import dev.slipway.apiserver.http.ApiError;
import dev.slipway.apiserver.http.AuditLog;
import dev.slipway.apiserver.http.RequestIds;
import dev.slipway.apiserver.http.Responses;
import dev.slipway.apiserver.requests.Requests;
import dev.slipway.apiserver.store.ResourceCache;
import dev.slipway.apiserver.upload.RegistryBlobs;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * Uploaded folders: {@code uploadBuild}. The archive goes to the registry as it arrives (the request
 * reaches this handler unread and paused, see JsonBodies), then a Build of it is created.
 */
public final class UploadsHandler {

    /** gzip's own types, and the generic one the contract names (its library knows no other binary type). */
    private static final Set<String> GZIP = Set.of("application/gzip", "application/x-gzip", "application/octet-stream");

    private final ResourceCache cache;
    private final BuildStarter starter;
    private final Responses responses;
    private final RegistryBlobs blobs;
    private final long limit;

    UploadsHandler(ResourceCache cache, BuildStarter starter, Responses responses, RegistryBlobs blobs,
                   long limit) {
        this.cache = cache;
        this.starter = starter;
        this.responses = responses;
        this.blobs = blobs;
        this.limit = limit;
    }

    public void create(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        App app = AppLookup.require(cache, rc);
        if (!BuildStarter.hasSource(app)) {
            throw BuildStarter.noSource(app);
        }
        String type = request.getHeader("Content-Type");
        if (type == null || !GZIP.contains(type.split(";", 2)[0].strip().toLowerCase())) {
            throw ApiError.unsupportedMediaType(type);
        }
        String length = request.getHeader("Content-Length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > limit) {
            throw ApiError.payloadTooLarge(limit);
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            rc.response().writeContinue();
        }
        String user = AccessHandlers.identity(rc).username();
        String repository = BuildNames.repository(app.getMetadata().getNamespace(), app.getMetadata().getName());
        blobs.upload(repository, request, limit)
                .recover(e -> Future.failedFuture(e instanceof RegistryBlobs.TooLarge ? ApiError.payloadTooLarge(limit)
                        : ApiError.unavailable("the upload could not be stored in the registry: " + e.getMessage())))
                .compose(blob -> starter.startUpload(app, source(blob, user), Requests.requestedBy(user, "upload"),
                                new Requests.Requester(user, RequestIds.of(rc)))
                        .onFailure(e -> blobs.delete(repository, blob.digest())))
                .onSuccess(created -> {
                    AuditLog.note(rc, "created", "builds/" + created.getMetadata().getName());
                    responses.json(rc, 202, created);
                })
                .onFailure(rc::fail);
    }

    private static UploadSource source(RegistryBlobs.Blob blob, String user) {
        UploadSource source = new UploadSource();
        source.setDigest(blob.digest());
        source.setSize(blob.size());
        source.setUploadedBy(user);
        return source;
    }
}
