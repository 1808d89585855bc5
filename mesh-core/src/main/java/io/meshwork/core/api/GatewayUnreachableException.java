package io.meshwork.core.api;

import java.net.URI;

/** The gateway did not answer: it is not running, not reachable, or too slow for the timeout. */
public final class GatewayUnreachableException extends RuntimeException {

    public GatewayUnreachableException(URI gateway, Throwable cause) {
        super("cannot reach the gateway at " + gateway + " (" + cause + "); is it running?", cause);
    }
}
