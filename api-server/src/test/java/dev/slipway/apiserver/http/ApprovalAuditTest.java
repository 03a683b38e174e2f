package dev.slipway.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.slipway.api.v1alpha1.Release;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The audit lines of approvals that the controller ended with no request: expired, or refused. */
class ApprovalAuditTest {

    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("slipway.audit");
    private Level level;

    @BeforeEach
    void attach() {
        audit.start();
        logger.addAppender(audit);
        // The test classpath may bring another logback configuration with other levels.
        level = logger.getLevel();
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(audit);
        logger.setLevel(level);
    }

    static Release release(String phase, String reason) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata: {name: shop-8, namespace: demo}
                spec: {app: shop, revision: 8}
                status:
                  phase: %s
                  conditions: [{type: Succeeded, status: "False", reason: %s, message: why not}]
                """.formatted(phase, reason), Release.class);
    }

    List<JsonObject> lines() {
        return audit.list.stream().map(e -> new JsonObject(e.getFormattedMessage())).toList();
    }

    @Test
    void anExpiryAndARefusedDecisionAreEachALine() {
        ApprovalAudit.changed(release("AwaitingApproval", "x"), release("Expired", "ApprovalExpired"));
        ApprovalAudit.changed(release("AwaitingApproval", "x"), release("Rejected", "ApprovalRefused"));

        assertThat(lines()).extracting(l -> l.getString("event")).containsExactly("approvalExpired", "approvalRefused");
        assertThat(lines().get(0).getString("release")).isEqualTo("releases/shop-8");
        assertThat(lines().get(0).getString("namespace")).isEqualTo("demo");
        assertThat(lines().get(0).getString("message")).isEqualTo("why not");
        assertThat(lines().get(0).getString("time")).isNotBlank();
    }

    @Test
    void aRejectionAskedOfTheApiAndWhatTheCacheFindsAtStartAreNotLinesHere() {
        ApprovalAudit.changed(release("AwaitingApproval", "x"), release("Rejected", "Rejected"));
        ApprovalAudit.changed(null, release("Expired", "ApprovalExpired"));
        ApprovalAudit.changed(release("Expired", "ApprovalExpired"), release("Expired", "ApprovalExpired"));

        assertThat(lines()).isEmpty();
    }
}
