package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token the command line sends comes from the kubeconfig as kubectl finds it: a token, a token
 * file, or an exec credential plugin (here a real script the test writes); a user with only a
 * client certificate gets a one-line message saying how to get a token.
 */
class KubeconfigUserTest {

    @TempDir
    Path dir;

    @Test
    void aTokenInTheKubeconfigIsSent() throws IOException {
        assertThat(target(kubeconfig("token: from-kubeconfig")).bearer()).isEqualTo("from-kubeconfig");
    }

    @Test
    void aTokenFileIsReadRelativeToTheKubeconfig() throws IOException {
        Files.writeString(dir.resolve("token"), "from-file\n");

        assertThat(target(kubeconfig("tokenFile: token")).bearer()).isEqualTo("from-file");
    }

    @Test
    void anExecCredentialPluginIsRunWithItsArgumentsAndEnvironment() throws IOException {
        Path plugin = dir.resolve("credential-plugin");
        Files.writeString(plugin, """
                #!/bin/sh
                echo "{\\"apiVersion\\": \\"client.authentication.k8s.io/v1\\", \\"kind\\": \\"ExecCredential\\", \\"status\\": {\\"token\\": \\"$1-$CLUSTER\\"}}"
                """);
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));

        Target target = target(kubeconfig("""
                exec:
                        apiVersion: client.authentication.k8s.io/v1
                        command: ./credential-plugin
                        args: [from-plugin]
                        env: [{name: CLUSTER, value: prod}]
                        interactiveMode: Never"""));

        assertThat(target.bearer()).isEqualTo("from-plugin-prod");
    }

    @Test
    void aClientCertificateAloneGetsAOneLineMessageSayingHowToGetAToken() throws IOException {
        Target target = target(kubeconfig("client-certificate-data: Y2VydA==\n      client-key-data: a2V5"));

        assertThatThrownBy(target::bearer).isInstanceOf(CliException.class)
                .hasMessageContaining("client certificate").hasMessageContaining("kubectl create token")
                .hasMessageNotContaining("\n");
    }

    @Test
    void theTokenOptionAndTheEnvironmentComeBeforeTheKubeconfig() throws IOException {
        Path kubeconfig = kubeconfig("token: from-kubeconfig");
        Target target = new Target();
        target.environment(Map.of("KUBECONFIG", kubeconfig.toString(), "SLIPWAY_TOKEN", "from-env"));
        assertThat(target.bearer()).isEqualTo("from-env");
        target.token = "from-option";
        assertThat(target.bearer()).isEqualTo("from-option");
    }

    private static Target target(Path kubeconfig) {
        Target target = new Target();
        target.environment(Map.of("KUBECONFIG", kubeconfig.toString()));
        return target;
    }

    /** A kubeconfig of one cluster, context and user whose fields are {@code user} (indented six spaces). */
    private Path kubeconfig(String user) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: c
                    cluster: {server: "https://127.0.0.1:6443"}
                contexts:
                  - name: x
                    context: {cluster: c, user: u, namespace: shop}
                current-context: x
                users:
                  - name: u
                    user:
                      %s
                """.formatted(user));
    }
}
