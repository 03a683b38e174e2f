package dev.slipway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop load with wrk (Debian's {@code wrk}): a fixed number of keep-alive HTTP/1.1
 * connections, each sending its next request when the last answer arrived, for a fixed time. It
 * runs as a process of its own in C, so generating the load costs far less CPU than the servers
 * under test spend answering it, on a machine where both share two cores.
 */
final class Wrk {

    /**
     * What one run reported.
     *
     * @param requests  responses received
     * @param seconds   how long the run took
     * @param non2xx    responses with a status other than 2xx or 3xx
     * @param errors    socket errors: connect, read, write and timeouts
     * @param p50Ms     median latency
     * @param p99Ms     99th percentile latency
     */
    record Result(long requests, double seconds, long non2xx, long errors, double p50Ms, double p99Ms) {

        /** Successful responses per second. */
        double perSecond() {
            return (requests - non2xx) / seconds;
        }
    }

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([0-9.]+)(us|ms|s|m|h),");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private final Path script;
    private final int threads;
    private final int connections;

    /**
     * @param dir   where the run's Lua script goes; it carries the token, so only its owner may read it
     *              (a token on wrk's command line would show in every process listing)
     * @param token bearer token sent with every request
     */
    Wrk(Path dir, String token, int threads, int connections) throws IOException {
        this.threads = threads;
        this.connections = connections;
        this.script = dir.resolve("wrk-headers.lua");
        Files.deleteIfExists(script);
        Files.createFile(script, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(script, "wrk.headers[\"Authorization\"] = \"Bearer " + token + "\"\n");
    }

    Result run(String url, Duration duration) throws IOException, InterruptedException {
        String out = BenchCluster.run(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--timeout", "10s", "--latency", "-s", script.toString(), url));
        Matcher requests = find(REQUESTS, out);
        Matcher non2xx = NON_2XX.matcher(out);
        Matcher errors = SOCKET_ERRORS.matcher(out);
        long errorCount = 0;
        if (errors.find()) {
            for (int group = 1; group <= 4; group++) {
                errorCount += Long.parseLong(errors.group(group));
            }
        }
        return new Result(Long.parseLong(requests.group(1)),
                millis(requests.group(2), requests.group(3)) / 1000,
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
                errorCount,
                percentile(out, 50), percentile(out, 99));
    }

    /** A line of wrk's latency distribution, e.g. {@code "     99%   12.34ms"}. */
    private static double percentile(String out, int percentile) {
        Matcher line = find(Pattern.compile(
                "^\\s+" + percentile + "%\\s+([0-9.]+)(us|ms|s|m|h)\\s*$", Pattern.MULTILINE), out);
        return millis(line.group(1), line.group(2));
    }

    private static Matcher find(Pattern pattern, String out) {
        Matcher matcher = pattern.matcher(out);
        if (!matcher.find()) {
            throw new IllegalStateException("wrk printed no " + pattern + ":\n" + out);
        }
        return matcher;
    }

    private static double millis(String value, String unit) {
        double number = Double.parseDouble(value);
        return switch (unit) {
            case "us" -> number / 1000;
            case "ms" -> number;
            case "s" -> number * 1000;
            case "m" -> number * 60_000;
            case "h" -> number * 3_600_000;
            default -> throw new IllegalStateException("unknown wrk time unit " + unit);
        };
    }
}
