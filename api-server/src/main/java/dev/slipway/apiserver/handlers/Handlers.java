package dev.slipway.apiserver.handlers;

import dev.slipway.apiserver.ApiServerSettings;
import dev.slipway.apiserver.access.AccessHandlers;
import dev.slipway.apiserver.access.AddressGate;
import dev.slipway.apiserver.http.ApprovalAudit;
import dev.slipway.apiserver.http.Responses;
import dev.slipway.apiserver.requests.ResourceWriter;
import dev.slipway.apiserver.store.ResourceCache;
import dev.slipway.apiserver.upload.RegistryBlobs;
import dev.slipway.apiserver.upload.UploadSweeper;
import dev.slipway.apiserver.webhook.DeliveryLog;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.function.BooleanSupplier;

/** Every operation of the contract, by operationId, with the handler that serves it. */
public final class Handlers {

    private Handlers() {
    }

    /**
     * @param apps    shared with the console, whose pages follow the same event streams
     * @param gate    the client address's allowance of credentials that do not verify, shared with
     *                authentication: a webhook's signature is one
     */
    public static Map<String, Handler<RoutingContext>> byOperation(Vertx vertx, KubernetesClient client,
                                                                   ApiServerSettings settings, ResourceCache cache,
                                                                   AppsHandler apps, AddressGate gate,
                                                                   PrometheusMeterRegistry registry,
                                                                   Buffer contract, BooleanSupplier ready) {
        Responses responses = new Responses(client.getKubernetesSerialization());
        ResourceWriter writer = new ResourceWriter(vertx, client);
        BuildStarter starter = new BuildStarter(cache, writer, settings.registry());
        ReleasesHandler releases = new ReleasesHandler(cache, writer, responses, client, vertx);
        ApprovalHandler approvals = new ApprovalHandler(cache, responses, client, vertx);
        PodLogResponses podLogs = new PodLogResponses(client, vertx);
        BuildsHandler builds = new BuildsHandler(cache, starter, responses, podLogs);
        HookLogHandler hookLogs = new HookLogHandler(cache, podLogs);
        HooksHandler hooks = new HooksHandler(cache, starter, responses, client, vertx,
                new DeliveryLog(settings.replayMemory()), gate);
        OpsHandler ops = new OpsHandler(ready, registry, contract);
        RegistryBlobs blobs = new RegistryBlobs(vertx, settings.registryAddress());
        cache.onBuildChange(new UploadSweeper(blobs)::changed);
        cache.onReleaseChange(ApprovalAudit::changed);
        UploadsHandler uploads = new UploadsHandler(cache, starter, responses, blobs, settings.uploadLimitBytes());
        return Map.ofEntries(
                Map.entry("listApps", apps::list),
                Map.entry("getApp", apps::get),
                Map.entry("appEvents", rc -> apps.events(rc, AccessHandlers.identity(rc).username())),
                Map.entry("listReleases", releases::list),
                Map.entry("getRelease", releases::get),
                Map.entry("createRelease", releases::create),
                Map.entry("rollback", releases::rollback),
                Map.entry("releaseApproval", approvals::decide),
                Map.entry("hookLog", hookLogs::log),
                Map.entry("listBuilds", builds::list),
                Map.entry("createBuild", builds::create),
                Map.entry("buildLog", builds::log),
                Map.entry("uploadBuild", uploads::create),
                Map.entry("gitWebhook", hooks::git),
                Map.entry("healthz", ops::healthz),
                Map.entry("readyz", ops::readyz),
                Map.entry("metrics", ops::metrics),
                Map.entry("openapi", ops::openapi));
    }
}
