package dev.slipway.builders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ruby builder's release step hook (s2i/bin/release), run the way an App's mid or pre hook
 * Job runs it: in the assembled app, with the app's environment. The sample's db:migrate task
 * leaves tmp/migrated behind.
 */
class RubyReleaseHookTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final Shell shell = new Shell(Catalog.logDir("ruby-release"));
    private Map<String, String> env;
    private Path app;

    @BeforeEach
    void assembleTheSample(@TempDir Path work) throws IOException {
        assertThat(Toolchain.missing(List.of("ruby", "bundle")))
                .as(() -> Toolchain.installHint("the ruby builder", Toolchain.missing(List.of("ruby", "bundle"))))
                .isEmpty();
        app = work.resolve("app");
        env = new HashMap<>(Map.of(
                "S2I_SOURCE_DIR", Catalog.copySample("ruby", work.resolve("src")).toString(),
                "S2I_APP_DIR", app.toString()));
        Shell.Outcome assembled = shell.run("assemble", env, TIMEOUT, Catalog.script("ruby", "assemble").toString());
        assertThat(assembled.exitCode()).as(assembled.report()).isZero();
    }

    @Test
    void migratesTheDatabaseWithTheAppsDbMigrateTask() throws IOException {
        Shell.Outcome release = release();

        assertThat(release.exitCode()).as(release.report()).isZero();
        assertThat(release.stdout()).contains("---> Migrating the database with rake db:migrate");
        assertThat(app.resolve("tmp/migrated")).content().isEqualTo("production\n");
    }

    @Test
    void runsTheReleaseCommandInstead() {
        env.put("RELEASE_COMMAND", "echo custom step > tmp-release");

        Shell.Outcome release = release();

        assertThat(release.exitCode()).as(release.report()).isZero();
        assertThat(app.resolve("tmp-release")).content().isEqualTo("custom step\n");
        assertThat(app.resolve("tmp/migrated")).doesNotExist();
    }

    @Test
    void failsTheHookWhenTheReleaseCommandFails() {
        env.put("RELEASE_COMMAND", "exit 3");

        assertThat(release().exitCode()).isEqualTo(3);
    }

    @Test
    void doesNothingWhenMigrationsAreDisabled() {
        env.put("DISABLE_MIGRATIONS", "true");

        Shell.Outcome release = release();

        assertThat(release.exitCode()).as(release.report()).isZero();
        assertThat(release.stdout()).contains("DISABLE_MIGRATIONS=true: nothing to run");
        assertThat(app.resolve("tmp/migrated")).doesNotExist();
    }

    @Test
    void doesNothingForAnAppWithoutMigrations() throws IOException {
        Files.delete(app.resolve("Rakefile"));

        Shell.Outcome release = release();

        assertThat(release.exitCode()).as(release.report()).isZero();
        assertThat(release.stdout()).contains("No migrations");
    }

    private Shell.Outcome release() {
        return shell.run("release", env, TIMEOUT, Catalog.script("ruby", "release").toString());
    }
}
