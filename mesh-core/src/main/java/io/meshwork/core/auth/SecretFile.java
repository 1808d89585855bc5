package io.meshwork.core.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A random secret kept in a file readable by its owner only: made on first use, then read back,
 * so that what it derives (pseudonyms, passwords) stays the same across restarts.
 */
public final class SecretFile {

    private SecretFile() {
    }

    /** The secret in the file as 64 hex digits, generated there first if the file does not exist. */
    public static String loadOrCreate(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).trim();
            }
            String hex = random();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, hex + "\n");
            restrictToOwner(file);
            return hex;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret " + file, e);
        }
    }

    /** 32 random bytes as 64 hex digits. */
    public static String random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    /**
     * The bytes of a secret key written as hex digits, as {@link #random} and {@link #loadOrCreate} make them.
     *
     * @param what the key, for the message when it is not one
     * @throws IllegalArgumentException when it is not hex, or shorter than 32 bytes
     */
    public static byte[] hexKey(String hex, String what) {
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(hex.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be hex digits: " + e.getMessage());
        }
        if (bytes.length < 32) {
            throw new IllegalArgumentException(what + " must have at least 32 bytes (64 hex digits), has " + bytes.length);
        }
        return bytes;
    }

    /** Makes a file readable and writable by its owner only, where the file system knows permissions. */
    public static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions keeps its defaults
        }
    }
}
