package dev.slipway.controller.route;

import dev.slipway.api.v1alpha1.ConditionTypes;
import dev.slipway.controller.status.ConditionValue;
import java.util.List;
import java.util.Set;

/**
 * The conditions of a Route's status and their CamelCase reasons in one place; they are merged
 * into the status as every kind's are, by {@link dev.slipway.controller.status.Conditions}.
 */
public final class RouteConditions {

    public static final String REASON_ADMITTED = "HostAdmitted";
    public static final String REASON_HOST_ALREADY_CLAIMED = "HostAlreadyClaimed";
    public static final String REASON_INVALID_HOST = "InvalidHost";

    public static final String REASON_INGRESS_READY = "IngressApplied";
    public static final String REASON_HTTP_ROUTE_READY = "HTTPRouteApplied";
    public static final String REASON_TLS_ROUTE_READY = "TLSRouteApplied";
    public static final String REASON_NOT_ADMITTED = "NotAdmitted";
    public static final String REASON_TLS_SECRET_NOT_FOUND = "TLSSecretNotFound";
    public static final String REASON_TLS_SECRET_INVALID = "TLSSecretInvalid";
    public static final String REASON_WEIGHTS_NOT_SUPPORTED = "WeightsNotSupported";
    public static final String REASON_PASSTHROUGH_NOT_SUPPORTED = "PassthroughNotSupported";
    public static final String REASON_REENCRYPT_NOT_SUPPORTED = "ReencryptNotSupported";
    public static final String REASON_INSECURE_POLICY_NOT_SUPPORTED = "InsecurePolicyNotSupported";
    public static final String REASON_GATEWAY_API_NOT_INSTALLED = "GatewayAPINotInstalled";
    public static final String REASON_GATEWAY_NOT_CONFIGURED = "GatewayNotConfigured";
    public static final String REASON_GATEWAY_NOT_FOUND = "GatewayNotFound";
    public static final String REASON_NO_HTTPS_LISTENER = "NoHTTPSListener";
    public static final String REASON_NO_PASSTHROUGH_LISTENER = "NoTLSPassthroughListener";
    public static final String REASON_SERVICE_NOT_FOUND = "ServiceNotFound";
    public static final String REASON_SERVICE_PORT_AMBIGUOUS = "ServicePortAmbiguous";
    public static final String REASON_NAME_CONFLICT = "NameConflict";

    /**
     * Reasons that end when something outside the route appears, changes or goes (a Secret, a Service,
     * a Gateway, the Gateway API CRDs, an object in the way), which the reconciler does not watch, so it
     * looks again. Secrets above all are not watched: that would cache every Secret of the watched
     * namespaces to notice the few that routes name.
     */
    private static final Set<String> WAITING = Set.of(REASON_TLS_SECRET_NOT_FOUND, REASON_TLS_SECRET_INVALID,
            REASON_SERVICE_NOT_FOUND, REASON_SERVICE_PORT_AMBIGUOUS, REASON_GATEWAY_API_NOT_INSTALLED,
            REASON_GATEWAY_NOT_FOUND, REASON_NO_HTTPS_LISTENER, REASON_NO_PASSTHROUGH_LISTENER,
            REASON_NAME_CONFLICT);

    private RouteConditions() {
    }

    /** Whether a problem of this reason may end without the route changing. */
    public static boolean waitsForOthers(String reason) {
        return WAITING.contains(reason);
    }

    /** Ready from the problems found: True with {@code readyMessage} when none, else the first one's reason and every message. */
    public static ConditionValue ready(List<Problem> problems, String readyReason, String readyMessage) {
        if (problems.isEmpty()) {
            return new ConditionValue(ConditionTypes.READY, true, readyReason, readyMessage);
        }
        String message = String.join(" ", problems.stream().map(Problem::message).toList());
        return new ConditionValue(ConditionTypes.READY, false, problems.get(0).reason(), message);
    }
}
