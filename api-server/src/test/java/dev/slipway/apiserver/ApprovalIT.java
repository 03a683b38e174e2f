package dev.slipway.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseApprovals;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.testkit.Kubectl;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Approving and rejecting releases through the API with real ServiceAccount tokens bound to the
 * shipped ClusterRoles: a second person approves, the requester and a developer cannot, and each
 * decision is recorded on the release and in the audit log. The controller is not part of these
 * tests: {@link ControllerStandIn} puts releases in AwaitingApproval as it would.
 */
@KubeClusterTest
class ApprovalIT extends ApiTestBase {

    private static final ListAppender<ILoggingEvent> AUDIT = new ListAppender<>();
    private static final Logger AUDIT_LOGGER = (Logger) LoggerFactory.getLogger("slipway.audit");
    private static String approver;
    private static String lead;

    @BeforeAll
    static void start(TestNamespace namespace) {
        AUDIT.start();
        AUDIT_LOGGER.addAppender(AUDIT);
        AUDIT_LOGGER.setLevel(Level.INFO);
        namespace.client().namespaces().withName(namespace.name()).edit(n -> {
            n.getMetadata().getLabels().put(ReleaseApprovals.NAMESPACE_LABEL, "true");
            return n;
        });
        startApi(namespace, ApiFixture.testSettings());
        approver = api.user("approver", "slipway-approver");
        // Asks for releases and approves others': still never their own.
        lead = api.user("lead", "slipway-developer");
        api.bind("lead", "slipway-approver");
        api.apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: prod}
                spec:
                  image: registry.example/prod:1
                  approval: {required: true, expiresAfterSeconds: 3600}
                ---
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: labelled}
                spec: {image: registry.example/labelled:1}
                ---
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: exempt}
                spec:
                  image: registry.example/exempt:1
                  approval: {required: false}
                """, developer, "prod", "labelled", "exempt");
    }

    @AfterAll
    static void detachAudit() {
        AUDIT_LOGGER.detachAppender(AUDIT);
    }

    /** A release of {@code app} asked for by {@code token}, then AwaitingApproval as the controller puts it. */
    static Release requested(String app, String token) {
        HttpResponse<String> created = api.post(api.apps("/" + app + "/releases"), token, "{\"reason\": \"ship it\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        Release release = ns.client().getKubernetesSerialization().unmarshal(created.body(), Release.class);
        ControllerStandIn.progress(ns.client(), release.getMetadata().getName(), ReleasePhase.AwaitingApproval, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(api.apps("/" + app + "/releases/"
                + release.getSpec().getRevision()), token).body().contains("AwaitingApproval"));
        return release;
    }

    static HttpResponse<String> decide(Release release, String token, String body, String requestId) {
        return api.send(api.request(api.apps("/" + release.getSpec().getApp() + "/releases/"
                        + release.getSpec().getRevision() + "/approval"), token,
                Map.of("Content-Type", "application/json", "X-Request-Id", requestId))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String user(String account) {
        return "system:serviceaccount:" + ns.name() + ":" + account;
    }

    static List<JsonObject> auditLines(String requestId) {
        return List.copyOf(AUDIT.list).stream().map(e -> new JsonObject(e.getFormattedMessage()))
                .filter(j -> requestId.equals(j.getString("requestId"))).toList();
    }

    @Test
    void aSecondUserApprovesAndTheDecisionIsOnTheReleaseForKubectlAndInTheAuditLog() {
        Release release = requested("prod", developer);
        assertThat(release.getSpec().getApproval().getRequired()).isTrue();
        assertThat(release.getSpec().getApproval().getExpiresAfterSeconds()).isEqualTo(3600);

        HttpResponse<String> approved = decide(release, approver, "{\"decision\": \"approve\", \"reason\": \"checked\"}",
                "approve-1");

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        JsonObject approval = new JsonObject(approved.body()).getJsonObject("status").getJsonObject("approval");
        assertThat(approval.getString("decision")).isEqualTo("Approved");
        assertThat(approval.getString("by")).isEqualTo(user("approver"));
        assertThat(approval.getString("reason")).isEqualTo("checked");
        Kubectl.Result shown = ns.kubectl().run("get", "release", release.getMetadata().getName(), "-o",
                "jsonpath={.status.approval.decision} {.status.approval.by}");
        assertThat(shown.stdout()).isEqualTo("Approved " + user("approver"));
        assertThat(ns.client().resources(Release.class).withName(release.getMetadata().getName()).get().getMetadata()
                .getManagedFields()).anySatisfy(f -> {
                    assertThat(f.getManager()).isEqualTo("slipway-api-server");
                    assertThat(f.getSubresource()).isEqualTo("status");
                });
        await().atMost(Duration.ofSeconds(5)).until(() -> auditLines("approve-1").size() == 1);
        JsonObject line = auditLines("approve-1").get(0);
        assertThat(line.getString("user")).isEqualTo(user("approver"));
        assertThat(line.getString("decision")).isEqualTo("Approved");
        assertThat(line.getString("release")).isEqualTo("releases/" + release.getMetadata().getName());
        assertThat(line.getString("outcome")).isEqualTo("success");

        HttpResponse<String> again = decide(release, approver, "{\"decision\": \"reject\"}", "approve-2");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("was already approved by " + user("approver"));
    }

    @Test
    void theRequesterCannotApproveTheirOwnReleaseWhateverTheirRoles() {
        Release release = requested("prod", lead);

        HttpResponse<String> own = decide(release, lead, "{\"decision\": \"approve\"}", "own-1");

        assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
        assertThat(new JsonObject(own.body()).getJsonObject("error").getString("message"))
                .isEqualTo(user("lead") + " asked for this release; someone else must approve or reject it");
        await().atMost(Duration.ofSeconds(5)).until(() -> auditLines("own-1").size() == 1);
        assertThat(auditLines("own-1").get(0).getString("outcome")).isEqualTo("failure");
        assertThat(decide(release, approver, "{\"decision\": \"reject\", \"reason\": \"not today\"}", "own-2")
                .statusCode()).as("still undecided").isEqualTo(200);
    }

    @Test
    void aDeveloperWithoutTheVerbApproveIsForbidden() {
        Release release = requested("prod", lead);

        HttpResponse<String> refused = decide(release, developer, "{\"decision\": \"approve\"}", "dev-1");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("cannot approve releases.slipway.dev");
    }

    @Test
    void theNamespaceLabelDecidesForAnAppThatDoesNotSayAndTheAppsOwnSettingWins() {
        HttpResponse<String> labelled = api.post(api.apps("/labelled/releases"), developer, "{}");
        HttpResponse<String> exempt = api.post(api.apps("/exempt/releases"), developer, "{}");

        assertThat(new JsonObject(labelled.body()).getJsonObject("spec").getJsonObject("approval")
                .getBoolean("required")).isTrue();
        assertThat(new JsonObject(exempt.body()).getJsonObject("spec").containsKey("approval")).isFalse();
        Release notWaiting = ns.client().getKubernetesSerialization().unmarshal(exempt.body(), Release.class);
        HttpResponse<String> conflict = decide(notWaiting, approver, "{\"decision\": \"approve\"}", "exempt-1");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).contains("does not need approval");
    }

    @Test
    void theDryRunSaysThatApprovalIsNeededAndFromWhom() {
        HttpResponse<String> plan = api.post(api.apps("/prod/releases?dryRun=true"), developer, "{}");

        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        assertThat(new JsonObject(plan.body()).getJsonObject("approval").getMap()).isEqualTo(Map.of(
                "required", true, "by", "someone other than " + user("dev"), "expiresAfterSeconds", 3600));
    }

    @Test
    void aDecisionMustSayApproveOrReject() {
        Release release = requested("prod", developer);

        HttpResponse<String> bad = decide(release, approver, "{\"decision\": \"maybe\"}", "bad-1");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("decision");
    }
}
