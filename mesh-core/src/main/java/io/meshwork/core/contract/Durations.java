package io.meshwork.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The ISO-8601 durations a contract names: positive, and at most a century. */
final class Durations {

    /** The longest duration a contract may name: Kafka keeps retention in milliseconds, and no SLA is longer. */
    static final Duration MAX = Duration.ofDays(36_500);

    private Durations() {
    }

    static Optional<Duration> read(JsonNode value, String pointer, Findings findings) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            findings.at(pointer, "must be an ISO-8601 duration such as PT5M, PT48H or P7D");
            return Optional.empty();
        }
        return read(value.asText(), pointer, findings);
    }

    static Optional<Duration> read(String text, String pointer, Findings findings) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.isZero()) {
                findings.at(pointer, "'" + text + "' must be a positive duration");
                return Optional.empty();
            }
            if (duration.compareTo(MAX) > 0) {
                findings.at(pointer, "'" + text + "' is longer than the " + MAX.toDays()
                        + " days (100 years) a duration may be");
                return Optional.empty();
            }
            return Optional.of(duration);
        } catch (DateTimeParseException e) {
            findings.at(pointer, "'" + text + "' is not an ISO-8601 duration such as PT5M, PT48H or P7D");
            return Optional.empty();
        }
    }
}
