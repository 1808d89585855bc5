package io.meshwork.core.kafka;

/** Kafka cannot be read or written right now; the caller may try again later. */
public final class ControlLogUnavailableException extends RuntimeException {

    public ControlLogUnavailableException(String message) {
        super(message);
    }
}
