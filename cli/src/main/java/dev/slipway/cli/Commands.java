package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** The subcommands of {@code slipway}: each one API call, and for some a live display after it. */
final class Commands {

    private Commands() {
    }

    /** What every subcommand shares: the target of the top command, and standard output. */
    abstract static class Base implements Callable<Integer> {
        @ParentCommand
        Slipway parent;

        @Spec
        CommandSpec spec;

        Target target() {
            return parent.target;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** Prints a header and one row per item, in {@code format}'s columns. */
        void table(String format, List<String> header, JsonNode items, Function<JsonNode, List<String>> row) {
            out().printf(format, header.toArray());
            for (JsonNode item : items) {
                out().printf(format, row.apply(item).toArray());
            }
        }

        /** The app's release of the highest revision: the API lists them newest first. */
        Optional<JsonNode> newestRelease(ApiClient client, String app) {
            JsonNode releases = client.get(target().apps(app) + "/releases").path("items");
            return releases.isEmpty() ? Optional.empty() : Optional.of(releases.get(0));
        }

        static String text(JsonNode node, String... path) {
            JsonNode at = node;
            for (String key : path) {
                at = at.path(key);
            }
            return at.isMissingNode() || at.isNull() ? "-" : at.asText();
        }
    }

    @Command(name = "apps", description = "List the namespace's apps.")
    static final class Apps extends Base {
        @Override
        public Integer call() {
            table("%-30s %-10s %-9s %s%n", List.of("NAME", "PHASE", "REVISION", "URL"),
                    target().client().get(target().apps(null)).path("items"),
                    app -> List.of(text(app, "metadata", "name"), text(app, "status", "phase"),
                            text(app, "status", "latestRevision"), text(app, "status", "url")));
            return 0;
        }
    }

    @Command(name = "status", description = "Show an app and the steps of its latest release.")
    static final class Status extends Base {
        @Parameters(paramLabel = "APP")
        String app;

        @Override
        public Integer call() {
            ApiClient client = target().client();
            JsonNode found = client.get(target().apps(app));
            out().printf("app:      %s%nphase:    %s%nrevision: %s%nserving:  %s%nurl:      %s%n",
                    app, text(found, "status", "phase"), text(found, "status", "latestRevision"),
                    text(found, "status", "currentRelease"), text(found, "status", "url"));
            newestRelease(client, app).ifPresent(latest -> {
                out().printf("latest:   %s %s (%s)%n", text(latest, "metadata", "name"), text(latest, "status", "phase"),
                        text(latest, "spec", "reason"));
                for (JsonNode step : latest.path("status").path("steps")) {
                    out().printf("  %-11s %-9s %s%n", text(step, "name"), text(step, "phase"),
                            step.path("message").asText(""));
                }
            });
            return 0;
        }
    }

    /** A release request (a release or a rollback), then with --follow its steps until it ends. */
    abstract static class ReleaseRequest extends Base {
        @Parameters(paramLabel = "APP")
        String app;

        @Option(names = "--reason", description = "Why, recorded on the release")
        String reason;

        @Option(names = "--follow", description = "Show the release's steps until it ends; exit 0 only when it completes")
        boolean follow;

        @Option(names = "--dry-run", description = "Show what the release would do, and do nothing; exit 1 when it would fail at once")
        boolean dryRun;

        /** The path under the app to post to, and the body without the reason. */
        abstract String action();

        abstract Map<String, Object> body();

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>(body());
            if (reason != null) {
                body.put("reason", reason);
            }
            if (dryRun) {
                JsonNode plan = target().client().post(target().apps(app) + "/" + action() + "?dryRun=true", body);
                ReleasePlanText.print(plan, out());
                return plan.path("problems").isEmpty() ? 0 : 1;
            }
            JsonNode release = target().client().post(target().apps(app) + "/" + action(), body);
            out().printf("%s requested (revision %s): %s%n", text(release, "metadata", "name"),
                    text(release, "spec", "revision"), text(release, "spec", "reason"));
            out().flush();
            if (!follow) {
                return 0;
            }
            return "Complete".equals(Follow.release(target().client(), target().apps(app), release, out())) ? 0 : 1;
        }
    }

    @Command(name = "release", description = "Ask for a release of an app; --follow shows its steps until it ends.")
    static final class Release extends ReleaseRequest {
        @Option(names = "--image", description = "Image to run (default: the app's current image, with its current config)")
        String image;

        @Override
        String action() {
            return "releases";
        }

        @Override
        Map<String, Object> body() {
            return image == null ? Map.of() : Map.of("image", image);
        }
    }

    @Command(name = "rollback", description = "Ask for a release that restores an earlier revision.")
    static final class Rollback extends ReleaseRequest {
        @Option(names = "--to", required = true, paramLabel = "REVISION", description = "The revision to restore")
        long to;

        @Option(names = "--force", description = "Roll back even across a newer release whose irreversible migration"
                + " ran (recorded, with your name, on the release)")
        boolean force;

        @Override
        String action() {
            return "rollback";
        }

        @Override
        Map<String, Object> body() {
            return force ? Map.of("toRevision", to, "force", true) : Map.of("toRevision", to);
        }
    }

    /**
     * A decision on a release that awaits approval. The API checks it as for everyone: RBAC's verb
     * approve, and never one's own release; kubectl users get the same check with this command
     * installed as the plugin kubectl-slipway.
     */
    abstract static class Decision extends Base {
        @Parameters(index = "0", paramLabel = "APP")
        String app;

        @Parameters(index = "1", paramLabel = "REVISION")
        long revision;

        @Option(names = "--reason", description = "Why, recorded on the release")
        String reason;

        /** {@code approve} or {@code reject}, as the API takes it. */
        abstract String decision();

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("decision", decision()));
            if (reason != null) {
                body.put("reason", reason);
            }
            JsonNode release = target().client().post(target().apps(app) + "/releases/" + revision + "/approval", body);
            out().printf("%s %s by %s%n", text(release, "metadata", "name"),
                    text(release, "status", "approval", "decision").toLowerCase(Locale.ROOT),
                    text(release, "status", "approval", "by"));
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve a release that awaits approval, which then runs; nobody approves"
            + " their own.")
    static final class Approve extends Decision {
        @Override
        String decision() {
            return "approve";
        }
    }

    @Command(name = "reject", description = "Reject a release that awaits approval; it ends Rejected, having run nothing.")
    static final class Reject extends Decision {
        @Override
        String decision() {
            return "reject";
        }
    }

    @Command(name = "history", description = "List an app's releases, newest first.")
    static final class History extends Base {
        @Parameters(paramLabel = "APP")
        String app;

        @Override
        public Integer call() {
            table("%-9s %-11s %-40s %s%n", List.of("REVISION", "PHASE", "IMAGE", "REASON"),
                    target().client().get(target().apps(app) + "/releases").path("items"),
                    release -> List.of(text(release, "spec", "revision"), text(release, "status", "phase"),
                            text(release, "spec", "image"), text(release, "spec", "reason")));
            return 0;
        }
    }

    @Command(name = "build", description = "Start a build of an app, of its git source or of a local folder (--from-dir); --follow shows its phases and log.")
    static final class Build extends Base {
        @Parameters(paramLabel = "APP")
        String app;

        @Option(names = "--ref", description = "Branch or tag (default: the app's)")
        String ref;

        @Option(names = "--from-dir", paramLabel = "DIR",
                description = "Build this folder instead of the git source, uploaded without what its .gitignore and .dockerignore leave out")
        Path fromDir;

        @Option(names = "--follow", description = "Show the build's phases and log until it ends, then the release it starts;"
                + " exit 0 only when both complete")
        boolean follow;

        @Override
        public Integer call() {
            if (fromDir != null && ref != null) {
                throw new ParameterException(spec.commandLine(),
                        "--from-dir and --ref cannot be used together: a folder is built as it is, with no git ref");
            }
            ApiClient client = target().client();
            JsonNode build = fromDir != null ? upload(client)
                    : client.post(target().apps(app) + "/builds", ref == null ? Map.of() : Map.of("ref", ref));
            out().printf("%s started: %s%n", text(build, "metadata", "name"), text(build, "spec", "trigger"));
            out().flush();
            if (!follow) {
                return 0;
            }
            // The controller releases a completed build unless the App turned its image trigger off.
            boolean released = client.get(target().apps(app)).path("spec").path("triggers").path("image").asBoolean(true);
            return "Complete".equals(Follow.build(client, target().namespace(), target().apps(app), build, released,
                    out())) ? 0 : 1;
        }

        private JsonNode upload(ApiClient client) {
            SourceArchive archive = SourceArchive.create(fromDir);
            try {
                out().printf("Uploading %d %s (%s) from %s%n", archive.fileCount(), archive.fileCount() == 1 ? "file" : "files",
                        size(archive.size()), fromDir);
                out().flush();
                return client.upload(target().apps(app) + "/uploads", archive.file());
            } finally {
                try {
                    Files.deleteIfExists(archive.file());
                } catch (IOException e) {
                    // A warning only: the exit code says how the upload went, not how the clean-up did.
                    spec.commandLine().getErr().println("slipway: the temporary archive " + archive.file()
                            + " could not be deleted: " + e.getMessage());
                }
            }
        }

        /** A size for people: bytes, or KB, MB, GB with one decimal (powers of 1024). */
        static String size(long bytes) {
            if (bytes < 1024) {
                return bytes + " B";
            }
            List<String> units = List.of("KB", "MB", "GB");
            double scaled = bytes / 1024.0;
            int unit = 0;
            for (; scaled >= 1024 && unit < units.size() - 1; unit++) {
                scaled /= 1024;
            }
            return String.format(Locale.ROOT, "%.1f %s", scaled, units.get(unit));
        }
    }

    @Command(name = "logs", description = "Print a build's log, or with --hook the log of a release's hook.")
    static final class Logs extends Base {
        @Parameters(paramLabel = "BUILD|APP", description = "The build; with --hook, the app")
        String name;

        @Option(names = {"-f", "--follow"}, description = "Stream the log until the pod ends")
        boolean follow;

        @ArgGroup(exclusive = false, heading = "Hook logs:%n")
        HookLog hookLog;

        /** What picks a hook's log: --revision and --attempt mean nothing without --hook. */
        static final class HookLog {
            @Option(names = "--hook", required = true, paramLabel = "pre|mid|post",
                    description = "The log of this hook of a release of APP")
            String hook;

            @Option(names = "--revision", paramLabel = "N", description = "The release (default: the app's newest)")
            Long revision;

            @Option(names = "--attempt", paramLabel = "N", description = "The hook's attempt (default: the latest)")
            Integer attempt;
        }

        @Override
        public Integer call() {
            ApiClient client = target().client();
            if (hookLog == null) {
                client.copyText("api/v1/namespaces/" + target().namespace() + "/builds/" + name + "/log"
                        + (follow ? "?follow=true" : ""), out());
                return 0;
            }
            if (!List.of("pre", "mid", "post").contains(hookLog.hook)) {
                throw new ParameterException(spec.commandLine(),
                        "--hook must be pre, mid or post, not '" + hookLog.hook + "'");
            }
            long revision = hookLog.revision != null ? hookLog.revision
                    : newestRelease(client, name).orElseThrow(() -> new CliException("app \"" + name
                            + "\" has no releases yet")).path("spec").path("revision").asLong();
            List<String> query = new ArrayList<>();
            if (follow) {
                query.add("follow=true");
            }
            if (hookLog.attempt != null) {
                query.add("attempt=" + hookLog.attempt);
            }
            client.copyText(target().apps(name) + "/releases/" + revision + "/hooks/" + hookLog.hook + "/log"
                    + (query.isEmpty() ? "" : "?" + String.join("&", query)), out());
            return 0;
        }
    }
}
