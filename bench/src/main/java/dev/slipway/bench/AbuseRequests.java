package dev.slipway.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Malformed and random requests, as raw bytes: well-formed requests with random methods, paths,
 * headers and bodies; heads that break HTTP/1.1 (bad header bytes, oversized lines and headers,
 * other versions, framing that contradicts itself); random bytes; mutations of good requests; and
 * bodies that are not what they claim. Each is one request on a connection of its own that the
 * server can answer without waiting: every head ends, and a body is as long as it says, but for a
 * few that do not, on purpose.
 */
final class AbuseRequests {

    /** One request: its kind (for the figures) and its bytes. */
    record Request(String kind, byte[] bytes) {

        /** A HEAD's answer has no body to check. */
        boolean headOnly() {
            return bytes.length >= 5 && new String(bytes, 0, 5, StandardCharsets.ISO_8859_1).equals("HEAD ");
        }
    }

    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD",
            "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "get", "G\u00c9T", "X".repeat(40)};
    private static final String[] SEGMENTS = {"shop", "ghost", "releases", "rollback", "builds", "events", "log",
            "hooks", "pre", "approval", "uploads", "1", "-1", "0", "99999999999999999999", "Shop", "a_b", "..", ".",
            "%00", "%2F", "%zz", "%", "%c3%28", "\u00e9", "x".repeat(300), "", ";", "a%20b", "*", "~", "\\"};
    private static final String[] TYPES = {"application/json", "application/json; charset=utf-8", "text/plain",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/gzip",
            "application/json;;", "*/*", "", "application/vnd.x+json", "\u00ff/\u00ff"};
    private static final String[] BODIES = {"{}", "[]", "null", "1", "\"s\"", "{\"image\": null}",
            "{\"toRevision\": 1e400}", "{\"toRevision\": -3}", "{\"toRevision\": 9007199254740993}",
            "{\"decision\": \"approve\"}", "{\"image\": \"x\", \"image\": 3}", "{\"reason\": \"\\u0000\"}",
            "{\"ref\": \"../../etc\"}", "{", "}", "\u00ff\u00fe", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
            "{\"reason\": \"" + "y".repeat(70_000) + "\"}"};

    private final String namespace;
    private final String app;
    private final String token;

    /** @param token a good token, so that some requests get past authentication into the handlers */
    AbuseRequests(String namespace, String app, String token) {
        this.namespace = namespace;
        this.app = app;
        this.token = token;
    }

    Request next(Random random) {
        int roll = random.nextInt(100);
        if (roll < 40) {
            return wellFormed(random);
        }
        if (roll < 60) {
            return brokenHead(random);
        }
        if (roll < 75) {
            return new Request("random bytes", randomBytes(random, 1 + random.nextInt(2000), "\r\n\r\n"));
        }
        if (roll < 90) {
            return mutated(random);
        }
        return brokenBody(random);
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    private String path(Random random) {
        StringBuilder path = new StringBuilder(switch (random.nextInt(10)) {
            case 0 -> "/hooks/" + namespace + "/" + app + "/git";
            case 1 -> "/" + pick(random, new String[]{"healthz", "readyz", "metrics", "openapi.yaml", "", "ui/",
                    "ui/sign-in", "api", "api/v1"});
            case 2 -> "/api/v1/namespaces/" + pick(random, new String[]{"default", "UPPER", "a..b", "-", ""}) + "/apps";
            default -> "/api/v1/namespaces/" + namespace + "/apps";
        });
        for (int i = random.nextInt(5); i > 0; i--) {
            path.append('/').append(pick(random, SEGMENTS));
        }
        if (random.nextInt(6) == 0) {
            path.append('?').append(pick(random, new String[]{"follow=true", "follow=yes", "dryRun=true", "attempt=-1",
                    "attempt=1e9", "a=%zz", "&&&", "x=" + "q".repeat(200)}));
        }
        return path.toString();
    }

    private String authorization(Random random) {
        return switch (random.nextInt(8)) {
            case 0, 1 -> "";
            case 2 -> "Authorization: Bearer " + token + "\r\n";
            case 3 -> "Authorization: Bearer bogus-" + Long.toHexString(random.nextLong()) + "\r\n";
            case 4 -> "Authorization: Bearer \r\n";
            case 5 -> "Authorization: Basic YWRtaW46YWRtaW4=\r\n";
            case 6 -> "Authorization: bearer " + token + "\r\n";
            default -> "Authorization: Bearer " + "t".repeat(random.nextInt(3000)) + "\r\n";
        };
    }

    private Request wellFormed(Random random) {
        String method = pick(random, METHODS);
        String path = path(random);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n").append(authorization(random));
        if (random.nextInt(4) == 0) {
            head.append("Content-Type: ").append(pick(random, TYPES)).append("\r\n");
        }
        if (random.nextInt(8) == 0) {
            head.append("Last-Event-ID: ").append(pick(random, new String[]{"1", "x", "1-2-3", "-1",
                    "99999999999999999999999-1"})).append("\r\n");
        }
        if (random.nextInt(8) == 0) {
            head.append("X-Request-Id: ").append(pick(random, new String[]{"trace-1", "", "a b", "\u00e9",
                    "x".repeat(500)})).append("\r\n");
        }
        if (random.nextInt(8) == 0) {
            head.append(pick(random, new String[]{"X-Hub-Signature-256: sha256=00", "X-Gitlab-Token: guess",
                    "X-GitHub-Event: push", "X-Forwarded-For: 1.2.3.4", "Accept: text/event-stream",
                    "Accept-Encoding: gzip", "Expect: 100-continue", "Upgrade: websocket", "Range: bytes=0-1",
                    "Cookie: slipway-console=" + Long.toHexString(random.nextLong())})).append("\r\n");
        }
        byte[] body = random.nextBoolean() ? new byte[0]
                : random.nextInt(4) == 0 ? randomBytes(random, random.nextInt(3000), "")
                : pick(random, BODIES).getBytes(StandardCharsets.UTF_8);
        boolean chunked = body.length > 0 && random.nextInt(5) == 0;
        if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (body.length > 0) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (chunked) {
            bytes.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            bytes.writeBytes(body);
            bytes.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            bytes.writeBytes(body);
        }
        return new Request("well-formed", bytes.toByteArray());
    }

    private Request brokenHead(Random random) {
        String path = path(random);
        String auth = authorization(random);
        String head = switch (random.nextInt(16)) {
            case 0 -> "GET /" + "a".repeat(4000 + random.nextInt(20_000)) + " HTTP/1.1\r\nHost: x\r\n\r\n";
            case 1 -> "GET " + path + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(16_000 + random.nextInt(30_000))
                    + "\r\n\r\n";
            case 2 -> "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + "X-Many: y\r\n".repeat(2000) + "\r\n";
            case 3 -> "GET " + path + " HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n";
            case 4 -> "GET " + path + " HTTP/1.1\r\nHost: x\r\nX-" + (char) random.nextInt(32) + ": y\r\n\r\n";
            case 5 -> "GET " + path + " HTTP/1.1\r\nHost: x\r\nX: a" + (char) random.nextInt(32) + "b\r\n\r\n";
            case 6 -> "GET " + path + " HTTP/1.1\r\nHost: x\r\nnocolon\r\n\r\n";
            case 7 -> "GET " + path + " HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n";
            case 8 -> "GET " + path + " " + pick(random, new String[]{"HTTP/2.0", "HTTP/7.1", "http/1.1", "HTTP/1",
                    "FOO/1.1", "HTTP/1.1.1", "HTTP/01.1"}) + "\r\nHost: x\r\n\r\n";
            case 9 -> "GET " + path + "\r\n\r\n";
            case 10 -> "GET " + path + " HTTP/1.1\r\n" + auth + "\r\n";
            case 11 -> "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab";
            case 12 -> "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + pick(random, new String[]{"-1",
                    "abc", "99999999999999999999", "1 2", "0x10"}) + "\r\n\r\n";
            case 13 -> "POST " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n"
                    + "\r\n0\r\n\r\n";
            case 14 -> "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
            default -> pick(random, METHODS) + "  " + path + "\tHTTP/1.1 \r\nHost:  \r\n\r\n";
        };
        return new Request("broken head", head.getBytes(StandardCharsets.UTF_8));
    }

    private Request mutated(Random random) {
        byte[] bytes = wellFormed(random).bytes();
        int changes = 1 + random.nextInt(8);
        for (int i = 0; i < changes && bytes.length > 0; i++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        ByteArrayOutputStream ended = new ByteArrayOutputStream();
        ended.writeBytes(bytes);
        // A flipped byte can end up in the head's last line: the head must still end for an answer to come.
        ended.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return new Request("mutated", ended.toByteArray());
    }

    private Request brokenBody(Random random) {
        String start = "POST /api/v1/namespaces/" + namespace + "/apps/" + app + "/" + pick(random,
                new String[]{"releases", "rollback", "builds"}) + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + authorization(random);
        String request = switch (random.nextInt(6)) {
            case 0 -> start + "Transfer-Encoding: chunked\r\n\r\nZZ\r\nab\r\n0\r\n\r\n";
            case 1 -> start + "Transfer-Encoding: chunked\r\n\r\n5\r\nab\r\n0\r\n\r\n";
            case 2 -> start + "Content-Encoding: gzip\r\nContent-Length: 4\r\n\r\n\u001f\u008b\u0008\u0000";
            case 3 -> start + "Content-Length: 70000\r\n\r\n" + "{".repeat(70_000);
            // Shorter than it says: the server waits for the rest, the client gives up.
            case 4 -> start + "Content-Length: 100\r\n\r\n{}";
            default -> start + "Content-Length: 15\r\n\r\n" + "{\"image\":\"\u00ff\u00fe\u00fd\"}";
        };
        return new Request("broken body", request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] randomBytes(Random random, int length, String end) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes);
        out.writeBytes(end.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
