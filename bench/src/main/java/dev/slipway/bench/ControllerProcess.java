package dev.slipway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The controller as users run it ({@code java -XX:SharedArchiveFile=controller/target/slipway-controller.jsa
 * -jar controller/target/slipway-controller.jar}, with the class-data-sharing archive its build makes),
 * in a JVM of its own.
 */
final class ControllerProcess extends SlipwayProcess {

    private static final Pattern WRITE = Pattern.compile(
            "^slipway_kube_requests_total\\{method=\"(POST|PUT|PATCH|DELETE)\",resource=\"([^\"]*)\"} ([0-9.eE+]+)$",
            Pattern.MULTILINE);
    private static final Pattern RECONCILE = Pattern.compile(
            "^operator_sdk_reconciliations_started_total\\{.*kind=\"([^\"]+)\".*} ([0-9.eE+]+)$", Pattern.MULTILINE);

    ControllerProcess(Path root, Path kubeconfig, String namespace, int port, Path log) throws IOException,
            InterruptedException {
        this(root, kubeconfig, namespace, port, log, Map.of("SLIPWAY_LEADER_ELECTION", "false"), true);
    }

    /**
     * With {@code settings} (environment variables of docs/operations.md) added; {@code awaitHealthy}
     * false returns as soon as the JVM is started.
     */
    ControllerProcess(Path root, Path kubeconfig, String namespace, int port, Path log, Map<String, String> settings,
            boolean awaitHealthy) throws IOException, InterruptedException {
        this(root, kubeconfig, namespace, port, log, settings, awaitHealthy, true);
    }

    /** As above; {@code classDataSharing} false starts it without its archive, as a baseline. */
    ControllerProcess(Path root, Path kubeconfig, String namespace, int port, Path log, Map<String, String> settings,
            boolean awaitHealthy, boolean classDataSharing) throws IOException, InterruptedException {
        super(root.resolve("controller/target/slipway-controller.jar"), classDataSharing
                ? List.of("-XX:SharedArchiveFile=" + root.resolve("controller/target/slipway-controller.jsa"))
                : List.of(), environment(kubeconfig, namespace, port, settings), port,
                awaitHealthy ? "/healthz" : null, log);
    }

    private static Map<String, String> environment(Path kubeconfig, String namespace, int port,
            Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("SLIPWAY_NAMESPACES", namespace);
        env.put("SLIPWAY_METRICS_PORT", Integer.toString(port));
        return env;
    }

    /** Create, update, patch and delete requests the controller has sent since it started. */
    long writes() throws IOException, InterruptedException {
        return total(writesByRequest());
    }

    /** As {@link #writes()}, by "METHOD resource[/subresource]": one read of the metrics. */
    Map<String, Long> writesByRequest() throws IOException, InterruptedException {
        return counts(WRITE);
    }

    /** Passes of the controller's reconcilers since it started, by the kind they reconcile. */
    Map<String, Long> reconcilesByKind() throws IOException, InterruptedException {
        return counts(RECONCILE);
    }

    /** Sums of the series {@code pattern} matches, by its groups but the last (the value). */
    private Map<String, Long> counts(Pattern pattern) throws IOException, InterruptedException {
        Map<String, Long> counts = new TreeMap<>();
        Matcher line = pattern.matcher(metrics());
        while (line.find()) {
            StringBuilder key = new StringBuilder(line.group(1));
            for (int group = 2; group < line.groupCount(); group++) {
                key.append(' ').append(line.group(group));
            }
            counts.merge(key.toString(), (long) Double.parseDouble(line.group(line.groupCount())), Long::sum);
        }
        return counts;
    }

    /** The sum of a {@link #writesByRequest()} reading. */
    static long total(Map<String, Long> byRequest) {
        return byRequest.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The counts between two readings ({@link #writesByRequest()}, {@link #reconcilesByKind()}), per App of {@code apps}. */
    static Map<String, Double> perApp(Map<String, Long> before, Map<String, Long> after, int apps) {
        Map<String, Double> perApp = new TreeMap<>();
        after.forEach((request, count) -> perApp.put(request,
                Bench.round((double) (count - before.getOrDefault(request, 0L)) / apps)));
        return perApp;
    }
}
