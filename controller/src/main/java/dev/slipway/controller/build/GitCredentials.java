package dev.slipway.controller.build;

import dev.slipway.api.v1alpha1.GitSource;
import dev.slipway.api.v1alpha1.SecretReference;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the credentials Secret of a build's repository can be used for its URL, checked before
 * the build's Job is made: a pod that mounts a Secret that is not there waits without end, and a
 * Secret of the wrong kind would fail in the clone step with a less clear message. Only the keys
 * are looked at, never the values.
 */
public final class GitCredentials {

    /** The keys of Kubernetes' {@code kubernetes.io/ssh-auth} and {@code kubernetes.io/basic-auth} Secrets that clone.sh reads. */
    static final String SSH_PRIVATE_KEY = "ssh-privatekey";
    static final String KNOWN_HOSTS = "known_hosts";
    static final String PASSWORD = "password";

    private GitCredentials() {
    }

    /** What is wrong, as the Build's failure message; empty when the Secret fits or none is named. */
    public static Optional<String> problem(GitSource git, Secret secret) {
        SecretReference named = git.getCredentialsSecret();
        if (named == null) {
            return Optional.empty();
        }
        String field = "spec.source.git.credentialsSecret: ";
        if (secret == null) {
            return Optional.of(field + "Secret " + named.getName() + " does not exist");
        }
        String url = git.getUrl();
        if (url.startsWith("https://") || url.startsWith("http://")) {
            return has(secret, PASSWORD) ? Optional.empty()
                    : Optional.of(field + "Secret " + named.getName() + " has no key password: an https URL takes a"
                            + " kubernetes.io/basic-auth Secret with password (a token) and, if the host wants one, username");
        }
        if (url.startsWith("ssh://") || !url.contains("://")) {
            if (!has(secret, SSH_PRIVATE_KEY)) {
                return Optional.of(field + "Secret " + named.getName() + " has no key ssh-privatekey: an ssh URL takes"
                        + " a kubernetes.io/ssh-auth Secret with ssh-privatekey and known_hosts");
            }
            return has(secret, KNOWN_HOSTS) ? Optional.empty()
                    : Optional.of(field + "Secret " + named.getName() + " has no key known_hosts: the server's host key"
                            + " is always checked; add its line, as ssh-keyscan prints it");
        }
        return Optional.of(field + "a " + url.substring(0, url.indexOf("://")) + ":// URL takes no credentials");
    }

    private static boolean has(Secret secret, String key) {
        return present(secret.getData(), key) || present(secret.getStringData(), key);
    }

    private static boolean present(Map<String, String> data, String key) {
        return data != null && data.get(key) != null && !data.get(key).isEmpty();
    }
}
