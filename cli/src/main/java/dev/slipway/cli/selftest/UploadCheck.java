package dev.slipway.cli.selftest;

import static dev.slipway.cli.selftest.SelftestContext.expect;
import static dev.slipway.cli.selftest.SelftestContext.expectPhase;
import static dev.slipway.cli.selftest.SelftestContext.part;
import static dev.slipway.cli.selftest.SelftestContext.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.SourceArchive;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The check of App "laptop", which has no git repository: a folder made here (a static site whose
 * page holds a random word) is uploaded as {@code slipway build --from-dir} uploads it, built in the
 * cluster with the static builder, released, and its route serves that word.
 */
final class UploadCheck {

    static final String APP = "laptop";

    private final SelftestContext context;

    UploadCheck(SelftestContext context) {
        this.context = context;
    }

    String uploadedFolder() {
        context.namespace.applyApp("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: %s}
                spec:
                  source: {builder: static}
                  routes: [{path: /}]
                """.formatted(APP));
        String word = UUID.randomUUID().toString();
        Path folder = site(word);
        SourceArchive archive = SourceArchive.create(folder);
        try {
            URI uploads = context.inNamespace("apps/" + APP + "/uploads");
            // Retried while the API server's cache has yet to see the App.
            SelftestHttp.Response created = context.awaitAnswer("an upload to App " + APP,
                    () -> context.http.upload(uploads, context.developer, archive.file()), r -> r.status() != 404);
            expect(created.status() == 202, "the upload answered " + created.status() + ": " + created.abbreviated());
            String buildName = text(created.json(), "metadata", "name");
            GenericKubernetesResource build = context.awaitComplete(buildName);
            expect(archive.digest().equals(uploadDigest(build)), "Build " + buildName + " names the upload "
                    + uploadDigest(build) + ", not " + archive.digest());
            long revision = context.await("App " + APP + "'s first release", () -> {
                long latest = context.app(APP).path("status").path("latestRevision").asLong();
                return latest > 0 ? latest : null;
            });
            JsonNode release = context.awaitEnd(APP, revision);
            expectPhase(release, "Complete");
            URI url = context.url(APP);
            context.answers(url, word);
            return "a folder of " + archive.fileCount() + " files (" + archive.size() + " bytes) became " + buildName
                    + " and " + SelftestContext.name(release) + " (\"" + text(release, "spec", "reason") + "\"); " + url
                    + " serves its page";
        } finally {
            delete(archive.file());
            delete(folder);
        }
    }

    private static String uploadDigest(GenericKubernetesResource build) {
        return part(build, "spec").get("source") instanceof Map<?, ?> source
                && source.get("upload") instanceof Map<?, ?> upload ? String.valueOf(upload.get("digest")) : null;
    }

    /** The static builder's layout: the page, and healthz for the readiness probe. */
    private static Path site(String word) {
        try {
            Path folder = Files.createTempDirectory("slipway-selftest-site");
            Files.writeString(folder.resolve("index.html"), word + "\n");
            Files.writeString(folder.resolve("healthz"), "ok\n");
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the folder to upload", e);
        }
    }

    private static void delete(Path path) {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A temporary file left behind is no failure of the installation.
        }
    }
}
