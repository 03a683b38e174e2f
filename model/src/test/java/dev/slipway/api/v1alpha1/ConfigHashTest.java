package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The config hash that Releases record (annotation slipway.dev/config-hash) and the App's config
 * trigger compares: the defaults the API server fills into stored Apps once the CRDs declare them
 * must not change it, or upgrading Slipway would release every App once.
 */
class ConfigHashTest {

    /** Every field of the hash and of the spec that the CRD defaults, none of them set. */
    static final String FULL = """
            image: registry.example.com/shop:1
            env:
              - {name: GREETING, value: hello}
              - name: DB_PASSWORD
                valueFrom: {secretKeyRef: {name: db, key: password}}
              - name: MODE
                valueFrom: {configMapKeyRef: {name: settings, key: mode}}
            resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
            healthCheck: {path: /healthz}
            podMetadata: {labels: {team: web}, annotations: {owner: alice}}
            routes: [{host: shop.example.com, tls: {termination: edge}}]
            strategy: {type: Rolling, rolling: {}}
            hooks: {pre: {command: [bin/check]}}
            approval: {required: true}
            triggers: {}
            """;

    static final String BARE = "image: registry.example.com/shop:1\n";

    /** Computed by the code before the CRDs declared any default: what existing Releases recorded. */
    static final String FULL_HASH = "51c7955ad4413aec";
    static final String BARE_HASH = "0548b2bbb32002a4";

    static AppSpec spec(String yaml) {
        return Serialization.unmarshal(yaml, AppSpec.class);
    }

    @Test
    void specsWithoutDefaultsHashAsBeforeTheCrdsDeclaredThem() {
        assertThat(ReleaseConfigs.appHash(spec(FULL))).isEqualTo(FULL_HASH);
        assertThat(ReleaseConfigs.appHash(spec(BARE))).isEqualTo(BARE_HASH);
    }

    @Test
    void theSameSpecsReadBackWithTheApiServersDefaultsHashTheSame() {
        AppSpec full = ApiServerDefaults.served(spec(FULL));
        AppSpec bare = ApiServerDefaults.served(spec(BARE));

        assertThat(full.getReplicas()).as("the defaults were filled in").isEqualTo(1);
        assertThat(full.getHealthCheck().getPeriodSeconds()).isEqualTo(10);
        assertThat(full.getPort()).isEqualTo(8080);
        assertThat(bare.getTriggers().getConfig()).isTrue();
        assertThat(ReleaseConfigs.appHash(full)).isEqualTo(FULL_HASH);
        assertThat(ReleaseConfigs.appHash(bare)).isEqualTo(BARE_HASH);
    }

    @Test
    void aReleasesConfigReadBackWithDefaultsHashesAsTheAppItWasMadeFrom() {
        AppSpec app = spec(FULL);
        ReleaseSpec release = new ReleaseSpec();
        release.setApp("shop");
        release.setRevision(1L);
        release.setImage(app.getImage());
        release.setConfig(ReleaseConfigs.snapshot(app));

        ReleaseSpec served = ApiServerDefaults.served(release);

        assertThat(served.getConfig().getHealthCheck().getInitialDelaySeconds()).isZero();
        assertThat(ReleaseConfigs.hash(served.getImage(), served.getConfig())).isEqualTo(FULL_HASH);
    }

    /**
     * A defaulted field of the App: {@code absent} is a spec without it, {@code atDefault} the same
     * with the field at its default, {@code other} with another value; {@code hashed} when the
     * field changes what the pods run.
     */
    record Field(String path, String absent, String atDefault, String other, boolean hashed) {
        @Override
        public String toString() {
            return path;
        }
    }

    static Stream<Field> defaultedFields() {
        String check = "healthCheck: {path: /healthz%s}";
        String rolling = "strategy: {type: Rolling, rolling: {%s}}";
        String route = "routes: [{host: shop.example.com, tls: {termination: edge%s}%s}]";
        Stream<Field> hooks = Stream.of("pre", "mid", "post").map(hook -> {
            String spec = "hooks: {" + hook + ": {command: [check]%s}}";
            return new Field("hooks." + hook + ".failurePolicy", spec.formatted(""),
                    spec.formatted(", failurePolicy: Abort"), spec.formatted(", failurePolicy: Ignore"), false);
        });
        return Stream.concat(hooks, Stream.of(
                new Field("port", "", "port: 8080", "port: 9090", true),
                new Field("healthCheck.initialDelaySeconds", check.formatted(""),
                        check.formatted(", initialDelaySeconds: 0"), check.formatted(", initialDelaySeconds: 5"), true),
                new Field("healthCheck.periodSeconds", check.formatted(""), check.formatted(", periodSeconds: 10"),
                        check.formatted(", periodSeconds: 3"), true),
                new Field("replicas", "", "replicas: 1", "replicas: 3", false),
                new Field("revisionHistoryLimit", "", "revisionHistoryLimit: 10", "revisionHistoryLimit: 3", false),
                new Field("triggers", "", "triggers: {}", "triggers: {config: false}", false),
                new Field("triggers.config", "triggers: {}", "triggers: {config: true}", "triggers: {config: false}",
                        false),
                new Field("triggers.image", "triggers: {}", "triggers: {image: true}", "triggers: {image: false}", false),
                new Field("triggers.builderImage", "triggers: {}", "triggers: {builderImage: true}",
                        "triggers: {builderImage: false}", false),
                new Field("strategy.timeoutSeconds", "strategy: {type: Rolling}",
                        "strategy: {type: Rolling, timeoutSeconds: 600}", "strategy: {type: Rolling, timeoutSeconds: 60}",
                        false),
                new Field("strategy.rolling.maxSurge", rolling.formatted(""), rolling.formatted("maxSurge: 25%"),
                        rolling.formatted("maxSurge: 1"), false),
                new Field("strategy.rolling.maxUnavailable", rolling.formatted(""), rolling.formatted("maxUnavailable: 0"),
                        rolling.formatted("maxUnavailable: 1"), false),
                new Field("approval.expiresAfterSeconds", "approval: {required: true}",
                        "approval: {required: true, expiresAfterSeconds: 86400}",
                        "approval: {required: true, expiresAfterSeconds: 600}", false),
                new Field("routes[].path", route.formatted("", ""), route.formatted("", ", path: /"),
                        route.formatted("", ", path: /shop"), false),
                new Field("routes[].tls.insecure", route.formatted("", ""), route.formatted(", insecure: Redirect", ""),
                        route.formatted(", insecure: Allow", ""), false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaultedFields")
    void aFieldAtItsDefaultHashesAsOneLeftOut(Field field) {
        String absent = ReleaseConfigs.appHash(spec(BARE + field.absent()));

        assertThat(ReleaseConfigs.appHash(spec(BARE + field.atDefault()))).isEqualTo(absent);
        if (field.hashed()) {
            assertThat(ReleaseConfigs.appHash(spec(BARE + field.other()))).as("another value changes what the pods run")
                    .isNotEqualTo(absent);
        } else {
            assertThat(ReleaseConfigs.appHash(spec(BARE + field.other()))).as("not what the pods run")
                    .isEqualTo(absent);
        }
    }

    @Test
    void everyDefaultOfTheAppCrdHasARowAbove() {
        assertThat(ApiServerDefaults.defaulted(ApiServerDefaults.specSchema("apps.slipway.dev.yaml")))
                .containsExactlyInAnyOrderElementsOf(defaultedFields().map(Field::path).toList());
    }
}
