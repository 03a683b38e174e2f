package dev.slipway.controller.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RouteConditionsTest {

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
        List<Condition> old = List.of();
        if (s.before() != null) {
            Condition c = RouteConditions.condition(RouteConditions.READY, s.before(), "Before", "before", 1L);
            c.setLastTransitionTime(BEFORE.toString());
            old = List.of(c);
        }

        List<Condition> merged = RouteConditions.merge(old,
                List.of(RouteConditions.condition(RouteConditions.READY, s.now(), "Now", "now", 2L)), NOW);

        assertThat(merged).singleElement().satisfies(c -> {
            assertThat(c.getLastTransitionTime()).isEqualTo(s.transitionTime());
            assertThat(c.getReason()).isEqualTo("Now");
            assertThat(c.getObservedGeneration()).isEqualTo(2L);
        });
    }

    record ReadyScenario(String name, List<Problem> problems, boolean ready, String reason, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ReadyScenario> readyScenarios() {
        return Stream.of(
                new ReadyScenario("no problem", List.of(), true, "IngressApplied", "served"),
                new ReadyScenario("the first problem's reason, every message", List.of(
                        Problem.pending(RouteConditions.REASON_TLS_SECRET_NOT_FOUND, "No secret."),
                        Problem.blocking(RouteConditions.REASON_WEIGHTS_NOT_SUPPORTED, "No weights.")), false,
                        RouteConditions.REASON_TLS_SECRET_NOT_FOUND, "No secret. No weights."));
    }

    @ParameterizedTest
    @MethodSource("readyScenarios")
    void readyTellsEveryProblem(ReadyScenario s) {
        Condition ready = RouteConditions.ready(s.problems(), "IngressApplied", "served", 3L);

        assertThat(ready.getStatus().name()).isEqualTo(s.ready() ? "True" : "False");
        assertThat(ready.getReason()).isEqualTo(s.reason());
        assertThat(ready.getMessage()).isEqualTo(s.message());
    }
}
