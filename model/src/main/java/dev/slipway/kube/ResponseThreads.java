package dev.slipway.kube;

/**
 * Keeps the JDK's HTTP client, under the Kubernetes client, from starting a thread per response.
 * It completes every response on CompletableFuture's default executor, which starts a new thread
 * for each task when the common ForkJoinPool has fewer than two threads, as it has on a machine
 * with two cores: a thread started and ended for every request a process sends, tens a second
 * when busy, each one a wait for the scheduler on the way back to the code that asked.
 */
public final class ResponseThreads {

    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private ResponseThreads() {
    }

    /**
     * Gives the common pool at least two threads, so that CompletableFuture uses it. Call it first
     * in a process's main class, before anything uses CompletableFuture (which reads the setting
     * once); a value given on the command line wins.
     */
    public static void reuse() {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
    }
}
