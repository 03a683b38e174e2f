package dev.slipway.apiserver.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Release;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A rollback request across migrations: refused across an irreversible one unless forced, and planned. */
class RollbackMigrationsTest {

    private static final Requests.Requester ALICE = new Requests.Requester("alice", "req-1");
    private static final App APP = Serialization.unmarshal("""
            apiVersion: slipway.dev/v1alpha1
            kind: App
            metadata: {name: shop, namespace: demo, uid: u-1}
            spec: {image: "registry.example/shop:8"}
            """, App.class);

    /** Release {@code revision}, Complete, whose mid-hook (with the migration given, or none) ran. */
    private static Release release(long revision, String migration) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata: {name: shop-%d, namespace: demo}
                spec:
                  app: shop
                  revision: %d
                  image: registry.example/shop:%d
                  config: {port: 8080, strategy: {type: Recreate}, hooks: {mid: {command: [migrate], migration: %s}}}
                status: {phase: Complete, steps: [{name: mid-hook, phase: Complete}]}
                """.formatted(revision, revision, revision, migration), Release.class);
    }

    private static final List<Release> HISTORY = List.of(release(5, "null"),
            release(6, "{reversible: true, down: [migrate, down]}"), release(7, "{reversible: false}"));

    @Test
    void aRollbackAcrossAnIrreversibleMigrationIsRefusedNamingTheTargetAndTheRelease() {
        assertThat(ReleaseRequests.rollbackRefusal(HISTORY, 5, false))
                .hasValueSatisfying(m -> assertThat(m).contains("revision 5", "shop-7").doesNotContain("shop-6"));
        assertThat(ReleaseRequests.rollbackRefusal(HISTORY, 5, true)).isEmpty();
        assertThat(ReleaseRequests.rollbackRefusal(HISTORY, 6, false)).isPresent();
        assertThat(ReleaseRequests.rollbackRefusal(HISTORY.subList(0, 2), 5, false)).isEmpty();
    }

    @Test
    void aForcedRollbackSaysSoInItsSpec() {
        Release rollback = ReleaseRequests.forced(ReleaseRequests.desired(APP, 8, null, null, HISTORY.get(0), ALICE,
                Map.of()), true);
        Release plain = ReleaseRequests.forced(ReleaseRequests.desired(APP, 8, null, null, HISTORY.get(0), ALICE,
                Map.of()), false);

        assertThat(rollback.getSpec().getForce()).isTrue();
        assertThat(plain.getSpec().getForce()).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePlanShowsTheDownCommandsItWouldRunAndTheMigrationsInItsWay() {
        Release target = HISTORY.get(0);
        Map<String, Object> blocked = ReleasePlan.of(APP, HISTORY, ReleaseRequests.desired(APP, 8, null, null, target,
                ALICE, Map.of()), target, name -> Optional.empty());
        Map<String, Object> forced = ReleasePlan.of(APP, HISTORY, ReleaseRequests.forced(ReleaseRequests.desired(APP, 8,
                null, null, target, ALICE, Map.of()), true), target, name -> Optional.empty());

        assertThat(blocked.get("migrations")).isEqualTo(Map.of("undoes", List.of("shop-6"), "blockedBy", List.of("shop-7"),
                "force", false));
        assertThat((List<String>) blocked.get("problems")).singleElement().asString().contains("shop-7", "revision 5");
        assertThat((List<Map<String, Object>>) forced.get("steps")).first().isEqualTo(Map.of("name", "migrate-down",
                "undoes", "shop-6", "hook", Map.of("command", List.of("migrate", "down"), "failurePolicy", "Abort")));
        assertThat((List<String>) forced.get("problems")).isEmpty();
    }
}
