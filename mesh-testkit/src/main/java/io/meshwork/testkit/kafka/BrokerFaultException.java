package io.meshwork.testkit.kafka;

/**
 * Thrown where an in-process broker would have exited or halted the JVM: Kafka calls
 * {@code Exit.exit} or {@code Exit.halt} on fatal faults such as a failed log directory.
 */
public final class BrokerFaultException extends RuntimeException {

    private final int status;

    BrokerFaultException(String kind, int status, String message) {
        super("Kafka broker asked to " + kind + " the JVM with status " + status
                + (message == null ? "" : ": " + message));
        this.status = status;
    }

    /** The exit status the broker asked for. */
    public int status() {
        return status;
    }
}
