package dev.slipway.apiserver.handlers;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppSource;
import dev.slipway.api.v1alpha1.AppSpec;
import dev.slipway.api.v1alpha1.SecretReference;
import dev.slipway.apiserver.access.AddressGate;
import dev.slipway.apiserver.http.ApiError;
import dev.slipway.apiserver.http.AuditLog;
import dev.slipway.apiserver.http.RequestIds;
import dev.slipway.apiserver.http.Responses;
import dev.slipway.apiserver.requests.Requests;
import dev.slipway.apiserver.store.ResourceCache;
import dev.slipway.apiserver.webhook.DeliveryLog;
import dev.slipway.apiserver.webhook.PushEvent;
import dev.slipway.apiserver.webhook.WebhookVerifier;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Git push webhooks ({@code gitWebhook}). The delivery is verified against the App's webhook
 * secret before anything else is done with it; only then are replays dropped, the App looked up
 * and a build started. The secret is the key {@code secret} of the Secret the App names in
 * {@code spec.source.webhookSecret}, else of the Secret {@code <app>-webhook}, in the App's namespace. The App is
 * read from the server's cache, so nothing but the Secret is asked of Kubernetes before the
 * signature verifies.
 */
public final class HooksHandler {

    public static final String SECRET_SUFFIX = "-webhook";
    public static final String SECRET_KEY = "secret";

    private enum Provider { GITHUB, GITLAB }

    private final ResourceCache cache;
    private final BuildStarter starter;
    private final Responses responses;
    private final KubernetesClient client;
    private final Vertx vertx;
    private final DeliveryLog deliveries;
    private final AddressGate gate;

    HooksHandler(ResourceCache cache, BuildStarter starter, Responses responses, KubernetesClient client, Vertx vertx,
                 DeliveryLog deliveries, AddressGate gate) {
        this.cache = cache;
        this.starter = starter;
        this.responses = responses;
        this.client = client;
        this.vertx = vertx;
        this.deliveries = deliveries;
        this.gate = gate;
    }

    public void git(RoutingContext rc) {
        String ns = rc.pathParam("ns");
        String app = rc.pathParam("app");
        String signature = rc.request().getHeader("X-Hub-Signature-256");
        String token = rc.request().getHeader("X-Gitlab-Token");
        Provider provider = signature != null ? Provider.GITHUB : token != null ? Provider.GITLAB : null;
        if (provider == null) {
            throw ApiError.unauthorized("a signed webhook needs X-Hub-Signature-256 (GitHub) or X-Gitlab-Token (GitLab)");
        }
        AuditLog.note(rc, "webhook", provider.name().toLowerCase());
        byte[] body = rc.body().buffer().getBytes();
        Supplier<Future<Boolean>> verify = () -> webhookSecret(ns, app).map(secret -> secret.isPresent()
                && (provider == Provider.GITHUB ? WebhookVerifier.github(secret.get(), body, signature)
                        : WebhookVerifier.gitlab(secret.get(), token)));
        // Reading the secret is a call to Kubernetes: signatures that do not verify use up the address's allowance.
        gate.guard(gate.clientOf(rc.request()), verify, valid -> !valid).onSuccess(valid -> {
            if (!valid) {
                // The same answer whether the secret is missing or the signature wrong: nothing to probe.
                rc.fail(ApiError.unauthorized("the webhook signature does not verify with the app's webhook secret"));
                return;
            }
            accept(rc, ns, app, provider);
        }).onFailure(rc::fail);
    }

    private void accept(RoutingContext rc, String ns, String appName, Provider provider) {
        String delivery = rc.request().getHeader(provider == Provider.GITHUB ? "X-GitHub-Delivery" : "X-Gitlab-Event-UUID");
        AuditLog.note(rc, "delivery", delivery);
        String event = rc.request().getHeader(provider == Provider.GITHUB ? "X-GitHub-Event" : "X-Gitlab-Event");
        boolean push = provider == Provider.GITHUB ? "push".equals(event) : "Push Hook".equals(event);
        if (!push) {
            ignored(rc, "not a push event: " + event);
            return;
        }
        String replayKey = ns + "/" + appName + "/" + delivery;
        if (delivery != null && !deliveries.firstTime(replayKey)) {
            ignored(rc, "delivery " + delivery + " was already received");
            return;
        }
        App app = AppLookup.require(cache, rc);
        if (BuildStarter.hasSource(app) && app.getSpec().getSource().getGit() == null) {
            ignored(rc, "app \"" + appName + "\" has no git repository; it builds uploaded folders");
            return;
        }
        JsonObject payload = Bodies.body(rc);
        Optional<PushEvent> pushed = provider == Provider.GITHUB ? PushEvent.github(payload) : PushEvent.gitlab(payload);
        String appRef = app.getSpec() == null || app.getSpec().getSource() == null
                || app.getSpec().getSource().getGit() == null ? null : app.getSpec().getSource().getGit().getRef();
        if (pushed.isEmpty() || !pushed.get().moves(appRef)) {
            ignored(rc, pushed.isEmpty() ? "the push names no commit to build" : pushed.get().otherRef(appRef));
            return;
        }
        PushEvent p = pushed.get();
        starter.start(app, p.buildRef(appRef), p.commit(), "webhook: push " + p.shortCommit(),
                        new Requests.Requester("webhook:" + provider.name().toLowerCase(), RequestIds.of(rc)))
                .onSuccess(build -> {
                    AuditLog.note(rc, "created", "builds/" + build.getMetadata().getName());
                    responses.json(rc, 202, build);
                })
                .onFailure(e -> {
                    if (delivery != null) {
                        deliveries.forget(replayKey);
                    }
                    rc.fail(e);
                });
    }

    /** Accepted and dropped: 202 as for a build, so that a git host shows the delivery as delivered. */
    private void ignored(RoutingContext rc, String why) {
        AuditLog.note(rc, "ignored", why);
        responses.json(rc, 202, Map.of("status", "ignored", "reason", why));
    }

    /** The secret's bytes; empty when the Secret or its key is missing. */
    private Future<Optional<byte[]>> webhookSecret(String ns, String app) {
        String name = cache.app(ns, app).map(App::getSpec).map(AppSpec::getSource).map(AppSource::getWebhookSecret)
                .map(SecretReference::getName).orElse(app + SECRET_SUFFIX);
        return vertx.executeBlocking(() -> {
            Secret secret = client.secrets().inNamespace(ns).withName(name).get();
            if (secret == null) {
                return Optional.empty();
            }
            if (secret.getData() != null && secret.getData().get(SECRET_KEY) != null) {
                return Optional.of(Base64.getDecoder().decode(secret.getData().get(SECRET_KEY)));
            }
            if (secret.getStringData() != null && secret.getStringData().get(SECRET_KEY) != null) {
                return Optional.of(secret.getStringData().get(SECRET_KEY).getBytes(StandardCharsets.UTF_8));
            }
            return Optional.<byte[]>empty();
        }, false);
    }
}
