package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** A host (and path) that routes to the App; Slipway makes a Route of it. */
public class AppRoute {

    @Size(max = 253)
    @Pattern(Names.HOST)
    @JsonPropertyDescription("Host name. Omitted: <app>-<namespace>.<apps domain of the installation>.")
    private String host;

    @Pattern(Names.HTTP_PATH)
    @Default("/")
    @JsonPropertyDescription("Path prefix routed to the app. Defaults to /.")
    private String path;

    @JsonPropertyDescription("TLS for this host.")
    private TlsConfig tls;

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public TlsConfig getTls() {
        return tls;
    }

    public void setTls(TlsConfig tls) {
        this.tls = tls;
    }

    public String pathOrDefault() {
        return path != null ? path : "/";
    }
}
