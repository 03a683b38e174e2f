package dev.slipway.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;

/**
 * fabric8's token refresh, left out of the clients of Slipway's processes (controller, API server,
 * command line) when they authenticate with a client certificate and no token: a kubeconfig of kind,
 * minikube, kubeadm's admin, the local cluster's.
 *
 * <p>fabric8 re-reads the kubeconfig once a minute to pick up a new token, and marks the refresh done
 * only when it found one, so without a token it read and parsed the YAML file again before every
 * request once the first minute was over (the largest single cost in a profile of the controller
 * during the release benchmark's rollouts). A certificate is not refreshed by it anyway: the TLS
 * set-up of the HTTP client is made once.
 */
public final class TokenRefresh {

    private TokenRefresh() {
    }

    /** Replaces the token refresh of {@code builder} with nothing when {@code config} has a client certificate alone. */
    public static void leaveOutForCertificates(HttpClient.Builder builder, Config config) {
        if (certificateOnly(config)) {
            builder.addOrReplaceInterceptor(TokenRefreshInterceptor.NAME, new Interceptor() { });
        }
    }

    /** Whether {@code config} authenticates with a client certificate alone: no token, password or provider of either. */
    public static boolean certificateOnly(Config config) {
        boolean certificate = config.getClientCertData() != null || config.getClientCertFile() != null;
        return certificate && config.getOauthToken() == null && config.getAutoOAuthToken() == null
                && config.getOauthTokenProvider() == null && config.getAuthProvider() == null
                && config.getUsername() == null && config.getPassword() == null;
    }
}
