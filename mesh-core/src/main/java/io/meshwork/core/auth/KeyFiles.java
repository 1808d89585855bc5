package io.meshwork.core.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key pair that signs and verifies tokens, as PEM files in one folder: {@code private.pem}
 * (PKCS#8, readable by its owner only) and {@code public.pem} (X.509), the forms SmallRye JWT reads.
 */
public final class KeyFiles {

    public static final String PRIVATE = "private.pem";
    public static final String PUBLIC = "public.pem";

    private KeyFiles() {
    }

    /** The key pair in the folder, generated there first if it has none. */
    public static KeyPair loadOrCreate(Path folder) {
        try {
            if (Files.exists(folder.resolve(PRIVATE)) && Files.exists(folder.resolve(PUBLIC))) {
                return new KeyPair(publicKey(folder.resolve(PUBLIC)), privateKey(folder.resolve(PRIVATE)));
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(folder);
            Path privateFile = folder.resolve(PRIVATE);
            Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            SecretFile.restrictToOwner(privateFile);
            Files.writeString(folder.resolve(PUBLIC), pem("PUBLIC KEY", pair.getPublic().getEncoded()),
                    StandardCharsets.US_ASCII);
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the key pair in " + folder, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the key pair in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Reads a PKCS#8 private key PEM file. */
    public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(file)));
    }

    /** Reads an X.509 public key PEM file. */
    public static PublicKey publicKey(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(file)));
    }

    private static byte[] der(Path file) throws IOException {
        String base64 = Files.readString(file, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
