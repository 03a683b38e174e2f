package dev.slipway.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * In a JVM of its own that sees two cores, as the machines of the benchmarks are: CompletableFuture
 * decides its default executor once, when first used.
 */
class ResponseThreadsTest {

    /** Prints the default executor of CompletableFuture in a fresh JVM, after {@code reuse()} if asked. */
    public static final class Probe {
        public static void main(String[] args) {
            if (args.length > 0) {
                ResponseThreads.reuse();
            }
            System.out.print(new CompletableFuture<Void>().defaultExecutor() instanceof ForkJoinPool
                    ? "common pool" : "a thread per task");
        }
    }

    @Test
    void onTwoCoresTheDefaultExecutorStartsAThreadPerTaskUnlessReused() throws Exception {
        assertThat(probe(false)).isEqualTo("a thread per task");
        assertThat(probe(true)).isEqualTo("common pool");
    }

    @Test
    void aParallelismGivenOnTheCommandLineWins() throws Exception {
        assertThat(probe(true, "-D" + ResponseThreads.COMMON_POOL_PARALLELISM + "=1")).isEqualTo("a thread per task");
    }

    private static String probe(boolean reuse, String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:ActiveProcessorCount=2"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        if (reuse) {
            command.add("reuse");
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("the probe's exit").isZero();
        return out;
    }
}
