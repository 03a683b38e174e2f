package dev.slipway.controller.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * The API server said no to a write, and asking again will get the same answer until a person
 * changes something: validation (422), a bad request such as an admission webhook's denial (400),
 * RBAC, a quota or an admission policy (403), or a conflict that keeps coming (409). These are
 * told on the owning resource; anything else (5xx, 429, a connection error) is the network or a
 * busy server, which the reconciler's own retry and backoff handle.
 *
 * @param code    the HTTP status code
 * @param message the server's message, naming the object it was about when the server said which
 */
public record WriteRefusal(int code, String message) {

    /**
     * A first 409 is the ordinary race of two writers (a stale resourceVersion, a create that met
     * another's); the retry reads again and wins. From this attempt on, it is an apply conflict
     * with another field manager or a name taken by an object that is not ours: not going away.
     */
    static final int CONFLICT_REFUSED_FROM_ATTEMPT = 2;

    /** {@code attempt}: 1 for the first failure of a reconciliation, 2 for its first retry, ... */
    public static Optional<WriteRefusal> of(Throwable failure, int attempt) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException e) {
                return refused(e.getCode(), attempt) ? Optional.of(new WriteRefusal(e.getCode(), message(e)))
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean refused(int code, int attempt) {
        return switch (code) {
            case 400, 403, 422 -> true;
            case 409 -> attempt >= CONFLICT_REFUSED_FROM_ATTEMPT;
            default -> false;
        };
    }

    private static String message(KubernetesClientException e) {
        Status status = e.getStatus();
        String said = status != null && status.getMessage() != null && !status.getMessage().isBlank()
                ? status.getMessage() : e.getMessage();
        StatusDetails details = status == null ? null : status.getDetails();
        String name = details != null && details.getName() != null ? details.getName() : e.getName();
        if (name == null || said.contains(name)) {
            return said;
        }
        String kind = details != null && details.getKind() != null ? details.getKind() : e.getFullResourceName();
        return (kind == null ? name : kind + " " + name) + ": " + said;
    }

    /** The text of a condition or Event: who refused, why, in the server's words. */
    public String describe() {
        return "the API server refused a write (HTTP " + code + "): " + message;
    }
}
