package dev.slipway.apiserver.handlers;

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

    public AppsHandler(ResourceCache cache, EventHub hub, Responses responses, Vertx vertx, Duration heartbeat) {
        this.cache = cache;
        this.hub = hub;
        this.responses = responses;
        this.vertx = vertx;
        this.heartbeat = heartbeat;
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
     * keep up is cut off; it resumes with its last event id.
     */
    public void events(RoutingContext rc) {
        String ns = rc.pathParam("ns");
        String app = AppLookup.require(cache, rc).getMetadata().getName();
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
        };
        response.closeHandler(v -> stop.run());
        response.endHandler(v -> stop.run());
        hub.subscribe(ns, app, lastEventId, subscriber);
        // Written once subscribed, so a client that has read it knows that shutdown will end its
        // stream. Replayed events follow it: deliver() writes on this context, after this handler.
        response.write(": subscribed\n\n");
    }
}
