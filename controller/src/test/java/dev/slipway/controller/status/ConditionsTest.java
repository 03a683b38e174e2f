package dev.slipway.controller.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one condition merge every kind's status goes through. */
class ConditionsTest {

    private static final Instant BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00.250Z");

    record Scenario(String name, Boolean before, boolean now, String transitionTime) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("a new condition is stamped now, to the second", null, true, "2026-01-01T01:00:00Z"),
                new Scenario("an unchanged status keeps its time", true, true, "2026-01-01T00:00:00Z"),
                new Scenario("a flipped status is stamped now", true, false, "2026-01-01T01:00:00Z"));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void lastTransitionTimeMovesOnlyWhenTheStatusFlips(Scenario s) {
        List<Condition> old = s.before() == null ? List.of()
                : Conditions.set(List.of(), new ConditionValue("Ready", s.before(), "Before", "before"), 1L, BEFORE);

        List<Condition> merged = Conditions.set(old, new ConditionValue("Ready", s.now(), "Now", "now"), 2L, NOW);

        assertThat(merged).singleElement().satisfies(c -> {
            assertThat(c.getLastTransitionTime()).isEqualTo(s.transitionTime());
            assertThat(c.getReason()).isEqualTo("Now");
            assertThat(c.getObservedGeneration()).isEqualTo(2L);
        });
    }

    @Test
    void otherConditionsKeepTheirPlaceAndTime() {
        List<Condition> old = Conditions.set(Conditions.set(List.of(),
                new ConditionValue("Admitted", true, "HostAdmitted", "yours"), 1L, BEFORE),
                new ConditionValue("Ready", true, "IngressApplied", "served"), 1L, BEFORE);

        List<Condition> merged = Conditions.set(old, new ConditionValue("Ready", false, "ServiceNotFound", "gone"), 2L,
                NOW);

        assertThat(merged).extracting(Condition::getType).containsExactly("Admitted", "Ready");
        assertThat(merged.get(0)).isSameAs(old.get(0));
    }

    @Test
    void changedNamesTheNewAndTheAlteredOnly() {
        List<Condition> before = Conditions.set(Conditions.set(List.of(),
                new ConditionValue("Admitted", true, "HostAdmitted", "yours"), 1L, BEFORE),
                new ConditionValue("Ready", true, "IngressApplied", "served"), 1L, BEFORE);
        List<Condition> sameWordsLater = Conditions.set(before,
                new ConditionValue("Admitted", true, "HostAdmitted", "yours"), 2L, NOW);
        List<Condition> newMessage = Conditions.set(before,
                new ConditionValue("Ready", true, "IngressApplied", "served on /api"), 2L, NOW);
        List<Condition> added = Conditions.set(before, new ConditionValue("Degraded", false, "AsExpected", ""), 2L, NOW);

        assertThat(Conditions.changed(before, sameWordsLater)).isEmpty();
        assertThat(Conditions.changed(before, newMessage)).extracting(Condition::getMessage)
                .containsExactly("served on /api");
        assertThat(Conditions.changed(before, added)).extracting(Condition::getType).containsExactly("Degraded");
        assertThat(Conditions.changed(null, before)).hasSize(2);
    }
}
