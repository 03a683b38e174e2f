package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Which host and path, to which backends, with which TLS. */
@JsonClassDescription("Which host and path route to which Services, with which TLS.")
public class RouteSpec {

    @Size(max = 253)
    @Pattern(Names.HOST)
    @JsonPropertyDescription("Host name. Omitted: <route>-<namespace>.<apps domain of the installation>.")
    private String host;

    @Pattern(Names.HTTP_PATH)
    @Default("/")
    @JsonPropertyDescription("Path prefix. Defaults to /.")
    private String path;

    @Required
    @JsonPropertyDescription("The main backend.")
    private RouteBackend to;

    @Size(max = 3)
    @JsonPropertyDescription("Further backends sharing the traffic by weight, for blue-green and A/B releases"
            + " (Gateway API only).")
    private List<RouteBackend> alternateBackends;

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

    public RouteBackend getTo() {
        return to;
    }

    public void setTo(RouteBackend to) {
        this.to = to;
    }

    public List<RouteBackend> getAlternateBackends() {
        return alternateBackends;
    }

    public void setAlternateBackends(List<RouteBackend> alternateBackends) {
        this.alternateBackends = alternateBackends;
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
