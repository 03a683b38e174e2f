package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@code slipway approve} and {@code reject} ask of the API, and what they say of its answer. */
class ApprovalCommandTest {

    private static final String APPROVAL = "/api/v1/namespaces/demo/apps/shop/releases/8/approval";

    private final StandInApi api = new StandInApi();

    @AfterEach
    void stopServer() {
        api.close();
    }

    static Map<?, ?> parsed(String json) throws Exception {
        return new ObjectMapper().readValue(json, Map.class);
    }

    @Test
    void approvePostsTheDecisionAndTheReasonAndSaysWhoDecided() throws Exception {
        api.json(APPROVAL, "{\"metadata\": {\"name\": \"shop-8\"}, \"status\": {\"phase\": \"AwaitingApproval\","
                + " \"approval\": {\"decision\": \"Approved\", \"by\": \"bob\"}}}");

        StandInApi.Run run = api.slipway("approve", "shop", "8", "--reason", "checked the migration");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("shop-8 approved by bob" + System.lineSeparator());
        assertThat(api.asked).containsExactly(APPROVAL);
        assertThat(parsed(api.bodies.get(0))).isEqualTo(Map.of("decision", "approve", "reason", "checked the migration"));
    }

    @Test
    void rejectWithoutAReasonSendsNone() throws Exception {
        api.json(APPROVAL, "{\"metadata\": {\"name\": \"shop-8\"}, \"status\": {\"approval\": {\"decision\": \"Rejected\","
                + " \"by\": \"bob\"}}}");

        StandInApi.Run run = api.slipway("reject", "shop", "8");

        assertThat(run.out()).isEqualTo("shop-8 rejected by bob" + System.lineSeparator());
        assertThat(parsed(api.bodies.get(0))).isEqualTo(Map.of("decision", "reject"));
    }

    @Test
    void theServersRefusalOfOnesOwnReleaseIsAOneLineError() {
        api.answer(APPROVAL, new StandInApi.Answer(403, "application/json", "{\"error\": {\"code\": \"Forbidden\","
                + " \"message\": \"alice asked for this release; someone else must approve or reject it\","
                + " \"requestId\": \"r3\"}}"));

        StandInApi.Run run = api.slipway("approve", "shop", "8");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("slipway: alice asked for this release; someone else must approve or reject it"
                + " (request r3)" + System.lineSeparator());
    }

    @Test
    void theRevisionIsRequired() {
        StandInApi.Run run = api.slipway("approve", "shop");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(api.asked).isEmpty();
    }
}
