package dev.slipway.controller.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.controller.model.ImageReference;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks container registries, over the Registry HTTP API v2, which manifest a tag points at now, so
 * that a changed builder image can trigger new builds. It only reads, anonymously: public registries
 * (Docker Hub, ghcr.io, quay.io) get the anonymous bearer token they ask for, one per call; nothing
 * is cached across calls. Thread-safe.
 */
public final class RegistryClient {

    /** Every manifest type a tag may point at; a registry that is not told may convert the manifest or answer 404. */
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    /** Where Docker Hub's API answers; references call it {@link ImageReference#DOCKER_HUB}. */
    static final String DOCKER_HUB_API = "registry-1.docker.io";

    private static final String DIGEST_HEADER = "Docker-Content-Digest";
    private static final Pattern CHALLENGE_PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> plainHttpHosts;
    private final Duration timeout;
    private final HttpClient http;

    /** @param plainHttpHosts registry hosts (host[:port]) spoken to over plain HTTP, e.g. the installation's registry; all others over HTTPS */
    public RegistryClient(Set<String> plainHttpHosts, Duration timeout) {
        this.plainHttpHosts = Set.copyOf(plainHttpHosts);
        this.timeout = timeout;
        // HTTP/1.1: over plain HTTP the JDK would otherwise try an h2c upgrade, which registries ignore at best.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * The digest ("sha256:<hex>") the registry serves now for the tag of this image reference,
     * from HEAD /v2/<repository>/manifests/<tag> and its Docker-Content-Digest header. A reference that already
     * carries @sha256:... returns that digest without a call. Empty when the registry answers 404 (no such repository or tag).
     * @throws RegistryException (a new unchecked exception in the same package) for any other answer or a network
     *         failure, with a message naming the registry host, the repository and the HTTP status.
     * @throws IllegalArgumentException when the reference does not parse, naming it
     */
    public Optional<String> digest(String imageReference) {
        ImageReference reference = ImageReference.parse(imageReference);
        if (reference.digest() != null) {
            return Optional.of(reference.digest());
        }
        Call call = new Call(apiHost(reference), reference);
        HttpResponse<Void> answer = call.head(null);
        if (answer.statusCode() == 401) {
            answer = call.head(call.anonymousToken(answer));
        }
        return switch (answer.statusCode()) {
            case 200 -> Optional.of(answer.headers().firstValue(DIGEST_HEADER)
                    .orElseThrow(() -> call.failure("answered 200 without a " + DIGEST_HEADER + " header")));
            case 404 -> Optional.empty();
            case 401, 403 -> throw call.failure("answered " + answer.statusCode()
                    + " to an anonymous pull: the repository is private or does not exist");
            default -> throw call.failure("answered " + answer.statusCode());
        };
    }

    /** The manifest's URL: the scheme by {@code plainHttpHosts}, Docker Hub at its API host. */
    URI manifestUri(ImageReference reference) {
        String host = apiHost(reference);
        String scheme = plainHttpHosts.contains(reference.registry()) ? "http" : "https";
        return URI.create(scheme + "://" + host + "/v2/" + reference.repository() + "/manifests/" + reference.tag());
    }

    private static String apiHost(ImageReference reference) {
        return reference.registry().equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_API : reference.registry();
    }

    /** One digest look-up: its manifest URL and how its failures are worded. */
    private final class Call {
        private final String host;
        private final ImageReference reference;
        private final URI manifest;

        Call(String host, ImageReference reference) {
            this.host = host;
            this.reference = reference;
            this.manifest = manifestUri(reference);
        }

        HttpResponse<Void> head(String bearerToken) {
            HttpRequest.Builder request = HttpRequest.newBuilder(manifest)
                    .timeout(timeout)
                    .header("Accept", ACCEPT)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody());
            if (bearerToken != null) {
                request.header("Authorization", "Bearer " + bearerToken);
            }
            return send(request.build(), HttpResponse.BodyHandlers.discarding(), "HEAD " + manifest);
        }

        /**
         * Follows the registry's {@code WWW-Authenticate: Bearer realm=...,service=...} challenge:
         * asks the realm for an anonymous pull token of this repository.
         */
        String anonymousToken(HttpResponse<?> unauthorized) {
            String challenge = unauthorized.headers().firstValue("WWW-Authenticate").orElse("");
            if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw failure("answered 401 and asks for " + (challenge.isBlank() ? "credentials" : challenge)
                        + "; only anonymous bearer tokens are supported");
            }
            Map<String, String> parameters = challengeParameters(challenge);
            String realm = parameters.get("realm");
            if (realm == null || realm.isBlank()) {
                throw failure("answered 401 with a bearer challenge without a realm: " + challenge);
            }
            StringBuilder query = new StringBuilder("scope=").append(encode("repository:" + reference.repository() + ":pull"));
            if (parameters.containsKey("service")) {
                query.append("&service=").append(encode(parameters.get("service")));
            }
            URI tokenUri;
            try {
                tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
            } catch (IllegalArgumentException e) {
                throw failure("answered 401 with a bearer realm that is no URL: " + realm);
            }
            HttpResponse<String> answer = send(HttpRequest.newBuilder(tokenUri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString(), "GET token from " + tokenUri.getHost());
            if (answer.statusCode() != 200) {
                throw failure("refused an anonymous pull token: " + tokenUri.getHost() + " answered " + answer.statusCode());
            }
            return token(answer.body(), tokenUri);
        }

        private String token(String body, URI tokenUri) {
            try {
                JsonNode json = JSON.readTree(body);
                for (String field : new String[] {"token", "access_token"}) {
                    if (json.path(field).isTextual() && !json.path(field).asText().isBlank()) {
                        return json.path(field).asText();
                    }
                }
            } catch (IOException e) {
                throw failure("got a token answer from " + tokenUri.getHost() + " that is not JSON");
            }
            throw failure("got a token answer from " + tokenUri.getHost() + " without token or access_token");
        }

        private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, String what) {
            try {
                return http.send(request, body);
            } catch (IOException e) {
                // A refused connection's message is often empty; its type says what happened.
                String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
                throw new RegistryException(prefix() + ": " + what + " failed (" + cause + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(prefix() + ": interrupted during " + what, e);
            }
        }

        RegistryException failure(String what) {
            return new RegistryException(prefix() + " " + what);
        }

        private String prefix() {
            return "Registry " + host + ", repository " + reference.repository() + ", tag " + reference.tag();
        }
    }

    /** The key="value" pairs of a challenge; values may hold commas and colons (scope="repository:a/b:pull"). */
    static Map<String, String> challengeParameters(String challenge) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAMETER.matcher(challenge);
        while (m.find()) {
            parameters.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        }
        return parameters;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
