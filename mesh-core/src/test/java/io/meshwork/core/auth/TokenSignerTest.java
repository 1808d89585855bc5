package io.meshwork.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSignerTest {

    @TempDir
    Path keys;

    @Test
    void signsATokenThatThePublicKeyVerifiesWithTheMeshClaims() throws Exception {
        KeyPair pair = KeyFiles.loadOrCreate(keys);

        String token = new TokenSigner(pair.getPrivate()).sign("orders-service", List.of("producer"),
                Optional.of("orders"), Duration.ofHours(1));

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(KeyFiles.publicKey(keys.resolve(KeyFiles.PUBLIC)));
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.get("alg").asText()).isEqualTo("RS256");
        assertThat(claims.get("iss").asText()).isEqualTo("meshwork");
        assertThat(claims.get("sub").asText()).isEqualTo("orders-service");
        assertThat(claims.get("groups").get(0).asText()).isEqualTo("producer");
        assertThat(claims.get("domain").asText()).isEqualTo("orders");
        assertThat(claims.get("exp").asLong()).isBetween(Instant.now().plusSeconds(3590).getEpochSecond(),
                Instant.now().plusSeconds(3601).getEpochSecond());
    }

    @Test
    void keepsTheKeyPairItCreated() {
        KeyPair first = KeyFiles.loadOrCreate(keys);
        KeyPair again = KeyFiles.loadOrCreate(keys);

        assertThat(again.getPublic().getEncoded()).isEqualTo(first.getPublic().getEncoded());
        assertThat(again.getPrivate().getEncoded()).isEqualTo(first.getPrivate().getEncoded());
        assertThat(keys.resolve(KeyFiles.PRIVATE)).content().startsWith("-----BEGIN PRIVATE KEY-----");
    }
}
