package dev.slipway.apiserver;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.BuildStatus;
import dev.slipway.api.v1alpha1.UploadSource;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.LocalRegistry;
import dev.slipway.testkit.TestNamespace;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Uploaded folders go to a real registry as they arrive and become Builds that name them; what is
 * too large, of the wrong type, for an App without source or from a viewer is refused with the API's
 * JSON error and stores nothing; an upload is deleted from the registry once its build ended.
 */
@KubeClusterTest
class UploadIT extends ApiTestBase {

    private static final long LIMIT = 256 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static LocalRegistry registry;

    @BeforeAll
    static void start(TestNamespace namespace) {
        registry = LocalRegistry.start();
        startApi(namespace, ApiFixture.testSettings().withUploads(registry.host(), LIMIT), "shop", "chunked", "big",
                "refused");
        api.apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: laptop}
                spec:
                  source: {builder: static}
                ---
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: prebuilt}
                spec:
                  image: registry.test:5000/acme/prebuilt:1
                """, developer, "laptop", "prebuilt");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void anUploadIsStoredByItsDigestAndBuiltByAnAppWithoutGit() {
        // Given a folder's archive
        byte[] archive = gzip(120_000, 1);

        // When a developer uploads it to an App that has no git repository
        HttpResponse<String> response = upload("laptop", developer, archive, "application/gzip", true);

        // Then a Build names the archive by digest, size and uploader, and the registry holds those bytes
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String name = new JsonObject(response.body()).getJsonObject("metadata").getString("name");
        Build build = ns.client().resources(Build.class).withName(name).get();
        UploadSource upload = build.getSpec().getSource().getUpload();
        assertThat(build.getSpec().getSource().getGit()).isNull();
        assertThat(upload.getDigest()).isEqualTo(sha256(archive));
        assertThat(upload.getSize()).isEqualTo(archive.length);
        assertThat(upload.getUploadedBy()).isEqualTo("system:serviceaccount:" + ns.name() + ":dev");
        assertThat(build.getSpec().getTrigger()).startsWith("requested by system:serviceaccount:" + ns.name() + ":dev");
        assertThat(build.getSpec().getBuilder()).isEqualTo("static");
        assertThat(blob("laptop", upload.getDigest()).body()).isEqualTo(archive);
    }

    @Test
    void aStreamWithoutLengthIsCutAtTheLimitWith413AndNothingIsBuilt() {
        // Given an archive larger than the limit, sent chunked, so the server learns its size only as it reads
        byte[] archive = gzip((int) LIMIT * 2, 2);

        // When it is uploaded
        HttpResponse<String> response = upload("chunked", developer, archive, "application/gzip", false);

        // Then the answer is 413 with the limit, and no Build was made
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(new JsonObject(response.body()).getJsonObject("error").getString("message")).contains(
                Long.toString(LIMIT));
        assertThat(buildsOf("chunked")).isEmpty();
        assertThat(blob("chunked", sha256(archive)).statusCode()).isEqualTo(404);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
        byte[] archive = gzip((int) LIMIT + 10_000, 3);

        HttpResponse<String> response = upload("big", developer, archive, "application/gzip", true);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(buildsOf("big")).isEmpty();
    }

    @Test
    void wrongTypeNoSourceAndViewersAreRefusedWithTheJsonError() {
        byte[] archive = gzip(1000, 4);
        String viewer = api.user("viewer", "slipway-viewer");

        HttpResponse<String> json = upload("refused", developer, archive, "application/json", true);
        HttpResponse<String> prebuilt = upload("prebuilt", developer, archive, "application/gzip", true);
        HttpResponse<String> ghost = upload("ghost", developer, archive, "application/gzip", true);
        HttpResponse<String> forbidden = upload("refused", viewer, archive, "application/gzip", true);
        HttpResponse<String> anonymous = upload("refused", null, archive, "application/gzip", true);

        assertThat(List.of(json, prebuilt, ghost, forbidden, anonymous)).extracting(HttpResponse::statusCode)
                .containsExactly(415, 422, 404, 403, 401);
        assertThat(new JsonObject(prebuilt.body()).getJsonObject("error").getString("message"))
                .contains("deploys a prebuilt image");
        assertThat(List.of(json, prebuilt, ghost, forbidden, anonymous)).allSatisfy(r ->
                assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isNotBlank());
        assertThat(buildsOf("refused")).isEmpty();
    }

    @Test
    void theUploadIsDeletedFromTheRegistryOnceItsBuildEnds() {
        // Given an uploaded folder and its Build
        byte[] archive = gzip(5000, 5);
        HttpResponse<String> response = upload("shop", developer, archive, "application/gzip", true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String name = new JsonObject(response.body()).getJsonObject("metadata").getString("name");
        String digest = sha256(archive);
        assertThat(blob("shop", digest).statusCode()).isEqualTo(200);

        // When the build ends
        Build build = ns.client().resources(Build.class).withName(name).get();
        BuildStatus status = new BuildStatus();
        status.setPhase(BuildPhase.Complete);
        build.setStatus(status);
        ns.client().resources(Build.class).resource(build).updateStatus();

        // Then the registry no longer has it
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(blob("shop", digest).statusCode())
                .isEqualTo(404));
    }

    private static HttpResponse<String> upload(String app, String token, byte[] archive, String type, boolean length) {
        HttpRequest.BodyPublisher body = length ? HttpRequest.BodyPublishers.ofByteArray(archive)
                : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(archive));
        return api.send(api.request(api.apps("/" + app + "/uploads"), token, Map.of("Content-Type", type)).POST(body)
                .build());
    }

    private static HttpResponse<byte[]> blob(String app, String digest) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/" + ns.name() + "/"
                    + app + "/blobs/" + digest)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Build> buildsOf(String app) {
        return ns.client().resources(Build.class).list().getItems().stream()
                .filter(b -> app.equals(b.getSpec().getApp())).toList();
    }

    /** Random bytes, gzip-compressed: an archive the server cannot shrink or tell from a real one. */
    private static byte[] gzip(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
