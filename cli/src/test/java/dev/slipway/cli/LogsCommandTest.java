package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code slipway logs} asks the API for, against a stand-in server that answers fixed bodies:
 * a build's log as before, and with {@code --hook} a hook's log of the app's newest release or of
 * the revision and attempt given. (Against a real API server: the ITs.)
 */
class LogsCommandTest {

    private static final String APP = "/api/v1/namespaces/demo/apps/shop";

    private final StandInApi api = new StandInApi();

    @AfterEach
    void stopServer() {
        api.close();
    }

    @Test
    void aHookLogIsOfTheAppsNewestReleaseByDefault() {
        api.json(APP + "/releases", "{\"items\": [{\"spec\": {\"revision\": 7}}, {\"spec\": {\"revision\": 6}}]}");
        api.text(APP + "/releases/7/hooks/pre/log", "applying 2 migrations\nmigrated\n");

        StandInApi.Run run = api.slipway("logs", "shop", "--hook", "pre");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("applying 2 migrations" + System.lineSeparator() + "migrated"
                + System.lineSeparator());
        assertThat(api.asked).containsExactly(APP + "/releases", APP + "/releases/7/hooks/pre/log");
    }

    @Test
    void aRevisionAndAnAttemptAreAskedForAsGivenAndFollowed() {
        api.text(APP + "/releases/5/hooks/mid/log?follow=true&attempt=2", "attempt two\n");

        StandInApi.Run run = api.slipway("logs", "shop", "--hook", "mid", "--revision", "5", "--attempt", "2", "--follow");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("attempt two" + System.lineSeparator());
        assertThat(api.asked).containsExactly(APP + "/releases/5/hooks/mid/log?follow=true&attempt=2");
    }

    @Test
    void withoutHookTheArgumentIsStillABuild() {
        api.text("/api/v1/namespaces/demo/builds/shop-build-12/log?follow=true", "---> Pushed\n");

        StandInApi.Run run = api.slipway("logs", "shop-build-12", "-f");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("---> Pushed" + System.lineSeparator());
        assertThat(api.asked).containsExactly("/api/v1/namespaces/demo/builds/shop-build-12/log?follow=true");
    }

    @Test
    void revisionAndAttemptWithoutHookAndAnUnknownHookAreUsageErrorsThatAskNothing() {
        StandInApi.Run attemptAlone = api.slipway("logs", "shop", "--attempt", "2");
        StandInApi.Run unknownHook = api.slipway("logs", "shop", "--hook", "rollout");

        assertThat(attemptAlone.exit()).isEqualTo(2);
        assertThat(attemptAlone.err()).contains("--hook");
        assertThat(unknownHook.exit()).isEqualTo(2);
        assertThat(unknownHook.err()).contains("--hook must be pre, mid or post, not 'rollout'");
        assertThat(api.asked).isEmpty();
    }

    @Test
    void anAppWithoutReleasesAndTheServersRefusalAreOneLineErrors() {
        api.json(APP + "/releases", "{\"items\": []}");
        api.answer("/api/v1/namespaces/demo/apps/ui/releases/3/hooks/post/log", new StandInApi.Answer(404,
                "application/json",
                "{\"error\": {\"code\": \"NotFound\", \"message\": \"release \\\"ui-3\\\" has no post hook\","
                        + " \"requestId\": \"r2\"}}"));

        StandInApi.Run noRelease = api.slipway("logs", "shop", "--hook", "pre");
        StandInApi.Run noHook = api.slipway("logs", "ui", "--hook", "post", "--revision", "3");

        assertThat(noRelease.exit()).isEqualTo(1);
        assertThat(noRelease.err()).isEqualTo("slipway: app \"shop\" has no releases yet" + System.lineSeparator());
        assertThat(noHook.exit()).isEqualTo(1);
        assertThat(noHook.err()).isEqualTo("slipway: release \"ui-3\" has no post hook (request r2)"
                + System.lineSeparator());
    }
}
