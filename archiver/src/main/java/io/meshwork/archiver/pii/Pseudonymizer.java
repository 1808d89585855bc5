package io.meshwork.archiver.pii;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms: HMAC-SHA256 of a value's text under its domain's key, in hex. The same value of
 * the same domain always gives the same pseudonym, so analysts can still count and join on it, but
 * without the key nobody can tell what it stood for. A domain without a key cannot be archived.
 */
public final class Pseudonymizer {

    private static final String HMAC = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, String> keys;
    private final Optional<String> masterKey;
    private final Map<String, SecretKeySpec> resolved = new ConcurrentHashMap<>();
    /** An initialized HMAC per domain for each thread: a Mac is not thread-safe, and making one costs more than using it. */
    private final ThreadLocal<Map<String, Mac>> macs = ThreadLocal.withInitial(HashMap::new);

    /**
     * @param keys each domain's own key
     * @param masterKey from which a domain without its own key gets one (HMAC of its name)
     */
    public Pseudonymizer(Map<String, String> keys, Optional<String> masterKey) {
        this.keys = Map.copyOf(keys);
        this.masterKey = masterKey.filter(k -> !k.isBlank());
    }

    /** Whether the domain's values can be pseudonymized. */
    public boolean hasKey(String domain) {
        return keys.containsKey(domain) || masterKey.isPresent();
    }

    /** The pseudonym of a value, or null for null. */
    public String pseudonym(String domain, Object value) {
        if (value == null) {
            return null;
        }
        Mac mac = macs.get().computeIfAbsent(domain, d -> mac(resolved.computeIfAbsent(d, this::keyOf)));
        return HEX.formatHex(mac.doFinal(value.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private SecretKeySpec keyOf(String domain) {
        String own = keys.get(domain);
        if (own != null) {
            return new SecretKeySpec(own.getBytes(StandardCharsets.UTF_8), HMAC);
        }
        String master = masterKey.orElseThrow(() -> new IllegalStateException("no pseudonymization key for domain "
                + domain + ": set mesh.archiver.pii-keys." + domain + " or mesh.archiver.pii-master-key"));
        Mac derive = mac(new SecretKeySpec(master.getBytes(StandardCharsets.UTF_8), HMAC));
        return new SecretKeySpec(derive.doFinal(("meshwork pii key of domain " + domain).getBytes(StandardCharsets.UTF_8)),
                HMAC);
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
