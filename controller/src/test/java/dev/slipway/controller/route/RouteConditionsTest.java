package dev.slipway.controller.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.controller.status.ConditionValue;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RouteConditionsTest {

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
        ConditionValue ready = RouteConditions.ready(s.problems(), "IngressApplied", "served");

        assertThat(ready.status()).isEqualTo(s.ready());
        assertThat(ready.reason()).isEqualTo(s.reason());
        assertThat(ready.message()).isEqualTo(s.message());
    }
}
