package dev.slipway.testkit;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.StandardHttpClientBuilder;
import io.fabric8.kubernetes.client.impl.BaseClient;

/**
 * Credentials for unit tests of how Slipway builds its Kubernetes clients: the clients are built,
 * which reads the certificate, and never connect.
 */
public final class TestCredentials {

    /** A self-signed EC certificate and its key, base64 of PEM as a kubeconfig holds them; made for tests only. */
    private static final String PEM_CERTIFICATE = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJtRENDQVQrZ0F3SUJBZ0lVVVA3UFlPWkt5bUh5Wk51RHMz"
            + "cmRCOFpFd2Iwd0NnWUlLb1pJemowRUF3SXcKSVRFZk1CMEdBMVVFQXd3V1kyOXVkSEp2Ykd4bGNpMWpiR2xsYm5R"
            + "dGRHVnpkREFnRncweU5qRXlNREl3TURNMQpNRGxhR0E4eU1USTJNVEV3T0RBd016VXdPVm93SVRFZk1CMEdBMVVF"
            + "QXd3V1kyOXVkSEp2Ykd4bGNpMWpiR2xsCmJuUXRkR1Z6ZERCWk1CTUdCeXFHU000OUFnRUdDQ3FHU000OUF3RUhB"
            + "MElBQkpGR3U2UUdwNm1OOFBsSzFLTmgKNFAwY3ZGa1pxRDRqOGdzSXVWclJjSDBwOFRnYkNGNzlJdlprOFBIS1J4"
            + "amNNaW9WRG1yYzhwYmZ4aFZTc1IrYQovN0NqVXpCUk1CMEdBMVVkRGdRV0JCUmdFdittN0UxbXFrMG1Qc0FhNVpr"
            + "NXVRNU8xakFmQmdOVkhTTUVHREFXCmdCUmdFdittN0UxbXFrMG1Qc0FhNVprNXVRNU8xakFQQmdOVkhSTUJBZjhF"
            + "QlRBREFRSC9NQW9HQ0NxR1NNNDkKQkFNQ0EwY0FNRVFDSUJaeHpFYi9wRnhDdmc3YjRFY1RpbG1aQWl2ZDh3QkMz"
            + "eWthUXlERmpwUG1BaUJxVTFxbwpXeXducjFsRHRobG9URUNobDZ3REZsUkJvNG14TTVEcVozZWF3dz09Ci0tLS0t"
            + "RU5EIENFUlRJRklDQVRFLS0tLS0K";
    private static final String PEM_KEY = "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSU04Z2RSZ29jQ0JxYTNXMXJWV1NwWGE3SHJl"
            + "K2lFbEdUWUlsVVhRSStJZ1ZvQW9HQ0NxR1NNNDkKQXdFSG9VUURRZ0FFa1VhN3BBYW5xWTN3K1VyVW8ySGcvUnk4"
            + "V1Jtb1BpUHlDd2k1V3RGd2ZTbnhPQnNJWHYwaQo5bVR3OGNwSEdOd3lLaFVPYXR6eWx0L0dGVkt4SDVyL3NBPT0K"
            + "LS0tLS1FTkQgRUMgUFJJVkFURSBLRVktLS0tLQo=";
    private static final String SERVER = "https://127.0.0.1:6443";

    private TestCredentials() {
    }

    /** A config with a client certificate and no token. */
    public static Config certificate() {
        return new ConfigBuilder(Config.empty()).withMasterUrl(SERVER).withClientCertData(PEM_CERTIFICATE)
                .withClientKeyData(PEM_KEY).withClientKeyAlgo("EC").build();
    }

    /** A config with a bearer token and no certificate. */
    public static Config token() {
        return new ConfigBuilder(Config.empty()).withMasterUrl(SERVER).withOauthToken("t").build();
    }

    /** The interceptor {@code client} runs under {@code name}, or null. */
    public static Interceptor interceptor(KubernetesClient client, String name) {
        HttpClient.DerivedClientBuilder builder = client.adapt(BaseClient.class).getHttpClient().newBuilder();
        return ((StandardHttpClientBuilder<?, ?, ?>) builder).getInterceptors().get(name);
    }
}
