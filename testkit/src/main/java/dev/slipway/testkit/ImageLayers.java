package dev.slipway.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Every byte of an image in a plain HTTP registry, as read from the registry's API: its config and
 * its layers, uncompressed. What tests look into: what a built image runs, and what must not be in
 * it (a secret, a key).
 *
 * @param config the image's config (JSON)
 * @param layers the layers as tar files, in the manifest's order
 */
public record ImageLayers(byte[] config, List<byte[]> layers) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPT = "application/vnd.oci.image.manifest.v1+json, "
            + "application/vnd.docker.distribution.manifest.v2+json";

    /**
     * The image {@code repository@digest} at {@code registry} ({@code host:port}, spoken to over
     * plain HTTP).
     */
    public static ImageLayers read(String registry, String repository, String digest) {
        String base = "http://" + registry + "/v2/" + repository;
        try {
            JsonNode manifest = JSON.readTree(get(base + "/manifests/" + digest, ACCEPT));
            byte[] config = get(base + "/blobs/" + manifest.path("config").path("digest").asText(), "*/*");
            List<byte[]> layers = new ArrayList<>();
            for (JsonNode layer : manifest.path("layers")) {
                byte[] blob = get(base + "/blobs/" + layer.path("digest").asText(), "*/*");
                layers.add(layer.path("mediaType").asText().endsWith("gzip") ? gunzip(blob) : blob);
            }
            return new ImageLayers(config, List.copyOf(layers));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + repository + "@" + digest + " from " + registry, e);
        }
    }

    /** The config's {@code config} object: Cmd, User, Env and the rest of what the image runs. */
    public JsonNode runConfig() {
        try {
            return JSON.readTree(config).path("config");
        } catch (IOException e) {
            throw new UncheckedIOException("The image's config is not JSON", e);
        }
    }

    /** Whether the config or any layer holds {@code text} (UTF-8). */
    public boolean contains(String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        return indexOf(config, needle) >= 0 || layers.stream().anyMatch(layer -> indexOf(layer, needle) >= 0);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] gunzip(byte[] blob) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob))) {
            return in.readAllBytes();
        }
    }

    private static byte[] get(String url, String accept) throws IOException {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + url + ": " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
