package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/**
 * The defaults the CRDs publish (and the API server fills in) are the values the code uses when a
 * field is absent, so an object means the same read before and after the API server filled them.
 */
class PublishedDefaultsTest {

    @Test
    void theAppCrdFillsInWhatTheCodeFallsBackTo() {
        AppSpec given = Serialization.unmarshal("""
                image: shop:1
                healthCheck: {path: /healthz}
                strategy: {type: Rolling, rolling: {}}
                hooks: {pre: {command: [check]}}
                approval: {required: true}
                routes: [{tls: {termination: edge}}]
                env: [{name: PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}]
                """, AppSpec.class);

        AppSpec served = ApiServerDefaults.served(given);

        assertThat(served.getReplicas()).isEqualTo(given.replicasOrDefault());
        assertThat(served.getRevisionHistoryLimit()).isEqualTo(given.revisionHistoryLimitOrDefault());
        assertThat(served.getPort()).isEqualTo(given.portOrDefault());
        Triggers triggers = given.triggersOrDefault();
        assertThat(served.getTriggers().getConfig()).isEqualTo(triggers.configOrDefault()).isTrue();
        assertThat(served.getTriggers().getImage()).isEqualTo(triggers.imageOrDefault()).isTrue();
        assertThat(served.getTriggers().getBuilderImage()).isEqualTo(triggers.builderImageOrDefault()).isTrue();
        HealthCheck check = given.getHealthCheck();
        assertThat(served.getHealthCheck().getInitialDelaySeconds()).isEqualTo(check.initialDelaySecondsOrDefault());
        assertThat(served.getHealthCheck().getPeriodSeconds()).isEqualTo(check.periodSecondsOrDefault());
        Strategy strategy = given.strategyOrDefault();
        assertThat(served.getStrategy().getTimeoutSeconds()).isEqualTo(strategy.timeoutSecondsOrDefault());
        assertThat(served.getStrategy().getRolling().getMaxSurge())
                .isEqualTo(strategy.rollingOrDefault().maxSurgeOrDefault());
        assertThat(served.getStrategy().getRolling().getMaxUnavailable())
                .isEqualTo(strategy.rollingOrDefault().maxUnavailableOrDefault());
        assertThat(served.getHooks().getPre().getFailurePolicy())
                .isEqualTo(given.hooksOrDefault().getPre().failurePolicyOrDefault());
        assertThat(served.getApproval().getExpiresAfterSeconds())
                .isEqualTo(given.getApproval().expiresAfterSecondsOrDefault());
        assertThat(served.getRoutes().get(0).getPath()).isEqualTo(given.getRoutes().get(0).pathOrDefault());
        assertThat(served.getRoutes().get(0).getTls().getInsecure())
                .isEqualTo(given.getRoutes().get(0).getTls().insecureOrDefault());
    }

    @Test
    void defaultsTheCrdCannotCarryStayInTheCode() {
        AppSpec served = ApiServerDefaults.served(Serialization.unmarshal("""
                image: shop:1
                healthCheck: {path: /healthz}
                hooks: {pre: {command: [check]}}
                env: [{name: PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}]
                """, AppSpec.class));

        // Readiness and liveness fall back to different thresholds; one default would set both.
        assertThat(served.getHealthCheck().getFailureThreshold()).isNull();
        assertThat(served.getHealthCheck().readinessFailureThreshold()).isEqualTo(3);
        assertThat(served.getHealthCheck().livenessFailureThreshold()).isEqualTo(6);
        // maxAttempts is refused without failurePolicy Retry, so a default would refuse every other hook.
        assertThat(served.getHooks().getPre().getMaxAttempts()).isNull();
        assertThat(served.getHooks().getPre().maxAttemptsOrDefault()).isEqualTo(3);
        // A false filled in would reach the pod templates, which Slipway writes as the App says.
        KeyRef ref = served.getEnv().get(0).getValueFrom().getSecretKeyRef();
        assertThat(ref.getOptional()).isNull();
        assertThat(ref.optionalOrDefault()).isFalse();
        // Left out, the namespace's label decides whether releases wait for approval.
        assertThat(served.getApproval()).isNull();
        assertThat(served.getStrategy()).isNull();
        assertThat(ReleaseConfigs.strategyType(served)).isEqualTo(StrategyType.Rolling);
        assertThat(ReleaseConfigs.timeoutSeconds(served)).isEqualTo(600);
    }

    @Test
    void theRouteCrdFillsInWhatTheCodeFallsBackTo() {
        RouteSpec given = Serialization.unmarshal("""
                to: {service: shop}
                alternateBackends: [{service: shop-green}]
                tls: {termination: edge}
                """, RouteSpec.class);

        RouteSpec served = ApiServerDefaults.served(given);

        assertThat(served.getPath()).isEqualTo(given.pathOrDefault()).isEqualTo("/");
        assertThat(served.getTo().getWeight()).isEqualTo(given.getTo().weightOrDefault()).isEqualTo(100);
        assertThat(served.getAlternateBackends().get(0).getWeight()).isEqualTo(100);
        assertThat(served.getTls().getInsecure()).isEqualTo(given.getTls().insecureOrDefault());
        assertThat(served.getTo().getPort()).as("the Service's only port, found at run time").isNull();
    }

    @Test
    void aReleaseCrdFillsInTheDefaultsOfItsConfigAndApproval() {
        ReleaseSpec given = Serialization.unmarshal("""
                app: shop
                revision: 1
                config: {strategy: {type: Recreate}, hooks: {mid: {command: [migrate]}}}
                approval: {required: true}
                """, ReleaseSpec.class);

        ReleaseSpec served = ApiServerDefaults.served(given);

        assertThat(served.getConfig().getPort()).isEqualTo(8080);
        assertThat(served.getConfig().getStrategy().getTimeoutSeconds()).isEqualTo(600);
        assertThat(served.getConfig().getStrategy().getRolling()).as("refused with Recreate").isNull();
        assertThat(served.getConfig().getHooks().getMid().getFailurePolicy()).isEqualTo(FailurePolicy.Abort);
        assertThat(served.getApproval().getExpiresAfterSeconds()).isEqualTo(86_400);
    }
}
