package io.meshwork.core.quality;

import io.meshwork.core.auth.SecretFile;
import io.meshwork.core.cloudevents.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.header.Headers;

/**
 * The gateway's seal on an event it checked against its contract before publishing it: an
 * HMAC-SHA256 of the event's topic, CloudEvents id and value, with a key only the gateway and the
 * stream processors hold. The post-publish quality monitor skips the rules of a sealed event; a
 * native producer cannot make a seal, so whatever it publishes is checked, whatever its headers say.
 */
public final class CheckSeal {

    /** The header that carries the seal, base64. */
    public static final String HEADER = "mesh_checked_seal";

    private final SecretKeySpec key;

    /** @param hexKey the shared key, as hex digits (at least 32 bytes) */
    public CheckSeal(String hexKey) {
        this.key = new SecretKeySpec(SecretFile.hexKey(hexKey, "the check seal key"), "HmacSHA256");
    }

    /** Seals an event: adds {@link CloudEventHeaders#CHECKED_BY} and {@link #HEADER} to its headers. */
    public void seal(Headers headers, String topic, String id, byte[] value) {
        headers.add(CloudEventHeaders.header(CloudEventHeaders.CHECKED_BY, "gateway"));
        headers.add(CloudEventHeaders.header(HEADER, seal(topic, id, value)));
    }

    /** Whether the event carries a seal this key made for exactly this topic, id and value. */
    public boolean verifies(Headers headers, String topic, byte[] value) {
        Optional<String> seal = CloudEventHeaders.get(headers, HEADER);
        Optional<String> id = CloudEventHeaders.get(headers, CloudEventHeaders.ID);
        if (seal.isEmpty() || id.isEmpty() || value == null) {
            return false;
        }
        return MessageDigest.isEqual(seal.get().getBytes(StandardCharsets.US_ASCII),
                seal(topic, id.get(), value).getBytes(StandardCharsets.US_ASCII));
    }

    private String seal(String topic, String id, byte[] value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(topic.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(id.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(value));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available: " + e.getMessage(), e);
        }
    }
}
