package dev.slipway.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseSpec;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped admission policy (manifests/admission/release-approval.yaml) on a real API server:
 * nobody but the Slipway API server writes a decision into a release's status, not even a
 * cluster-admin, and nobody names someone else as a release's requester. The policy is bound to
 * this class's namespace only, so that the other tests of the cluster, which write statuses as the
 * controller would, are left alone.
 */
@KubeClusterTest
class ApprovalPolicyIT extends ApiTestBase {

    private static final String POLICY = "slipway-release-approval";
    private static String approver;
    private static KubernetesClient asDeveloper;

    @BeforeAll
    static void start(TestNamespace namespace) throws IOException {
        startApi(namespace, ApiFixture.testSettings());
        approver = api.user("approver", "slipway-approver");
        asDeveloper = ApiFixture.clientAs(namespace.client(), developer);
        api.apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: prod}
                spec:
                  image: registry.example/prod:1
                  approval: {required: true}
                """, developer, "prod");
        String shipped = Files.readString(ApiFixture.repoRoot().resolve("manifests/admission/release-approval.yaml"));
        var kubectl = namespace.cluster().kubectl(null);
        assertThat(kubectl.apply(shipped.substring(0, shipped.indexOf("\n---\n"))).succeeded()).isTrue();
        assertThat(kubectl.apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: %s}
                spec:
                  policyName: %s
                  validationActions: [Deny]
                  matchResources:
                    namespaceSelector:
                      matchLabels: {kubernetes.io/metadata.name: %s}
                """.formatted(POLICY, POLICY, namespace.name())).succeeded()).isTrue();
        // The policy is compiled and its binding seen a moment after they are created.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                namespace.client().resource(release("probe", 99, "someone-else")).create();
                namespace.client().resources(Release.class).withName("probe").delete();
                return false;
            } catch (KubernetesClientException refused) {
                return refused.getCode() == 422 || refused.getCode() == 403;
            }
        });
    }

    @AfterAll
    static void removePolicy(TestNamespace namespace) {
        var kubectl = namespace.cluster().kubectl(null);
        kubectl.run("delete", "validatingadmissionpolicybinding", POLICY, "--ignore-not-found");
        kubectl.run("delete", "validatingadmissionpolicy", POLICY, "--ignore-not-found");
        if (asDeveloper != null) {
            asDeveloper.close();
        }
    }

    static Release release(String name, long revision, String requester) {
        Release release = new Release();
        release.getMetadata().setName(name);
        release.getMetadata().setNamespace(ns.name());
        release.getMetadata().getAnnotations().put("slipway.dev/requested-by", requester);
        release.setSpec(new ReleaseSpec());
        release.getSpec().setApp("prod");
        release.getSpec().setRevision(revision);
        return release;
    }

    /** A release asked for through the API by the developer, AwaitingApproval as the controller puts it. */
    static Release waiting() {
        HttpResponse<String> created = api.post(api.apps("/prod/releases"), developer, "{}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        Release release = ns.client().getKubernetesSerialization().unmarshal(created.body(), Release.class);
        ControllerStandIn.progress(ns.client(), release.getMetadata().getName(), ReleasePhase.AwaitingApproval, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(api.apps("/prod/releases/"
                + release.getSpec().getRevision()), approver).body().contains("AwaitingApproval"));
        return release;
    }

    @Test
    void aDecisionWrittenPastTheApiIsRefusedEvenForAClusterAdmin() {
        Release release = waiting();

        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class, () -> ns.client()
                .resources(Release.class).withName(release.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\": {\"approval\": {\"decision\": \"Approved\", \"by\": \"someone\"}}}"));

        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("written by the Slipway API server only");
        HttpResponse<String> approved = api.post(api.apps("/prod/releases/" + release.getSpec().getRevision()
                + "/approval"), approver, "{\"decision\": \"approve\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    }

    @Test
    void aReleaseNamesTheUserWhoCreatesItAsItsRequesterOrNobody() {
        String me = "system:serviceaccount:" + ns.name() + ":dev";

        KubernetesClientException forged = catchThrowableOfType(KubernetesClientException.class,
                () -> asDeveloper.resource(release("prod-50", 50, "alice")).create());
        Release mine = asDeveloper.resource(release("prod-51", 51, me)).create();

        assertThat(forged).isNotNull();
        assertThat(forged.getMessage()).contains("names the user who creates it");
        assertThat(mine.getMetadata().getAnnotations()).containsEntry("slipway.dev/requested-by", me);
        KubernetesClientException changed = catchThrowableOfType(KubernetesClientException.class, () -> ns.client()
                .resources(Release.class).withName("prod-51").edit(r -> {
                    r.getMetadata().getAnnotations().put("slipway.dev/requested-by", "bob");
                    return r;
                }));
        assertThat(changed).isNotNull();
    }

    @Test
    void theApiServerStillWritesRequestersForThePeopleItActsFor() {
        HttpResponse<String> created = api.post(api.apps("/prod/releases"), developer, "{}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
    }
}
