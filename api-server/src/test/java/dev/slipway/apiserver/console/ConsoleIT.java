package dev.slipway.apiserver.console;

import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.apiserver.ApiFixture;
import dev.slipway.apiserver.ApiTestBase;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.InProcessController;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.RealNode;
import dev.slipway.testkit.RepositoryLayout;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.logging.LogEntry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web console in headless Chromium, against the API server and Slipway's controller running
 * releases on the real node: hooks are real pods with real logs. Screenshots of the pages go to
 * docs/console/, so the user docs show the console as this code draws it.
 */
@KubeClusterTest(realNode = true)
class ConsoleIT extends ApiTestBase {

    private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(3);
    private static final Path SCREENSHOTS = RepositoryLayout.root().resolve("docs/console");
    private static InProcessController controller;
    private static String viewer;
    private static URI base;

    @BeforeAll
    static void start(TestNamespace namespace) {
        startApi(namespace, ApiFixture.testSettings());
        viewer = api.user("viewer", "slipway-viewer");
        controller = InProcessController.start(namespace, ControllerSettings.forNamespaces(namespace.name())
                .withHookRetryBaseDelay(Duration.ofSeconds(1)));
        base = api.uri("/");
        apply(namespace, "shop", """
                  hooks:
                    pre: {command: [sh, -c, "echo migrating the schema; sleep 3; echo migrated"]}
                    post: {command: [sh, -c, "echo warming caches; sleep 2"]}
                """);
        awaitPhase(namespace.client(), "shop-1", ReleasePhase.Complete);
    }

    @AfterAll
    static void stopController() {
        if (controller != null) {
            controller.close();
        }
    }

    /** An App of the real node's web sample, one replica, with {@code extra} spec lines (indented two spaces). */
    private static void apply(TestNamespace namespace, String name, String extra) {
        apply(namespace, name, "v1", extra);
    }

    /** The same App serving "{@code name} {@code version}": applied again with another version, it releases. */
    private static void apply(TestNamespace namespace, String name, String version, String extra) {
        api.apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: %s}
                spec:
                  image: %s
                  replicas: 1
                  env: [{name: MESSAGE, value: "%s %s"}]
                  healthCheck: {path: /healthz, periodSeconds: 1}
                %s""".formatted(name, RealNode.webSampleImage(namespace.cluster()), name, version, extra), developer, name);
    }

    private static Release awaitPhase(KubernetesClient client, String release, ReleasePhase phase) {
        return await().atMost(RELEASE_TIMEOUT).until(() -> client.resources(Release.class).withName(release).get(),
                r -> r != null && r.getStatus() != null && r.getStatus().getPhase() == phase);
    }

    private static String appPage(TestNamespace namespace, String app) {
        return "/ui/namespaces/" + namespace.name() + "/apps/" + app;
    }

    @Test
    void aDeveloperSignsInReleasesAndWatchesThePipelineMoveStepByStepWithoutReloading(TestNamespace namespace) {
        try (Browser browser = Browser.open(base, 1440)) {
            browser.signIn(developer);
            assertThat(browser.path()).isEqualTo("/ui/");
            String namespaceLink = "a[href='/ui/namespaces/" + namespace.name() + "']";
            assertThat(browser.all(namespaceLink)).as(browser.source()).hasSize(1);
            browser.find(namespaceLink).click();
            browser.screenshot(SCREENSHOTS.resolve("apps-1440.png"));
            browser.find("tr[data-app='shop'] a").click();
            assertThat(browser.path()).isEqualTo(appPage(namespace, "shop"));
            // Gone if the page reloads: the steps below must move in this same document.
            browser.script("window.notReloaded = true");

            browser.find("input[name='reason']").sendKeys("a release from the console");
            browser.submit(".release-form button");
            assertThat(browser.all(".notice.ok")).as(browser.find("main").getText()).hasSize(1);
            String notice = browser.find(".notice.ok").getText();
            Matcher requested = Pattern.compile("Release requested: revision (\\d+) of shop")
                    .matcher(notice);
            assertThat(requested.find()).as(notice).isTrue();
            String revision = requested.group(1);
            browser.script("window.notReloaded = true");

            Map<String, List<String>> seen = new LinkedHashMap<>();
            List<String> order = new ArrayList<>();
            boolean[] shotWhileRunning = {false};
            await().atMost(RELEASE_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!browser.text("#pipeline-title").startsWith("Release " + revision + " ")) {
                    return false;
                }
                List<String> names = new ArrayList<>();
                // The steps and the phase in one script: a redraw between two reads would pair old
                // steps with the new phase.
                @SuppressWarnings("unchecked")
                List<String> drawn = (List<String>) browser.script("return [document.querySelector("
                        + "'#release-phase').textContent, ...[...document.querySelectorAll('#pipeline [data-step]')]"
                        + ".map(s => s.dataset.step + '=' + s.dataset.state)]");
                String phase = drawn.get(0);
                for (String step : drawn.subList(1, drawn.size())) {
                    String name = step.substring(0, step.indexOf('='));
                    names.add(name);
                    List<String> states = seen.computeIfAbsent(name, n -> new ArrayList<>());
                    String state = step.substring(step.indexOf('=') + 1);
                    if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
                        states.add(state);
                    }
                    if ("Running".equals(state) && !shotWhileRunning[0]) {
                        shotWhileRunning[0] = true;
                        browser.screenshot(SCREENSHOTS.resolve("release-running-1440.png"));
                    }
                }
                order.clear();
                order.addAll(names);
                return phase.contains("Complete");
            });

            assertThat(browser.script("return window.notReloaded === true")).as("the page reloaded").isEqualTo(true);
            assertThat(order).containsExactly("pre-hook", "rollout", "post-hook");
            assertThat(seen).allSatisfy((step, states) -> assertThat(states).as(step).endsWith("Complete"));
            // Seen moving: at least one step was shown Running, and a later one still Pending at that time.
            assertThat(seen.values()).anySatisfy(states -> assertThat(states).contains("Running"));
            assertThat(seen.get("post-hook")).as("post-hook states seen").startsWith("Pending");
            assertThat(browser.text("tr[data-revision='" + revision + "']")).contains("serving")
                    .contains(developerName());
        }
    }

    @Test
    void aViewerSeesNoReleaseOrRollbackButtonAndAFormWithoutItsCsrfTokenIsRefused(TestNamespace namespace)
            throws Exception {
        try (Browser browser = Browser.open(base, 375)) {
            browser.signIn(viewer).go(appPage(namespace, "shop"));
            assertThat(browser.find("h1").getText()).isEqualTo("shop");
            assertThat(browser.all("form.release-form")).isEmpty();
            assertThat(browser.all("form[action$='/rollback']")).isEmpty();
            browser.screenshot(SCREENSHOTS.resolve("app-viewer-375.png"));

            HttpResponse<String> forged = postForm(browser, appPage(namespace, "shop") + "/releases", "reason=forged");
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.body()).contains("CSRF token");

            // With its token the viewer's form reaches the API, which refuses it: the page says why.
            String csrf = browser.find("form[action='/ui/sign-out'] input[name='csrf']").getAttribute("value");
            HttpResponse<String> refused = postForm(browser, appPage(namespace, "shop") + "/releases",
                    "csrf=" + csrf + "&reason=by+a+viewer");
            assertThat(refused.statusCode()).isEqualTo(303);
            browser.go(appPage(namespace, "shop"));
            assertThat(browser.find(".notice.error").getText()).contains("Release refused")
                    .contains("cannot create releases");
        }
        try (Browser browser = Browser.open(base, 1440)) {
            browser.signIn(developer).go(appPage(namespace, "shop"));
            assertThat(browser.all("form.release-form")).as(browser.find("body").getText()).hasSize(1);
            HttpResponse<String> forged = postForm(browser, appPage(namespace, "shop") + "/releases", "reason=forged");
            assertThat(forged.statusCode()).as("a developer's form without its CSRF token").isEqualTo(403);
        }
        assertThat(namespace.client().resources(Release.class).list().getItems())
                .noneMatch(r -> Objects.toString(r.getSpec().getReason(), "").contains("forged")
                        || Objects.toString(r.getSpec().getReason(), "").contains("by a viewer"));
    }

    @Test
    void aFailingAbortHookShowsItsFailedStepItsLogAndTheRollback(TestNamespace namespace) {
        apply(namespace, "billing", "");
        awaitPhase(namespace.client(), "billing-1", ReleasePhase.Complete);
        apply(namespace, "billing", "v2", """
                  hooks:
                    pre:
                      command: [sh, -c, "echo checking the schema; echo 'database unreachable' >&2; exit 3"]
                      failurePolicy: Abort
                """);
        awaitPhase(namespace.client(), "billing-2", ReleasePhase.RolledBack);

        try (Browser browser = Browser.open(base, 1440)) {
            browser.signIn(developer).go(appPage(namespace, "billing"));
            assertThat(browser.text("#release-phase")).contains("RolledBack");
            assertThat(browser.attribute("[data-step='pre-hook']", "data-state")).isEqualTo("Failed");
            assertThat(browser.text("[data-step='pre-hook'] .step-message")).contains("exit code 3");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    browser.text("[data-step='pre-hook'] pre")).contains("checking the schema"));
            assertThat(browser.text("tr[data-revision='1']")).contains("serving");
            browser.screenshot(SCREENSHOTS.resolve("release-failed-1440.png"));
        }
        try (Browser phone = Browser.open(base, 375)) {
            phone.signIn(developer).go(appPage(namespace, "billing"));
            phone.screenshot(SCREENSHOTS.resolve("release-failed-375.png"));
            phone.go("/ui/namespaces/" + namespace.name());
            phone.screenshot(SCREENSHOTS.resolve("apps-375.png"));
        }
    }

    @Test
    void markupInAReasonShowsAsTextAndNoScriptOfItRuns(TestNamespace namespace) {
        String reason = "<script>window.injected = 1</script><img src=x onerror=\"window.injected = 2\">";
        HttpResponse<String> created = api.post(api.apps("/shop/releases"), developer,
                new JsonObject().put("reason", reason).encode());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);

        try (Browser browser = Browser.open(base, 1440)) {
            browser.signIn(developer).go(appPage(namespace, "shop"));
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.displayed("#pipeline"));
            assertThat(browser.find("body").getText()).contains("<script>window.injected = 1</script>");
            assertThat(browser.script("return window.injected === undefined")).isEqualTo(true);
            assertThat(browser.all("main script")).isEmpty();
            assertThat(browser.all("main img")).isEmpty();
            assertThat(browser.consoleLog()).extracting(LogEntry::getMessage)
                    .noneMatch(m -> m.contains("injected") || m.contains("Content Security Policy"));
        }
    }

    @Test
    void aRevokedTokenSendsTheNextPageViewToSignIn(TestNamespace namespace) {
        String shortLived = api.user("leaving", "slipway-developer");
        try (Browser browser = Browser.open(base, 1440)) {
            browser.signIn(shortLived).go(appPage(namespace, "shop"));
            assertThat(browser.find("h1").getText()).isEqualTo("shop");
            assertThat(browser.cookie(Console.SESSION_COOKIE).isHttpOnly()).isTrue();
            assertThat(browser.cookie(Console.SESSION_COOKIE).getSameSite()).isEqualTo("Strict");

            // Deleting the ServiceAccount revokes its tokens; the console's review cache holds answers 10 s at most.
            namespace.client().serviceAccounts().withName("leaving").delete();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                browser.go(appPage(namespace, "shop"));
                return browser.path().equals("/ui/sign-in");
            });
            assertThat(browser.query()).isEqualTo("expired=1");
            assertThat(browser.find(".notice.error").getText()).contains("sign in again");

            // The page's own script may have been sent to sign-in first; every later view is still told why.
            browser.go(appPage(namespace, "shop"));
            assertThat(browser.path()).isEqualTo("/ui/sign-in");
            assertThat(browser.query()).isEqualTo("expired=1");
        }
    }

    @Test
    void aRouteWhoseHostAnotherAppClaimedShowsWhyItIsNotAdmitted(TestNamespace namespace) {
        String host = "claimed-" + namespace.name() + ".apps.test";
        apply(namespace, "first", "  routes: [{host: " + host + "}]\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> namespace.client().resources(Route.class).list().getItems()
                .stream().anyMatch(r -> r.getStatus() != null && Boolean.TRUE.equals(r.getStatus().getAdmitted())));
        apply(namespace, "second", "  routes: [{host: " + host + "}]\n");

        try (Browser browser = Browser.open(base, 1440)) {
            browser.signIn(developer);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                browser.go(appPage(namespace, "second"));
                assertThat(browser.text("#routes")).contains(host).contains("False").contains("HostAlreadyClaimed");
            });
            browser.go(appPage(namespace, "first"));
            assertThat(browser.text("#routes")).contains(host).contains("True");
        }
    }

    @Test
    void anApproverApprovesAWaitingReleaseThatADeveloperCannotDecide(TestNamespace namespace) {
        apply(namespace, "vault", "  approval: {required: true}\n");
        awaitPhase(namespace.client(), "vault-1", ReleasePhase.AwaitingApproval);
        String approver = api.user("approver", "slipway-approver");

        try (Browser browser = Browser.open(base, 1440)) {
            browser.signIn(developer).go(appPage(namespace, "vault"));
            assertThat(browser.text("#pipeline-title")).contains("AwaitingApproval");
            assertThat(browser.text("main")).contains("Waits for approval");
            assertThat(browser.all(".approval-form")).isEmpty();
        }
        try (Browser browser = Browser.open(base, 1440)) {
            browser.signIn(approver).go(appPage(namespace, "vault"));
            browser.type(".approval-form input[name='reason']", "checked the change");
            browser.submit(".approval-form button[value='approve']");
            assertThat(browser.text(".notice.ok")).contains("Revision 1 of vault approved");
            await().atMost(RELEASE_TIMEOUT).until(() -> browser.text("#release-phase").contains("Complete"));
        }
        Release approved = namespace.client().resources(Release.class).withName("vault-1").get();
        assertThat(approved.getStatus().getApproval().getBy()).isEqualTo("system:serviceaccount:" + ns.name() + ":approver");
    }

    @Test
    void everyPageCarriesTheSecurityHeaders(TestNamespace namespace) throws Exception {
        for (String path : List.of("/ui/sign-in", "/ui/static/console.js", "/ui/no-such-page")) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp ->
                    assertThat(csp).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                            .doesNotContain("unsafe-inline"));
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
        }
    }

    private static String developerName() {
        return "system:serviceaccount:" + ns.name() + ":dev";
    }

    private static HttpResponse<String> postForm(Browser browser, String path, String form) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", Console.SESSION_COOKIE + "=" + browser.sessionCookie())
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
