package dev.slipway.controller.status;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Status is collected during a pass and written once, only when it changed: an idle resource costs
 * no write. The patch carries only name, namespace and status, so server-side apply of the status
 * claims nothing else.
 */
public final class StatusPatch {

    private StatusPatch() {
    }

    public static <S, R extends CustomResource<?, S>> UpdateControl<R> ifChanged(R resource, S status, Supplier<R> empty) {
        return changed(resource, status) ? UpdateControl.patchStatus(fresh(resource, status, empty))
                : UpdateControl.noUpdate();
    }

    /** The same for a pass that failed: the SDK's retry and backoff go on either way. */
    public static <S, R extends CustomResource<?, S>> ErrorStatusUpdateControl<R> ifChangedOnError(R resource, S status,
            Supplier<R> empty) {
        return changed(resource, status) ? ErrorStatusUpdateControl.patchStatus(fresh(resource, status, empty))
                : ErrorStatusUpdateControl.noStatusUpdate();
    }

    public static <S, R extends CustomResource<?, S>> boolean changed(R resource, S status) {
        return !Objects.equals(Serialization.asJson(resource.getStatus()), Serialization.asJson(status));
    }

    private static <S, R extends CustomResource<?, S>> R fresh(R resource, S status, Supplier<R> empty) {
        R fresh = empty.get();
        fresh.getMetadata().setName(resource.getMetadata().getName());
        fresh.getMetadata().setNamespace(resource.getMetadata().getNamespace());
        fresh.setStatus(status);
        return fresh;
    }
}
