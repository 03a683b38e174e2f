package dev.slipway.controller;

import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of integration tests that share one in-process controller per test class, watching the
 * class's namespace, with a short hook retry delay so Retry hooks fail fast.
 */
@KubeClusterTest
public abstract class WithController {

    protected static InProcessController controller;

    @BeforeAll
    static void startController(TestNamespace namespace) {
        controller = InProcessController.start(namespace, ControllerSettings.forNamespaces(namespace.name())
                .withHookRetryBaseDelay(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stopController() {
        controller.close();
    }
}
