package dev.slipway.controller.route;

import dev.slipway.api.v1alpha1.Route;
import dev.slipway.api.v1alpha1.TlsConfig;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;

/**
 * Whether the Secret a route's TLS names can serve: it exists and holds a certificate and key.
 * A missing or unusable Secret does not stop the Ingress (the controller picks the Secret up when
 * it appears) but keeps Ready False until it can serve.
 */
public final class TlsSecrets {

    static final String TLS_TYPE = "kubernetes.io/tls";

    private TlsSecrets() {
    }

    /** The Secret name to read, or null when the route names none. */
    public static String secretName(Route route) {
        TlsConfig tls = route.getSpec().getTls();
        return tls == null ? null : tls.getSecretName();
    }

    /** Why {@code secret} (null: not found) can't serve the route's TLS, or null when it can or none is named. */
    public static Problem check(Route route, Secret secret) {
        String name = secretName(route);
        if (name == null) {
            return null;
        }
        if (secret == null) {
            return Problem.pending(RouteConditions.REASON_TLS_SECRET_NOT_FOUND, "TLS Secret " + name
                    + " does not exist in namespace " + route.getMetadata().getNamespace()
                    + "; create a kubernetes.io/tls Secret with tls.crt and tls.key.");
        }
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        if (!TLS_TYPE.equals(secret.getType()) || !data.containsKey("tls.crt") || !data.containsKey("tls.key")) {
            return Problem.pending(RouteConditions.REASON_TLS_SECRET_INVALID, "TLS Secret " + name + " is of type "
                    + secret.getType() + " with keys " + data.keySet().stream().sorted().toList()
                    + "; it must be a kubernetes.io/tls Secret with tls.crt and tls.key.");
        }
        return null;
    }
}
