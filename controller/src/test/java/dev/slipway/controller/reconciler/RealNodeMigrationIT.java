package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseFixtures.TIMEOUT;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static dev.slipway.controller.reconciler.ReleaseFixtures.edit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.FailurePolicy;
import dev.slipway.api.v1alpha1.Hook;
import dev.slipway.api.v1alpha1.Hooks;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.controller.WithController;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.RealNode;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A Recreate release whose mid hook migrates a real PostgreSQL in the cluster: the new version
 * reads the migrated schema, and a migration that fails aborts the release, which brings the
 * version before it back, its data untouched. The app serves the columns of table users as it read
 * them when it started ({@code slipway/postgres-sample}).
 */
@KubeClusterTest(realNode = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealNodeMigrationIT extends WithController {

    private static final String PSQL = "psql -h db -U app -d postgres -v ON_ERROR_STOP=1 -c ";

    @BeforeAll
    static void database(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        String image = RealNode.postgresSampleImage(namespace.cluster());
        client.resource(new DeploymentBuilder().withNewMetadata().withName("db").endMetadata().withNewSpec()
                .withNewSelector().withMatchLabels(Map.of("app", "db")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "db")).endMetadata().withNewSpec()
                .addNewContainer().withName("postgres").withImage(image).withCommand("/usr/local/bin/postgres-server")
                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(5432)).endTcpSocket()
                .withPeriodSeconds(1).endReadinessProbe().endContainer().endSpec().endTemplate().endSpec().build())
                .create();
        client.resource(new ServiceBuilder().withNewMetadata().withName("db").endMetadata().withNewSpec()
                .withSelector(Map.of("app", "db")).addNewPort().withPort(5432).endPort().endSpec().build()).create();
        // The first pull of the image (400 MB from the local registry) takes a while.
        client.apps().deployments().withName("db").waitUntilReady(3, TimeUnit.MINUTES);
        runToCompletion(client, image, PSQL + "'create table if not exists users (id int primary key, name text)'"
                + " && " + PSQL + "\"insert into users values (1, 'ada') on conflict do nothing\"");
    }

    @Test
    @Order(1)
    void midHookMigratesTheSchemaBeforeTheNewVersionStartsAndTheNewVersionReadsIt(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: accounts}
                spec:
                  image: %s
                  replicas: 2
                  env: [{name: DATABASE_HOST, value: db}, {name: VERSION, value: "1"}]
                  healthCheck: {path: /healthz, periodSeconds: 1}
                  strategy: {type: Recreate, timeoutSeconds: 120}
                """.formatted(RealNode.postgresSampleImage(namespace.cluster())));
        awaitPhase(client, "accounts-1", ReleasePhase.Complete);
        assertThat(AppPods.answers(client, "accounts")).containsExactly("id,name", "id,name");

        release(client, "2", PSQL + "'alter table users add column email text'");

        Release migrated = awaitPhase(client, "accounts-2", ReleasePhase.Complete);
        assertThat(migrated.getStatus().getSteps()).extracting(ReleaseStep::getName)
                .containsExactly(StepName.SCALE_DOWN, StepName.MID_HOOK, StepName.ROLLOUT);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(AppPods.answers(client, "accounts"))
                .containsExactly("id,name,email", "id,name,email"));
    }

    @Test
    @Order(2)
    void failingMigrationAbortsAndTheVersionBeforeServesAgainWithItsDataUntouched(TestNamespace namespace) {
        KubernetesClient client = namespace.client();

        release(client, "3", PSQL + "'alter table users add column email text'");

        Release failed = awaitPhase(client, "accounts-3", ReleasePhase.RolledBack);
        ReleaseStep mid = failed.getStatus().getSteps().stream().filter(s -> s.getName() == StepName.MID_HOOK)
                .findFirst().orElseThrow();
        assertThat(mid.getMessage()).contains("exit code 1").contains("column \"email\" of relation \"users\" already exists");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(client.pods().withLabel(Labels.APP, "accounts").withLabel(Labels.ROLE, Labels.WEB).list().getItems())
                    .hasSize(2).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry(Labels.REVISION, "2"));
            assertThat(AppPods.answers(client, "accounts")).containsExactly("id,name,email", "id,name,email");
        });
        String rows = runToCompletion(client, RealNode.postgresSampleImage(namespace.cluster()),
                "psql -h db -U app -d postgres -tA -c 'select id, name, email from users'");
        assertThat(rows.strip()).isEqualTo("1|ada|");
    }

    /** Starts a release of the App with a new VERSION and the given mid hook (Abort). */
    private static void release(KubernetesClient client, String version, String migration) {
        edit(client, "accounts", a -> {
            Hook mid = new Hook();
            mid.setCommand(List.of("sh", "-c", migration));
            mid.setFailurePolicy(FailurePolicy.Abort);
            Hooks hooks = new Hooks();
            hooks.setMid(mid);
            a.getSpec().setHooks(hooks);
            a.getSpec().getEnv().get(1).setValue(version);
            return a;
        });
    }

    /**
     * Runs a shell command in a Job of the image until it succeeds and returns its log. The command
     * is tried for up to 30 s in the one pod: a database whose port just opened (its readiness)
     * may still refuse connections while it starts, and its Service name may not resolve yet.
     */
    private static String runToCompletion(KubernetesClient client, String image, String command) {
        String name = "sql-" + Long.toString(System.nanoTime(), 36);
        String retried = "for try in $(seq 30); do (" + command + ") && exit 0; sleep 1; done; exit 1";
        client.resource(new JobBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withBackoffLimit(0)
                .withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer().withName("psql")
                .withImage(image).withCommand("sh", "-c", retried).endContainer().endSpec().endTemplate().endSpec()
                .build()).create();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.batch().v1().jobs().withName(name).get().getStatus()
                .getSucceeded()).isEqualTo(1));
        String pod = client.pods().withLabel("job-name", name).list().getItems().get(0).getMetadata().getName();
        return client.pods().withName(pod).getLog();
    }
}
