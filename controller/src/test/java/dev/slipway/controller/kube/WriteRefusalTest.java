package dev.slipway.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which failures are a refusal to tell on the resource, and which are retried quietly. */
class WriteRefusalTest {

    private static KubernetesClientException answer(int code, String message) {
        Status status = new StatusBuilder().withCode(code).withMessage(message).build();
        return new KubernetesClientException("Failure executing: POST. Message: " + message, code, status);
    }

    @ParameterizedTest(name = "HTTP {0} on attempt {1}: refused {2}")
    @CsvSource({
            "422, 1, true",   // validation
            "400, 1, true",   // an admission webhook's denial
            "403, 1, true",   // RBAC, quota, admission policy
            "409, 1, false",  // the ordinary race of two writers: the retry reads again
            "409, 2, true",   // a conflict that keeps coming
            "500, 5, false",  // the server's trouble, retried
            "503, 1, false",
            "429, 3, false",  // too many requests: backoff is the answer
            "404, 1, false",
            "0, 1, false",    // no HTTP answer at all
    })
    void classifiesByCodeAndAttempt(int code, int attempt, boolean refused) {
        assertThat(WriteRefusal.of(answer(code, "no"), attempt).isPresent()).isEqualTo(refused);
    }

    @Test
    void aConnectionErrorIsNoRefusal() {
        assertThat(WriteRefusal.of(new KubernetesClientException("closed", new IOException("reset")), 3)).isEmpty();
        assertThat(WriteRefusal.of(new IllegalStateException("a bug"), 3)).isEmpty();
    }

    @Test
    void findsTheRefusalAmongTheCauses() {
        String quota = "deployments.apps \"shop\" is forbidden: exceeded quota: none, requested:"
                + " count/deployments.apps=1, used: count/deployments.apps=0, limited: count/deployments.apps=0";
        Optional<WriteRefusal> refusal = WriteRefusal.of(new RuntimeException("pass failed", answer(403, quota)), 1);
        assertThat(refusal).contains(new WriteRefusal(403, quota));
        assertThat(refusal.get().describe()).isEqualTo("the API server refused a write (HTTP 403): " + quota);
    }

    @Test
    void namesTheObjectWhenTheServerDoesNot() {
        Status status = new StatusBuilder().withCode(422).withMessage("spec.rules[0].host: Invalid value")
                .withNewDetails().withKind("ingresses").withName("web").endDetails().build();
        KubernetesClientException invalid = new KubernetesClientException("Failure", 422, status);
        assertThat(WriteRefusal.of(invalid, 1).map(WriteRefusal::message))
                .contains("ingresses web: spec.rules[0].host: Invalid value");
    }
}
