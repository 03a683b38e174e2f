package dev.slipway.apiserver;

import dev.slipway.apiserver.access.AccessHandlers;
import dev.slipway.apiserver.access.AddressGate;
import dev.slipway.apiserver.access.Authenticator;
import dev.slipway.apiserver.access.Authorizer;
import dev.slipway.apiserver.access.RateLimiter;
import dev.slipway.apiserver.access.AccessRule;
import dev.slipway.apiserver.access.StreamQuota;
import dev.slipway.apiserver.console.Console;
import dev.slipway.apiserver.handlers.AppsHandler;
import dev.slipway.apiserver.handlers.Handlers;
import dev.slipway.apiserver.http.AccessLog;
import dev.slipway.apiserver.http.AuditLog;
import dev.slipway.apiserver.http.ContractRouter;
import dev.slipway.apiserver.http.ErrorRenderer;
import dev.slipway.apiserver.http.HttpListener;
import dev.slipway.apiserver.http.JsonBodies;
import dev.slipway.apiserver.http.RequestIds;
import dev.slipway.apiserver.http.RequestMetrics;
import dev.slipway.apiserver.http.Responses;
import dev.slipway.apiserver.store.EventHub;
import dev.slipway.apiserver.store.ResourceCache;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.openapi.contract.OpenAPIContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running API server: its Vert.x instance, informer caches and HTTP listener. The verticle-free
 * shape keeps start and stop plain: {@link #start} returns once the server listens;
 * {@link #close} stops taking requests, lets the running ones finish within the grace period,
 * ends event streams and stops the informers.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    public static final String CONTRACT = "openapi.yaml";
    /** How long a console session lasts without a request. */
    static final Duration CONSOLE_IDLE = Duration.ofMinutes(30);

    private final Vertx vertx;
    private final ResourceCache cache;
    private final EventHub hub;
    private final HttpServer server;
    private final ApiServerSettings settings;
    private final AtomicBoolean stopping;

    private ApiServer(Vertx vertx, ResourceCache cache, EventHub hub, HttpServer server, ApiServerSettings settings,
                      AtomicBoolean stopping) {
        this.vertx = vertx;
        this.cache = cache;
        this.hub = hub;
        this.server = server;
        this.settings = settings;
        this.stopping = stopping;
    }

    /** Starts informers and the HTTP server; the caller keeps ownership of {@code client}. */
    public static ApiServer start(KubernetesClient client, ApiServerSettings settings) {
        Vertx vertx = Vertx.vertx();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            // Heap in use is what a flood of connections or streams would show first.
            new JvmMemoryMetrics().bindTo(registry);
            EventHub hub = new EventHub(4096);
            ResourceCache cache = new ResourceCache(client, settings.namespaces(), hub);
            AtomicBoolean stopping = new AtomicBoolean();
            Buffer contractText = Buffer.buffer(readContract());
            OpenAPIContract contract = OpenAPIContract.from(vertx, CONTRACT).await(30, TimeUnit.SECONDS);
            ApiServerSettings.ClientLimits limits = settings.clientLimits();
            AddressGate gate = new AddressGate(new RateLimiter(limits.addressRatePerSecond(),
                    limits.addressRateBurst()), limits.trustedProxyHops());
            Authenticator authenticator = new Authenticator(vertx, client, settings.accessCacheTtl(), gate, registry);
            Authorizer authorizer = new Authorizer(vertx, client, settings.accessCacheTtl(), registry);
            AccessHandlers access = new AccessHandlers(authenticator, authorizer,
                    new RateLimiter(settings.ratePerSecond(), settings.rateBurst()));
            ErrorRenderer errors = new ErrorRenderer(settings.bodyLimitBytes());
            AtomicInteger port = new AtomicInteger();
            AppsHandler apps = new AppsHandler(cache, hub, new Responses(client.getKubernetesSerialization()), vertx,
                    settings.heartbeat(), new StreamQuota(limits.eventStreamsPerUser()));
            Console console = new Console(vertx, cache, settings.namespaces(), authenticator, authorizer,
                    AccessRule.byOperation(contract.getRawContract()), apps, settings.host(), port::get, CONSOLE_IDLE);
            Router router = ContractRouter.build(vertx, contract,
                    Handlers.byOperation(vertx, client, settings, cache, apps, gate, registry, contractText,
                            () -> cache.hasSynced() && !stopping.get()),
                    access,
                    List.of(new RequestIds(), new RequestMetrics(registry), new AccessLog(), new AuditLog(),
                            new JsonBodies(settings.bodyLimitBytes())),
                    errors, console::install);
            // After the handlers, which listen to the cache from its first event on.
            cache.start();
            HttpServer server = HttpListener.create(vertx, settings, router).listen().await(30, TimeUnit.SECONDS);
            port.set(server.actualPort());
            LOG.atInfo().addKeyValue("port", server.actualPort()).addKeyValue("host", settings.host())
                    .log("API server listening");
            return new ApiServer(vertx, cache, hub, server, settings, stopping);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("API server failed to start", e);
        } catch (Throwable t) {
            vertx.close();
            throw t;
        }
    }

    private static String readContract() {
        try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(CONTRACT)) {
            if (in == null) {
                throw new IllegalStateException(CONTRACT + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    public boolean ready() {
        return cache.hasSynced() && !stopping.get();
    }

    /** Waits until every informer has synced. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("informers did not sync within " + timeout);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        LOG.info("API server shutting down");
        try {
            hub.closeAll().get(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.atWarn().setCause(e).log("event streams did not end in time");
        }
        try {
            server.shutdown(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)
                    .await(settings.shutdownGrace().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.atWarn().setCause(e).log("HTTP server did not shut down cleanly");
        }
        cache.close();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.atWarn().setCause(e).log("Vert.x did not close cleanly");
        }
        LOG.info("API server stopped");
    }
}
