package dev.slipway.apiserver;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.apiserver.webhook.WebhookVerifier;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Push webhooks from GitHub and GitLab start builds; anything unsigned, wrongly signed or replayed starts nothing. */
@KubeClusterTest
class WebhookIT extends ApiTestBase {

    private static final String SECRET = "webhook-s3cret";
    private static final String COMMIT = "3f2a9c1d4e5b6a7980112233445566778899aabb";

    @BeforeAll
    static void start(TestNamespace namespace) {
        List<String> apps = List.of("gh", "gl", "replay", "other-ref");
        startApi(namespace, ApiFixture.testSettings(), apps.toArray(String[]::new));
        for (String app : apps) {
            namespace.client().secrets().resource(new SecretBuilder().withNewMetadata().withName(app + "-webhook")
                    .endMetadata().addToStringData("secret", SECRET).build()).create();
        }
    }

    private static String githubPush(String ref) {
        return new JsonObject().put("ref", ref).put("after", COMMIT)
                .put("repository", new JsonObject().put("default_branch", "main")).encode();
    }

    private static HttpResponse<String> github(String app, String body, String signature, String delivery) {
        return api.send(api.request("/hooks/" + ns.name() + "/" + app + "/git", null, Map.of(
                        "Content-Type", "application/json", "X-GitHub-Event", "push", "X-GitHub-Delivery", delivery,
                        "X-Hub-Signature-256", signature))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String sign(String body, String secret) {
        return "sha256=" + HexFormat.of().formatHex(WebhookVerifier.hmacSha256(
                secret.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Build> buildsOf(String app) {
        return ns.client().resources(Build.class).list().getItems().stream()
                .filter(b -> app.equals(b.getSpec().getApp())).toList();
    }

    @Test
    void aSignedGithubPushStartsOneBuildOfThePushedCommit() {
        String body = githubPush("refs/heads/main");

        HttpResponse<String> response = github("gh", body, sign(body, SECRET), UUID.randomUUID().toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(buildsOf("gh")).singleElement().satisfies(build -> {
            assertThat(build.getSpec().getTrigger()).isEqualTo("webhook: push 3f2a9c1");
            assertThat(build.getSpec().getSource().getGit().getCommit()).isEqualTo(COMMIT);
            assertThat(build.getSpec().getSource().getGit().getRef()).isEqualTo("main");
            assertThat(build.getSpec().getOutput().getImage()).isEqualTo("registry.test:5000/" + ns.name() + "/gh");
        });
    }

    @Test
    void aGitlabPushWithTheTokenStartsOneBuild() {
        String body = new JsonObject().put("ref", "refs/heads/main").put("checkout_sha", COMMIT).encode();
        HttpRequest.Builder request = api.request("/hooks/" + ns.name() + "/gl/git", null, Map.of(
                "Content-Type", "application/json", "X-Gitlab-Event", "Push Hook",
                "X-Gitlab-Event-UUID", UUID.randomUUID().toString()));

        HttpResponse<String> wrong = api.send(request.copy().header("X-Gitlab-Token", "guess")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        HttpResponse<String> right = api.send(request.copy().header("X-Gitlab-Token", SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).as(right.body()).isEqualTo(202);
        assertThat(buildsOf("gl")).singleElement()
                .satisfies(b -> assertThat(b.getSpec().getTrigger()).isEqualTo("webhook: push 3f2a9c1"));
    }

    @Test
    void aBadSignatureIsRejectedBeforeTheAppIsEvenLookedUp() {
        String body = githubPush("refs/heads/main");

        HttpResponse<String> wrongSecret = github("gh", body, sign(body, "guess"), UUID.randomUUID().toString());
        HttpResponse<String> tampered = github("gh", body.replace("main", "mainx"), sign(body, SECRET), "d-2");
        HttpResponse<String> unsigned = api.send(api.request("/hooks/" + ns.name() + "/gh/git", null,
                Map.of("Content-Type", "application/json")).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        // No such App, and no such Secret: the same 401 as a wrong signature, not a 404 that tells the App apart.
        HttpResponse<String> ghost = github("ghost", body, sign(body, SECRET), UUID.randomUUID().toString());

        assertThat(List.of(wrongSecret, tampered, unsigned, ghost)).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code")).isEqualTo("Unauthorized");
            assertThat(response.body()).doesNotContain(SECRET);
        });
        assertThat(buildsOf("ghost")).isEmpty();
    }

    @Test
    void aReplayedDeliveryStartsNothing() {
        String body = githubPush("refs/heads/main");
        String delivery = UUID.randomUUID().toString();

        HttpResponse<String> first = github("replay", body, sign(body, SECRET), delivery);
        HttpResponse<String> replayed = github("replay", body, sign(body, SECRET), delivery);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(replayed.statusCode()).isEqualTo(202);
        assertThat(new JsonObject(replayed.body()).getString("status")).isEqualTo("ignored");
        assertThat(buildsOf("replay")).hasSize(1);
    }

    @Test
    void anAppCanNameItsWebhookSecret() {
        ns.client().secrets().resource(new SecretBuilder().withNewMetadata().withName("ci-tokens").endMetadata()
                .addToStringData("secret", "named-s3cret").build()).create();
        assertThat(ns.kubectl().apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: named}
                spec:
                  source:
                    git: {url: https://git.example.com/acme/named.git, ref: main}
                    webhookSecret: {name: ci-tokens}
                """).succeeded()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(api.apps("/named"), developer).statusCode() == 200);
        String body = githubPush("refs/heads/main");

        HttpResponse<String> defaultSecret = github("named", body, sign(body, SECRET), UUID.randomUUID().toString());
        HttpResponse<String> namedSecret = github("named", body, sign(body, "named-s3cret"), UUID.randomUUID().toString());

        assertThat(defaultSecret.statusCode()).isEqualTo(401);
        assertThat(namedSecret.statusCode()).as(namedSecret.body()).isEqualTo(202);
        assertThat(buildsOf("named")).singleElement()
                .satisfies(b -> assertThat(b.getSpec().getTrigger()).isEqualTo("webhook: push 3f2a9c1"));
    }

    @Test
    void aPushToAnotherRefStartsNothing() {
        String body = githubPush("refs/heads/feature");

        HttpResponse<String> response = github("other-ref", body, sign(body, SECRET), UUID.randomUUID().toString());

        // Accepted as delivered, with the reason, so that the git host does not show a failed delivery.
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(new JsonObject(response.body()).getString("status")).isEqualTo("ignored");
        assertThat(new JsonObject(response.body()).getString("reason"))
                .isEqualTo("the push is to another ref: refs/heads/feature, not the app's ref main");
        assertThat(buildsOf("other-ref")).isEmpty();
    }

    @Test
    void aPushToAnAppBuiltFromUploadsStartsNothing() {
        ns.client().secrets().resource(new SecretBuilder().withNewMetadata().withName("uploaded-webhook").endMetadata()
                .addToStringData("secret", SECRET).build()).create();
        api.apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: uploaded}
                spec:
                  source: {builder: static}
                """, developer, "uploaded");
        String body = githubPush("refs/heads/main");

        HttpResponse<String> response = github("uploaded", body, sign(body, SECRET), UUID.randomUUID().toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(new JsonObject(response.body()).getString("reason"))
                .isEqualTo("app \"uploaded\" has no git repository; it builds uploaded folders");
        assertThat(buildsOf("uploaded")).isEmpty();
    }

    @Test
    void anAppWithATagPatternBuildsThePushedTagsThatMatch() {
        ns.client().secrets().resource(new SecretBuilder().withNewMetadata().withName("tagged-webhook").endMetadata()
                .addToStringData("secret", SECRET).build()).create();
        assertThat(ns.kubectl().apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: tagged}
                spec:
                  source:
                    git: {url: https://git.example.com/acme/tagged.git, ref: "v*"}
                """).succeeded()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(api.apps("/tagged"), developer).statusCode() == 200);

        HttpResponse<String> branch = github("tagged", githubPush("refs/heads/main"), sign(githubPush("refs/heads/main"),
                SECRET), UUID.randomUUID().toString());
        HttpResponse<String> otherTag = github("tagged", githubPush("refs/tags/nightly"),
                sign(githubPush("refs/tags/nightly"), SECRET), UUID.randomUUID().toString());
        HttpResponse<String> release = github("tagged", githubPush("refs/tags/v1.4.0"),
                sign(githubPush("refs/tags/v1.4.0"), SECRET), UUID.randomUUID().toString());

        assertThat(List.of(branch, otherTag)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(new JsonObject(r.body()).getString("reason")).contains("not the app's ref v*");
        });
        assertThat(release.statusCode()).as(release.body()).isEqualTo(202);
        assertThat(buildsOf("tagged")).singleElement().satisfies(b -> {
            assertThat(b.getSpec().getSource().getGit().getRef()).isEqualTo("v1.4.0");
            assertThat(b.getSpec().getSource().getGit().getCommit()).isEqualTo(COMMIT);
        });
    }
}
