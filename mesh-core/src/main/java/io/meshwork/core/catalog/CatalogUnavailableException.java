package io.meshwork.core.catalog;

import java.net.URI;

/** The gateway's catalog could not answer: unreachable, or refusing for now. */
public final class CatalogUnavailableException extends RuntimeException {

    public CatalogUnavailableException(URI gateway, RuntimeException cause) {
        super("the catalog at " + gateway + " cannot answer: " + cause.getMessage(), cause);
    }
}
