package io.meshwork.core.kafka;

/** A control-plane record larger than Kafka takes: a write no retry can make. */
public final class ControlRecordTooLargeException extends RuntimeException {

    public ControlRecordTooLargeException(String topic, Exception cause) {
        super("the record is larger than Kafka takes for " + topic + ": " + cause.getMessage(), cause);
    }
}
