package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.Condition;
import dev.slipway.api.v1alpha1.ConditionTypes;
import dev.slipway.controller.kube.EventRecorder;
import dev.slipway.controller.kube.WriteRefusal;
import dev.slipway.controller.status.Conditions;
import dev.slipway.controller.status.StatusPatch;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The error-status hook of the App, Build and Route reconcilers: a write the API server refused is
 * told on the resource whose pass made it, as a condition in the server's words and a Warning
 * Event, both only when the condition changed, so retries write nothing more. The condition goes
 * when a pass succeeds: each reconciler sets the same condition type again then.
 */
final class RefusedWrites {

    /**
     * After the SDK's retries run out, a refused resource is tried again this often: the refusal
     * usually ends by a change (a quota raised, a policy fixed) that is no event for the resource.
     */
    static final Duration RECHECK = Duration.ofMinutes(1);

    /**
     * How one kind shows a refusal: its status type, an empty resource for the status patch, its
     * conditions, the condition type and value that say "not as wanted" in its vocabulary, and how
     * it records the generation it observed (a refusal is that generation's outcome, so a client
     * waiting for the status of its change sees it; nothing for a kind without one).
     */
    record Kind<S, R extends CustomResource<?, S>>(Class<S> status, Supplier<R> empty,
            Function<S, List<Condition>> conditions, BiConsumer<S, List<Condition>> setConditions,
            String type, boolean value, BiConsumer<S, Long> observed) {
    }

    private RefusedWrites() {
    }

    /** 1 for the first failure of a reconciliation, then one more per retry. */
    static int attempt(Context<?> context) {
        return context.getRetryInfo().map(RetryInfo::getAttemptCount).orElse(0) + 1;
    }

    static <S, R extends CustomResource<?, S>> ErrorStatusUpdateControl<R> tell(R resource, Context<R> context,
            Exception failure, Kind<S, R> kind, EventRecorder events) {
        Optional<WriteRefusal> refusal = WriteRefusal.of(failure, attempt(context));
        if (refusal.isEmpty()) {
            return ErrorStatusUpdateControl.defaultErrorProcessing();
        }
        String message = refusal.get().describe();
        S status = resource.getStatus() == null ? Serialization.unmarshal("{}", kind.status())
                : Serialization.unmarshal(Serialization.asJson(resource.getStatus()), kind.status());
        List<Condition> before = kind.conditions().apply(status);
        kind.setConditions().accept(status, Conditions.set(before, kind.type(), kind.value(),
                ConditionTypes.REASON_WRITE_REFUSED, message, resource.getMetadata().getGeneration(), Instant.now()));
        kind.observed().accept(status, resource.getMetadata().getGeneration());
        events.transitions(resource, before, kind.conditions().apply(status),
                c -> true);
        return StatusPatch.ifChangedOnError(resource, status, kind.empty()).rescheduleAfter(RECHECK);
    }
}
