package dev.slipway.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Hook;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseConfig;
import dev.slipway.api.v1alpha1.ReleaseConfigs;
import dev.slipway.api.v1alpha1.StepName;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The objects an App and its releases want, looked at directly. */
class DesiredObjectsTest {

    private static final App APP = Serialization.unmarshal("""
            apiVersion: slipway.dev/v1alpha1
            kind: App
            metadata: {name: shop, namespace: demo, uid: 1234, generation: 4}
            spec:
              image: registry.example.com/shop:1.2
              replicas: 3
              port: 3000
              env:
                - {name: RAILS_ENV, value: production}
                - {name: DATABASE_URL, valueFrom: {secretKeyRef: {name: shop-db, key: url}}}
              resources: {requests: {cpu: 250m, memory: 512Mi}, limits: {memory: 1Gi}}
              healthCheck: {path: /up}
              podMetadata: {labels: {team: payments, slipway.dev/role: sneaky}, annotations: {prometheus.io/scrape: "true"}}
              strategy: {type: Recreate}
              hooks:
                mid:
                  command: [bin/rails, db:migrate]
                  podMetadata: {annotations: {sidecar.istio.io/inject: "false"}}
            """, App.class);

    private static Release release() {
        Release release = new Release();
        release.getMetadata().setName("shop-7");
        release.getMetadata().setNamespace("demo");
        release.getMetadata().setUid("5678");
        release.setSpec(new dev.slipway.api.v1alpha1.ReleaseSpec());
        release.getSpec().setApp("shop");
        release.getSpec().setRevision(7L);
        release.getSpec().setImage("registry.example.com/shop@sha256:" + "a".repeat(64));
        release.getSpec().setConfig(ReleaseConfigs.snapshot(APP.getSpec()));
        return release;
    }

    @Test
    void deploymentRunsTheReleaseWithTheAppsReplicas() {
        Deployment deployment = AppDeployment.desired(APP, release(), 3);

        assertThat(deployment.getMetadata().getName()).isEqualTo("shop");
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("App");
            assertThat(o.getController()).isTrue();
        });
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .containsOnly(org.assertj.core.api.Assertions.entry(Labels.APP, "shop"),
                        org.assertj.core.api.Assertions.entry(Labels.ROLE, Labels.WEB));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(Labels.REVISION, "7").containsEntry("team", "payments")
                .as("Slipway's labels win over the user's").containsEntry(Labels.ROLE, Labels.WEB);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true").containsEntry(Labels.RELEASE, "shop-7");
        Container app = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(app.getImage()).startsWith("registry.example.com/shop@sha256:");
        assertThat(app.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(3000);
        });
        assertThat(app.getEnv().get(1).getValueFrom().getSecretKeyRef().getName()).isEqualTo("shop-db");
        assertThat(app.getResources().getRequests().get("cpu").toString()).isEqualTo("250m");
        assertThat(app.getResources().getLimits()).containsOnlyKeys("memory");
        assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/up");
        assertThat(app.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(AppDeployment.templateRevision(deployment)).isEqualTo(7);
    }

    @Test
    void serviceSelectsServingPodsOnlyThroughThePortName() {
        Service service = AppService.desired(APP);

        assertThat(service.getSpec().getSelector()).containsEntry(Labels.ROLE, Labels.WEB);
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(80);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
    }

    @Test
    void hookJobIsNamedAfterReleaseStepAndAttemptAndRunsOnce() {
        Release release = release();
        Job job = HookJob.desired(release, StepName.MID_HOOK, release.getSpec().getConfig().getHooks().getMid(), 2);

        assertThat(job.getMetadata().getName()).isEqualTo("shop-7-mid-2");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("Release"));
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(Labels.ROLE, Labels.HOOK)
                .containsEntry(Labels.STEP, "mid-hook").containsEntry(Labels.ATTEMPT, "2");
        assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("sidecar.istio.io/inject", "false").containsEntry("prometheus.io/scrape", "true");
        Container hook = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(hook.getCommand()).containsExactly("bin/rails", "db:migrate");
        assertThat(hook.getImage()).isEqualTo(release.getSpec().getImage());
        assertThat(hook.getEnv()).hasSize(2);
    }

    @Test
    void configHashChangesWithWhatPodsRunButNotWithHowToRollOut() {
        Release release = release();
        String hash = ReleaseConfigs.hash("shop:1", release.getSpec().getConfig());
        var strategyChanged = ReleaseConfigs.copy(release.getSpec().getConfig());
        strategyChanged.getStrategy().setTimeoutSeconds(30);
        var envChanged = ReleaseConfigs.copy(release.getSpec().getConfig());
        envChanged.getEnv().get(0).setValue("staging");

        assertThat(ReleaseConfigs.hash("shop:1", strategyChanged)).isEqualTo(hash);
        assertThat(ReleaseConfigs.hash("shop:1", envChanged)).isNotEqualTo(hash);
        assertThat(ReleaseConfigs.hash("shop:2", release.getSpec().getConfig())).isNotEqualTo(hash);
    }

    /**
     * After an upgrade to CRDs with defaults, a release made before reads back with them filled in;
     * scaling the App or rolling back to it must not change its pods (which would restart them).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Rolling", "Recreate"})
    void aReleaseReadBackWithTheCrdsDefaultsWantsTheSamePods(String strategy) {
        Release stored = release("""
                healthCheck: {path: /up}
                strategy: {type: %s}
                hooks: {pre: {command: [bin/check]}}
                """.formatted(strategy));
        Release defaulted = release("""
                port: 8080
                healthCheck: {path: /up, initialDelaySeconds: 0, periodSeconds: 10}
                strategy: {type: %s, timeoutSeconds: 600%s}
                hooks: {pre: {command: [bin/check], failurePolicy: Abort}}
                """.formatted(strategy, strategy.equals("Rolling") ? ", rolling: {maxSurge: 25%, maxUnavailable: 0}" : ""));

        assertThat(AppDeployment.desired(APP, defaulted, 3)).isEqualTo(AppDeployment.desired(APP, stored, 3));
        Hook pre = defaulted.getSpec().getConfig().getHooks().getPre();
        assertThat(HookJob.desired(defaulted, StepName.PRE_HOOK, pre, 1))
                .isEqualTo(HookJob.desired(stored, StepName.PRE_HOOK, stored.getSpec().getConfig().getHooks().getPre(), 1));
    }

    private static Release release(String config) {
        Release release = release();
        release.getSpec().setConfig(Serialization.unmarshal(config, ReleaseConfig.class));
        return release;
    }
}
