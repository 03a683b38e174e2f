package dev.slipway.controller.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.GitSource;
import dev.slipway.api.v1alpha1.SecretReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitCredentialsTest {

    private static GitSource git(String url, String secret) {
        GitSource git = new GitSource();
        git.setUrl(url);
        if (secret != null) {
            SecretReference named = new SecretReference();
            named.setName(secret);
            git.setCredentialsSecret(named);
        }
        return git;
    }

    private static Secret secret(Map<String, String> data) {
        return new SecretBuilder().withNewMetadata().withName("shop-git").endMetadata().withStringData(data).build();
    }

    @Test
    void aPublicRepositoryNeedsNothing() {
        assertThat(GitCredentials.problem(git("https://git.example.com/shop.git", null), null)).isEmpty();
    }

    @Test
    void aMissingSecretIsNamed() {
        assertThat(GitCredentials.problem(git("https://git.example.com/shop.git", "shop-git"), null))
                .hasValue("spec.source.git.credentialsSecret: Secret shop-git does not exist");
    }

    @Test
    void anHttpsUrlTakesAToken() {
        GitSource https = git("https://git.example.com/shop.git", "shop-git");

        assertThat(GitCredentials.problem(https, secret(Map.of("password", "t0ken")))).isEmpty();
        assertThat(GitCredentials.problem(https, secret(Map.of("ssh-privatekey", "key")))).hasValueSatisfying(p ->
                assertThat(p).startsWith("spec.source.git.credentialsSecret: Secret shop-git has no key password")
                        .contains("kubernetes.io/basic-auth"));
    }

    @Test
    void anSshUrlTakesAKeyAndTheHostsKey() {
        for (String url : new String[] {"ssh://git@git.example.com/shop.git", "git@git.example.com:acme/shop.git"}) {
            GitSource ssh = git(url, "shop-git");
            assertThat(GitCredentials.problem(ssh, secret(Map.of("ssh-privatekey", "key", "known_hosts", "line"))))
                    .isEmpty();
            assertThat(GitCredentials.problem(ssh, secret(Map.of("password", "t0ken"))))
                    .hasValueSatisfying(p -> assertThat(p).contains("has no key ssh-privatekey"));
            assertThat(GitCredentials.problem(ssh, secret(Map.of("ssh-privatekey", "key"))))
                    .hasValueSatisfying(p -> assertThat(p).contains("has no key known_hosts")
                            .contains("host key is always checked"));
        }
    }

    @Test
    void anUnauthenticatedProtocolTakesNone() {
        assertThat(GitCredentials.problem(git("git://git.example.com/shop.git", "shop-git"),
                secret(Map.of("password", "t0ken")))).hasValue(
                "spec.source.git.credentialsSecret: a git:// URL takes no credentials");
    }
}
