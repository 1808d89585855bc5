package io.meshwork.archiver.archive;

/** A record that cannot be archived yet (its product is not in the catalog, its domain has no key): retry later. */
final class NotYetArchivable extends RuntimeException {

    NotYetArchivable(String message) {
        super(message, null, false, false);
    }
}
