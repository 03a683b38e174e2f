package dev.slipway.apiserver.console;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.apiserver.access.AccessHandlers;
import dev.slipway.apiserver.access.Identity;
import dev.slipway.apiserver.handlers.AppsHandler;
import dev.slipway.apiserver.http.ApiError;
import dev.slipway.apiserver.store.ResourceCache;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The console's pages, rendered from the server's caches: no call to Kubernetes per view beyond
 * the access reviews, which are cached as the API's are. A page the user may not read answers 403
 * with the same words the API would use.
 */
final class ConsolePages {

    /** The operations whose buttons an App page offers, asked all at once. */
    private static final List<String> APP_ACTIONS = List.of("createRelease", "rollback", "releaseApproval");

    private final ResourceCache cache;
    private final Set<String> servedNamespaces;
    private final ConsoleAccess access;
    private final Templates templates;
    private final AppsHandler apps;
    private final ApiLoopback api;
    private final Map<String, RenderedTable> appsTables = new java.util.concurrent.ConcurrentHashMap<>();

    ConsolePages(ResourceCache cache, Set<String> servedNamespaces, ConsoleAccess access, Templates templates,
                 AppsHandler apps, ApiLoopback api) {
        this.cache = cache;
        this.servedNamespaces = servedNamespaces;
        this.access = access;
        this.templates = templates;
        this.apps = apps;
        this.api = api;
    }

    /** The namespaces the user may list Apps in: the served ones, or, when all are served, those holding Apps. */
    void namespaces(RoutingContext rc) {
        Identity who = Console.identity(rc);
        List<String> candidates = List.copyOf(servedNamespaces.isEmpty() ? cache.namespacesWithApps()
                : new java.util.TreeSet<>(servedNamespaces));
        List<Future<Boolean>> answers = candidates.stream()
                .map(ns -> access.allowed(who, ns, null, "listApps")).toList();
        Future.all(answers).map(all -> {
            List<String> visible = new java.util.ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                if (answers.get(i).result()) {
                    visible.add(candidates.get(i));
                }
            }
            Map<String, Object> model = Console.model(rc, "Namespaces");
            model.put("namespaces", visible);
            return templates.render("namespaces", model);
        }).onSuccess(html -> Console.html(rc, 200, html)).onFailure(rc::fail);
    }

    void apps(RoutingContext rc) {
        String ns = rc.pathParam("ns");
        require(rc, ns, null, "listApps").map(v -> {
            Map<String, Object> model = Console.model(rc, ns);
            model.put("namespace", ns);
            model.put("table", appsTable(ns));
            return templates.render("apps", model);
        }).onSuccess(html -> Console.html(rc, 200, html)).onFailure(rc::fail);
    }

    /**
     * The namespace's apps table, rendered again only when one of its Apps, Releases or Builds
     * changed: with hundreds of Apps, rendering it is most of a page view's work. The version is
     * read before the objects, so a table that a change overtakes is stored as stale.
     */
    private String appsTable(String ns) {
        long version = cache.version(ns);
        RenderedTable kept = appsTables.get(ns);
        if (kept != null && kept.version() == version) {
            return kept.html();
        }
        List<AppSummary> rows = cache.apps(ns).stream().map(app -> AppSummary.of(app,
                cache.releases(ns, app.getMetadata().getName()), cache.builds(ns, app.getMetadata().getName())))
                .toList();
        String html = templates.render("apps-table", Map.of("namespace", ns, "apps", rows));
        appsTables.put(ns, new RenderedTable(version, html));
        return html;
    }

    private record RenderedTable(long version, String html) {
    }

    void app(RoutingContext rc) {
        appPage(rc, "app");
    }

    /** The live part of the App page alone, which the page fetches again when its event stream says something moved. */
    void appLive(RoutingContext rc) {
        appPage(rc, "app-live");
    }

    private void appPage(RoutingContext rc, String template) {
        String ns = rc.pathParam("ns");
        String name = rc.pathParam("app");
        readApp(rc, ns, name).compose(app -> access.allowedOf(Console.identity(rc), ns, name, APP_ACTIONS).map(actions -> {
            List<Release> releases = cache.releases(ns, name);
            var builds = cache.builds(ns, name);
            Set<String> objects = new HashSet<>();
            objects.add(name);
            releases.forEach(r -> objects.add(r.getMetadata().getName()));
            builds.forEach(b -> objects.add(b.getMetadata().getName()));
            AppPage page = AppPage.of(app, releases, builds, cache.routes(ns, name), cache.events(ns, objects),
                    Instant.now());
            Map<String, Object> model = Console.model(rc, name);
            model.put("namespace", ns);
            model.put("app", name);
            model.put("page", page);
            model.put("canRelease", actions.contains("createRelease"));
            model.put("canRollback", actions.contains("rollback"));
            // The API refuses the requester's own decision; the page does not offer it.
            model.put("canApprove", actions.contains("releaseApproval") && page.pipeline() != null
                    && !Console.identity(rc).username().equals(page.pipeline().requestedBy()));
            return templates.render(template, model);
        })).onSuccess(html -> Console.html(rc, 200, html)).onFailure(rc::fail);
    }

    /** The App's event stream, as the API serves it, for the page's live updates. */
    void events(RoutingContext rc) {
        String ns = rc.pathParam("ns");
        require(rc, ns, rc.pathParam("app"), "appEvents")
                .onSuccess(v -> apps.events(rc, Console.identity(rc).username())).onFailure(rc::fail);
    }

    void buildLog(RoutingContext rc) {
        String follow = "true".equals(rc.request().getParam("follow")) ? "?follow=true" : "";
        api.relay(rc, "/api/v1/namespaces/" + rc.pathParam("ns") + "/builds/" + rc.pathParam("build") + "/log" + follow);
    }

    void hookLog(RoutingContext rc) {
        String follow = "true".equals(rc.request().getParam("follow")) ? "?follow=true" : "";
        api.relay(rc, "/api/v1/namespaces/" + rc.pathParam("ns") + "/apps/" + rc.pathParam("app") + "/releases/"
                + rc.pathParam("revision") + "/hooks/" + rc.pathParam("hook") + "/log" + follow);
    }

    /** The App when the user may read it and its releases and builds (the API's three read rules). */
    private Future<App> readApp(RoutingContext rc, String ns, String name) {
        return require(rc, ns, name, "getApp")
                .compose(v -> require(rc, ns, name, "listReleases"))
                .compose(v -> require(rc, ns, name, "listBuilds"))
                .map(v -> cache.app(ns, name).orElseThrow(() -> ApiError.notFound(
                        "app \"" + name + "\" not found in namespace \"" + ns + "\"")));
    }

    /** Succeeds when the user may call {@code operationId}, else fails with the API's own 403. */
    private Future<Void> require(RoutingContext rc, String ns, String app, String operationId) {
        Identity who = Console.identity(rc);
        return access.refusedBy(who, ns, app, operationId).compose(refused -> refused.isEmpty()
                ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(AccessHandlers.refused(who, refused.get(), ns)));
    }
}
