package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which releases a rollback crosses: those above its target up to the serving one whose migration ran and stands. */
class MigrationsTest {

    static final String REVERSIBLE = "{mid: {command: [migrate], migration: {reversible: true, down: [migrate, down]}}}";
    static final String IRREVERSIBLE = "{pre: {command: [migrate], migration: {reversible: false}}}";
    static final String PLAIN = "{mid: {command: [migrate]}}";

    /** Release {@code revision} of shop in {@code phase}, with the hooks and steps given. */
    static Release release(long revision, String phase, String hooks, String steps) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata: {name: shop-%d, namespace: demo}
                spec: {app: shop, revision: %d, image: "shop:%d", config: {port: 8080, hooks: %s}}
                status: {phase: %s, steps: %s}
                """.formatted(revision, revision, revision, hooks, phase, steps), Release.class);
    }

    static final String MID_RAN = "[{name: mid-hook, phase: Complete}, {name: rollout, phase: Complete}]";
    static final String PRE_RAN = "[{name: pre-hook, phase: Complete}, {name: rollout, phase: Complete}]";

    @Test
    void aRollbackCrossesTheMigrationsThatRanAboveItsTargetUpToTheServingReleaseNewestFirst() {
        List<Release> releases = List.of(
                release(4, "Complete", REVERSIBLE, MID_RAN),
                release(5, "Complete", REVERSIBLE, MID_RAN),
                release(6, "Complete", PLAIN, MID_RAN),
                release(7, "RolledBack", REVERSIBLE, "[{name: mid-hook, phase: Failed}]"),
                release(8, "Complete", IRREVERSIBLE, PRE_RAN),
                release(9, "Failed", REVERSIBLE, MID_RAN));

        assertThat(Migrations.crossed(releases, 4)).extracting(r -> r.getMetadata().getName())
                .containsExactly("shop-8", "shop-5");
        assertThat(Migrations.irreversible(Migrations.crossed(releases, 4))).extracting(r -> r.getMetadata().getName())
                .containsExactly("shop-8");
        assertThat(Migrations.reversibleOnly(Migrations.crossed(releases, 4))).extracting(r -> r.getMetadata().getName())
                .containsExactly("shop-5");
        assertThat(Migrations.crossed(releases, 8)).isEmpty();
    }

    @Test
    void aMigrationUndoneByAnEarlierRollbackIsNotCrossedAgain() {
        List<Release> releases = List.of(
                release(5, "Complete", PLAIN, MID_RAN),
                release(6, "Complete", REVERSIBLE, MID_RAN),
                release(7, "Complete", PLAIN, "[{name: migrate-down, phase: Complete, undoes: 6},"
                        + " {name: mid-hook, phase: Complete}]"));

        assertThat(Migrations.crossed(releases, 5)).isEmpty();
    }

    @Test
    void aReleaseThatUndidItsOwnMigrationIsNotCrossed() {
        List<Release> releases = List.of(
                release(5, "Complete", PLAIN, MID_RAN),
                release(6, "Complete", PLAIN, MID_RAN),
                release(7, "RolledBack", REVERSIBLE, "[{name: mid-hook, phase: Complete}, {name: rollout, phase: Failed},"
                        + " {name: migrate-down, phase: Complete, undoes: 7}]"));

        assertThat(Migrations.crossed(releases, 5)).isEmpty();
    }

    @Test
    void theRefusalNamesTheTargetAndTheBlockingRelease() {
        Release blocking = release(8, "Complete", IRREVERSIBLE, PRE_RAN);

        assertThat(Migrations.refusal(4, List.of(blocking))).contains("revision 4", "shop-8", "force");
        assertThat(Migrations.down(blocking.getSpec().getConfig())).isEmpty();
        assertThat(Migrations.down(release(5, "Complete", REVERSIBLE, MID_RAN).getSpec().getConfig()))
                .containsExactly("migrate", "down");
    }
}
