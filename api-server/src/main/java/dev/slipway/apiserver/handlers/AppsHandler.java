package dev.slipway.apiserver.handlers;

import dev.slipway.apiserver.access.StreamQuota;
import dev.slipway.apiserver.http.ApiError;
import dev.slipway.apiserver.http.Responses;
import dev.slipway.apiserver.store.AppEvent;
import dev.slipway.apiserver.store.EventHub;
import dev.slipway.apiserver.store.ResourceCache;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Apps and their live progress: {@code listApps}, {@code getApp}, {@code appEvents}. */
public final class AppsHandler {

    private final ResourceCache cache;
    private final EventHub hub;
    private final Responses responses;
    private final Vertx vertx;
    private final Duration heartbeat;
    private final StreamQuota streams;

    /** @param streams the event streams each user may hold open, counted across the API and the console */
    public AppsHandler(ResourceCache cache, EventHub hub, Responses responses, Vertx vertx, Duration heartbeat,
                       StreamQuota streams) {
        this.cache = cache;
        this.hub = hub;
        this.responses = responses;
        this.vertx = vertx;
        this.heartbeat = heartbeat;
        this.streams = streams;
    }

    public void list(RoutingContext rc) {
        responses.rawJson(rc, 200, cache.appListJson(rc.pathParam("ns"), responses::toJson));
    }

    public void get(RoutingContext rc) {
        responses.json(rc, 200, AppLookup.require(cache, rc));
    }

    /**
     * Server-sent events of the app's releases and builds. A comment line opens the stream (the
     * client then knows it is subscribed) and is repeated as a heartbeat. A client too slow to
     * keep up is cut off; it resumes with its last event id. A user already holding their quota of
     * streams gets 429.
     */
    public void events(RoutingContext rc, String user) {
        String ns = rc.pathParam("ns");
        String app = AppLookup.require(cache, rc).getMetadata().getName();
        StreamQuota.Slot slot = streams.take(user).orElseThrow(() -> ApiError.tooManyRequests(
                heartbeat.toSeconds(), "user \"" + user + "\" has " + streams.perUser()
                        + " event streams open, the most allowed; close one first"));
        String lastEventId = rc.request().getHeader("Last-Event-ID");
        HttpServerResponse response = rc.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        Context context = vertx.getOrCreateContext();
        EventHub.Subscriber subscriber = new EventHub.Subscriber() {
            @Override
            public void deliver(AppEvent event) {
                context.runOnContext(v -> {
                    if (response.closed() || response.ended()) {
                        return;
                    }
                    if (response.writeQueueFull()) {
                        response.reset();
                        return;
                    }
                    response.write(event.frame());
                });
            }

            @Override
            public CompletionStage<Void> close() {
                CompletableFuture<Void> ended = new CompletableFuture<>();
                context.runOnContext(v -> {
                    if (response.ended() || response.closed()) {
                        ended.complete(null);
                    } else {
                        response.end().onComplete(r -> ended.complete(null));
                    }
                });
                return ended;
            }
        };
        long timer = vertx.setPeriodic(heartbeat.toMillis(), id -> {
            if (!response.closed() && !response.ended()) {
                response.write(": heartbeat\n\n");
            }
        });
        Runnable stop = () -> {
            vertx.cancelTimer(timer);
            hub.unsubscribe(ns, app, subscriber);
            slot.close();
        };
        // Whether the stream ended or its connection went; unlike the response's own end and close
        // handlers, this leaves the router's (access log, metrics) in place.
        rc.addEndHandler(ended -> stop.run());
        if (response.closed()) {
            // Gone while the request was being authorized: the end handlers have run already.
            stop.run();
            return;
        }
        hub.subscribe(ns, app, lastEventId, subscriber);
        // Written once subscribed, so a client that has read it knows that shutdown will end its
        // stream. Replayed events follow it: deliver() writes on this context, after this handler.
        response.write(": subscribed\n\n");
    }
}
