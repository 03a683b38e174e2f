package dev.slipway.cli.selftest;

import static dev.slipway.cli.selftest.SelftestContext.expect;
import static dev.slipway.cli.selftest.SelftestContext.expectPhase;
import static dev.slipway.cli.selftest.SelftestContext.name;
import static dev.slipway.cli.selftest.SelftestContext.part;
import static dev.slipway.cli.selftest.SelftestContext.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The checks of the App "source", built from the git repository given with {@code --git-url}, and
 * of signed webhooks (a push to that App, else a ping to App web).
 */
final class SourceAppChecks {

    static final String SOURCE = "source";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SelftestContext context;
    private final String gitUrl;
    private GenericKubernetesResource build;
    private String commit;

    SourceAppChecks(SelftestContext context, String gitUrl) {
        this.context = context;
        this.gitUrl = gitUrl;
    }

    String buildFromSource() {
        context.namespace.applyApp("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: %s}
                spec:
                  source: {git: {url: "%s"}}
                  routes: [{path: /}]
                """.formatted(SOURCE, gitUrl));
        String buildName = context.await("App source's status.latestBuild",
                () -> text(context.app(SOURCE), "status", "latestBuild"));
        build = context.awaitComplete(buildName);
        Map<String, Object> status = part(build, "status");
        SelftestHttp.Response log = context.http.get(context.inNamespace("builds/" + buildName + "/log"), context.developer);
        expect(log.status() == 200 && !log.body().isBlank(), "the log of " + buildName + " answered " + log.status());
        commit = commitOf(build);
        long first = context.await("App source's first release", () -> {
            long revision = context.app(SOURCE).path("status").path("latestRevision").asLong();
            return revision > 0 ? revision : null;
        });
        JsonNode release = context.awaitEnd(SOURCE, first);
        expectPhase(release, "Complete");
        URI url = context.url(SOURCE);
        SelftestHttp.Response answer = context.awaitAnswer(url.toString(), () -> context.http.route(url),
                r -> r.status() == 200);
        return buildName + " Complete (" + log.body().lines().count() + " log lines), image " + status.get("image")
                + "; " + name(release) + " Complete; " + url + " answers 200 (\"" + answer.abbreviated() + "\")";
    }

    String detection() {
        Object builder = part(build, "status").get("builder");
        expect(builder != null, "Build " + build.getMetadata().getName() + " has no status.builder");
        return "the App names no builder; the source was detected as " + builder;
    }

    /**
     * One signed with the App's secret is accepted: a push to the App built from source starts a
     * build, else a ping to App web is acknowledged. Then the same delivery signed with another key
     * is refused, so the refusal is the signature's, not a missing Secret's.
     */
    String webhooks(boolean fromSource) {
        String app = fromSource ? SOURCE : WebAppChecks.WEB;
        String key = randomHex();
        context.namespace.secret(app + "-webhook", "secret", key);
        String ref = gitRef();
        String payload = fromSource
                ? SelftestHttp.json(Map.of("ref", "refs/heads/" + ref, "after", commit,
                        "repository", Map.of("default_branch", ref)))
                : SelftestHttp.json(Map.of("zen", "selftest"));
        URI hook = context.server.resolve("hooks/" + context.namespace.name() + "/" + app + "/git");
        String event = fromSource ? "push" : "ping";
        // Retried while the API server's cache has yet to see the App.
        SelftestHttp.Response accepted = context.awaitAnswer("a webhook signed with the Secret " + app + "-webhook",
                () -> context.http.post(hook, null, Map.of("X-GitHub-Event", event, "X-GitHub-Delivery",
                        "selftest-" + randomHex(), "X-Hub-Signature-256", signature(key, payload)), payload),
                // A ping starts nothing: accepted as delivered, 202 with status ignored.
                r -> r.status() == 202 && (fromSource || "ignored".equals(text(r.json(), "status"))));
        SelftestHttp.Response refused = context.http.post(hook, null, Map.of("X-GitHub-Event", event,
                "X-GitHub-Delivery", "selftest-" + randomHex(), "X-Hub-Signature-256", signature("not-" + key, payload)),
                payload);
        expect(refused.status() == 401, "a wrongly signed webhook answered " + refused.status() + ", not 401");
        return (fromSource ? "a signed push started " + text(accepted.json(), "metadata", "name") + " (202)"
                : "a signed ping was acknowledged (202, ignored)") + "; the same signed with another key was refused (401)";
    }

    /** The ref the Build cloned: the App names none, so its repository's default branch, main unless said. */
    private String gitRef() {
        Object ref = build != null && part(build, "spec").get("source") instanceof Map<?, ?> source
                && source.get("git") instanceof Map<?, ?> git ? git.get("ref") : null;
        return ref == null ? "main" : ref.toString();
    }

    /** The commit the Build cloned, which it records in status.revision. */
    private String commitOf(GenericKubernetesResource build) {
        Object commit = part(build, "status").get("revision") instanceof Map<?, ?> revision ? revision.get("commit") : null;
        expect(commit != null, "Build " + build.getMetadata().getName() + " has no status.revision.commit");
        return commit.toString();
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String signature(String key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
