package dev.slipway.cli;

import dev.slipway.cli.selftest.Selftest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway selftest}: see {@link Selftest}. */
@Command(name = "selftest", description = "Prove that Slipway works on the current kubeconfig's cluster: deploy, "
        + "routes, triggers, rolling and Recreate releases, hooks, rollbacks, access control, events, webhooks, metrics "
        + "and, given a git repository, builds from source. It works in a namespace of its own and removes it after: "
        + "the kubeconfig's user needs what docs/operations.md lists (cluster-admin has it). One line per check; exit 0 "
        + "only when no check failed.")
final class SelftestCommand extends Commands.Base {

    @Option(names = "--git-url", paramLabel = "URL", description = "A git repository of an app that the cluster's build "
            + "pods can clone (for builds and detection; without it they are skipped)")
    String gitUrl;

    @Option(names = "--sample-image", paramLabel = "IMAGE", description = "The image of the sample app (default: "
            + "slipway/sample-app beside the installed API server's image)")
    String sampleImage;

    @Option(names = "--ingress", paramLabel = "HOST:PORT", description = "Where the cluster's ingress answers; the "
            + "route's host goes in the Host header (default: each route's own URL, which this machine must resolve: "
            + "Java does not resolve names under .localhost by itself)")
    String ingress;

    @Option(names = "--test-namespace", paramLabel = "NAME", description = "The namespace to create and remove "
            + "(default: slipway-selftest-<random>); it must not exist")
    String testNamespace;

    @Option(names = "--namespace-annotation", paramLabel = "KEY=VALUE", description = "An annotation of that namespace "
            + "(a node selector, for example); repeatable")
    Map<String, String> annotations = new LinkedHashMap<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300", description = "How long one check may "
            + "take (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--keep-on-failure", description = "Keep the namespace when a check fails, to look at it")
    boolean keep;

    /** The report's form: lines for a person, or one JSON document. */
    enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "${COMPLETION-CANDIDATES}")
    Format output;

    @Override
    public Integer call() {
        String namespace = testNamespace != null ? testNamespace
                : "slipway-selftest-" + Long.toString(new SecureRandom().nextLong() & 0xfffffffL, 36);
        Selftest.Options options = new Selftest.Options(namespace, annotations, sampleImage, gitUrl, ingress,
                Duration.ofSeconds(timeoutSeconds), keep);
        try (KubernetesClient kube = target().kubernetes()) {
            return Selftest.run(kube, target().server(), options, out(), output == Format.json);
        }
    }
}
