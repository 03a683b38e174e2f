package dev.slipway.apiserver.http;

import dev.slipway.api.v1alpha1.Condition;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * Audit lines for what the controller decided on a release's approval with no request to this API:
 * it expired waiting, or it refused a decision written past the API (by the requester, say). Seen
 * as a change in the cache, so each API server replica writes one, and one that happened while no
 * server ran is written by none (its Event on the Release stays). Approvals and rejections asked of
 * the API are in the lines of their requests.
 */
public final class ApprovalAudit {

    private static final String SUCCEEDED = "Succeeded";
    private static final String REFUSED = "ApprovalRefused";

    private ApprovalAudit() {
    }

    /** For {@code ResourceCache.onReleaseChange}. */
    public static void changed(Release before, Release after) {
        if (before == null || phase(before) == phase(after)) {
            return;
        }
        Optional<Condition> succeeded = succeeded(after);
        String event = phase(after) == ReleasePhase.Expired ? "approvalExpired"
                : succeeded.filter(c -> REFUSED.equals(c.getReason())).isPresent() ? "approvalRefused" : null;
        if (event == null) {
            return;
        }
        AuditLog.record(new JsonObject().put("event", event)
                .put("namespace", after.getMetadata().getNamespace())
                .put("app", after.getSpec().getApp())
                .put("release", "releases/" + after.getMetadata().getName())
                .put("message", succeeded.map(Condition::getMessage).orElse(null)));
    }

    private static ReleasePhase phase(Release release) {
        return release.getStatus() == null ? null : release.getStatus().getPhase();
    }

    private static Optional<Condition> succeeded(Release release) {
        List<Condition> conditions = release.getStatus() == null ? null : release.getStatus().getConditions();
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> SUCCEEDED.equals(c.getType())).findFirst();
    }
}
