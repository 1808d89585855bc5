package io.meshwork.cli.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The dev mesh's pseudonymization master key: random on first start, then the same, so pseudonyms stay stable. */
final class PiiKey {

    private PiiKey() {
    }

    static String loadOrCreate(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).trim();
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String hex = HexFormat.of().formatHex(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, hex + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no POSIX permissions; the key folder is the user's own
            }
            return hex;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the pseudonymization key " + file, e);
        }
    }
}
