package dev.slipway.apiserver.handlers;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.HookNames;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.apiserver.http.ApiError;
import dev.slipway.apiserver.store.ResourceCache;
import io.fabric8.kubernetes.api.model.Pod;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * The log of one attempt of a release's hook ({@code hookLog}). The release comes from the cache;
 * the attempt's pod is found live by the label Kubernetes puts on a Job's pods, as a build's pod
 * is read live: pods are not cached, and a hook's pod appears seconds after its step starts.
 */
public final class HookLogHandler {

    /** Set by Kubernetes' Job controller on every pod of a Job. */
    static final String JOB_NAME_LABEL = "job-name";

    private final ResourceCache cache;
    private final PodLogResponses podLogs;

    HookLogHandler(ResourceCache cache, PodLogResponses podLogs) {
        this.cache = cache;
        this.podLogs = podLogs;
    }

    public void log(RoutingContext rc) {
        App app = AppLookup.require(cache, rc);
        String ns = app.getMetadata().getNamespace();
        long revision = Long.parseLong(rc.pathParam("revision"));
        Release release = AppLookup.requireRelease(cache, app, revision);
        String hook = rc.pathParam("hook");
        StepName step = HookNames.step(hook).orElseThrow(
                () -> ApiError.badRequest("hook", "hook must be pre, mid or post, not \"" + hook + "\""));
        String requested = rc.request().getParam("attempt");
        HookAttempt attempt = HookAttempt.of(release, step, requested == null ? null : Integer.valueOf(requested));
        podLogs.send(rc, ns, client -> {
            Optional<Pod> pod = HookAttempt.newest(client.pods().inNamespace(ns)
                    .withLabel(JOB_NAME_LABEL, attempt.job()).list().getItems());
            if (pod.isEmpty() && attempt.mayStillStart()) {
                throw ApiError.conflict(attempt.describe() + " has no pod yet; try again when it is Running");
            }
            return pod;
        }, PodLog.container(HookNames.CONTAINER), "the pod of " + attempt.describe() + " is gone");
    }
}
