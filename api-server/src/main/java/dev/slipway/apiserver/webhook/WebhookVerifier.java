package dev.slipway.apiserver.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Checks that a webhook delivery comes from someone who knows the App's webhook secret. Both
 * checks take the same time however much of the answer is right.
 */
public final class WebhookVerifier {

    private WebhookVerifier() {
    }

    /** GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body, keyed by the secret>}. */
    public static boolean github(byte[] secret, byte[] body, String signatureHeader) {
        if (signatureHeader == null || !signatureHeader.startsWith("sha256=")) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signatureHeader.substring(7));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmacSha256(secret, body), given);
    }

    /**
     * GitLab: {@code X-Gitlab-Token} is the secret itself. Digests of both are compared, so the
     * time taken does not depend on the token's length either.
     */
    public static boolean gitlab(byte[] secret, String tokenHeader) {
        if (tokenHeader == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(secret), sha256(tokenHeader.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
