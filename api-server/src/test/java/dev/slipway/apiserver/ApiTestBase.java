package dev.slipway.apiserver;

import dev.slipway.testkit.TestNamespace;
import org.junit.jupiter.api.AfterAll;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * What the API tests of a class share: one API server on the class's namespace, a few Apps built
 * from git, and the token of a ServiceAccount bound to slipway-developer there.
 */
public abstract class ApiTestBase {

    protected static ApiFixture api;
    protected static TestNamespace ns;
    protected static String developer;

    /** Starts the server, creates {@code apps} and the developer, and waits until the server's cache has the apps. */
    protected static void startApi(TestNamespace namespace, ApiServerSettings settings, String... apps) {
        ns = namespace;
        api = ApiFixture.start(namespace, settings);
        developer = api.user("dev", "slipway-developer");
        for (String app : apps) {
            api.createApp(app, "main");
        }
        for (String app : apps) {
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get(api.apps("/" + app), developer).statusCode() == 200);
        }
    }

    @AfterAll
    static void stopApi() {
        if (api != null) {
            api.close();
            api = null;
        }
    }
}
