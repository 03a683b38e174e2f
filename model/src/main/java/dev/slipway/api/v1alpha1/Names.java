package dev.slipway.api.v1alpha1;

/** Patterns shared by the schemas of several kinds. */
public final class Names {

    /**
     * An RFC 1035 label, as Kubernetes requires for Service names. App names become Service,
     * Deployment and (with a suffix) Job names, so they follow it too.
     */
    public static final String DNS_LABEL = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

    /** A DNS subdomain host name, optionally with a leading wildcard label. */
    public static final String HOST =
            "^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** An absolute HTTP path. */
    public static final String HTTP_PATH = "^/[^\\s]*$";

    /**
     * The longest App name: the name of a hook Job ({@code <app>-<revision>-<step>-<attempt>})
     * must still fit the 63 characters of a label value.
     */
    public static final int MAX_APP_NAME = 40;

    private Names() {
    }
}
