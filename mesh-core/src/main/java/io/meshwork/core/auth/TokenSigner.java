package io.meshwork.core.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshwork.core.json.MeshJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Mints the mesh's bearer tokens: JWTs signed with RS256, issued by {@value #ISSUER}, naming the
 * caller ({@code sub}), its roles ({@code groups}: admin, producer, consumer) and, for a
 * producer, the domain it acts for ({@code domain}).
 */
public final class TokenSigner {

    public static final String ISSUER = "meshwork";
    private static final ObjectMapper JSON = MeshJson.mapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;

    public TokenSigner(PrivateKey key) {
        this.key = key;
    }

    /**
     * A signed token.
     *
     * @param subject who the token names, e.g. {@code orders-service}
     * @param roles its roles
     * @param domain the domain a producer acts for
     * @param lifetime how long the token is valid
     */
    public String sign(String subject, List<String> roles, Optional<String> domain, Duration lifetime) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("groups", roles);
        domain.ifPresent(d -> claims.put("domain", d));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        String signingInput = encode(Map.of("alg", "RS256", "typ", "JWT")) + "." + encode(claims);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
    }

    private static String encode(Map<String, Object> json) {
        try {
            return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
