package dev.slipway.cli.selftest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slipway.cli.selftest.CheckResult.Outcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The self-test's output: for a person, one line per check as soon as it ends, then a summary;
 * with JSON, one document at the end (the same facts, for scripts and benchmarks).
 */
final class SelftestReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final boolean json;
    private final List<CheckResult> results = new ArrayList<>();

    SelftestReport(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    void add(CheckResult result) {
        results.add(result);
        if (!json) {
            out.printf("%-4s %-15s %6.1f s  %s%n", result.outcome(), result.capability(), result.seconds(),
                    result.detail());
            out.flush();
        }
    }

    boolean passed(String capability) {
        return results.stream().anyMatch(r -> r.capability().equals(capability) && r.outcome() == Outcome.PASS);
    }

    boolean anyFailed() {
        return count(Outcome.FAIL) > 0;
    }

    /** Prints the summary (or the JSON document) and answers the exit code: 0 only when nothing failed. */
    int finish(String namespace, String cleanup, double seconds) {
        long passed = count(Outcome.PASS);
        long failed = count(Outcome.FAIL);
        long skipped = count(Outcome.SKIP);
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("passed", passed);
            document.put("failed", failed);
            document.put("skipped", skipped);
            document.put("seconds", Math.round(seconds * 10) / 10.0);
            document.put("namespace", namespace);
            document.put("cleanup", cleanup);
            document.put("checks", results);
            try {
                out.println(JSON.writeValueAsString(document));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the report cannot be written as JSON", e);
            }
        } else {
            out.printf("selftest: %d passed, %d failed, %d skipped in %.1f s; namespace %s %s%n",
                    passed, failed, skipped, seconds, namespace, cleanup);
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private long count(Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }
}
