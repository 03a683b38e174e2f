package dev.slipway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The {@code slipway} command. Errors are one line on standard error; the exit code is 0 on
 * success, 1 when the API refused or a followed release or build did not complete, 2 for bad usage.
 * Room is left for {@code slipway up} (running the control plane locally) as another subcommand.
 */
@Command(name = "slipway", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "slipway 0.1.0",
        description = "Releases, rollbacks and builds of Slipway apps, through the Slipway API server.",
        subcommands = {Commands.Apps.class, Commands.Status.class, Commands.Release.class, Commands.Rollback.class,
                Commands.Approve.class, Commands.Reject.class, Commands.History.class, Commands.Build.class,
                Commands.Logs.class, SelftestCommand.class})
public final class Slipway {

    @Mixin
    final Target target = new Target();

    public static void main(String[] args) {
        // The self-test sends a route's host in the Host header to the ingress address; read once, so set first.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        System.exit(run(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line; for tests and for {@link #main}. */
    public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        Slipway slipway = new Slipway();
        slipway.target.environment(env);
        CommandLine commandLine = new CommandLine(slipway);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = e instanceof CliException ? e.getMessage()
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            cmd.getErr().println("slipway: " + message);
            cmd.getErr().flush();
            return 1;
        });
        return commandLine.execute(args);
    }
}
