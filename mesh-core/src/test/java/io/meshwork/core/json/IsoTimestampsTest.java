package io.meshwork.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsoTimestampsTest {

    @Test
    void readsTimestampsAsTheStandardParserDoes() {
        for (String text : List.of("2026-11-22T12:00:00Z", "2026-11-22T12:00:00.1Z", "2026-11-22T12:00:00.123456789Z",
                "2026-11-22T12:00:00.123+01:00", "2026-11-22T00:30:00-05:30", "1970-01-01T00:00:00Z",
                "2024-02-29T23:59:59.999Z", "1969-12-31T23:59:59.5Z", "2026-11-22T12:00+01:00",
                "2026-11-22T12:00:00+01:00:30", "+12026-11-22T12:00:00Z", "2026-11-22T12:00:00.Z")) {
            assertThat(IsoTimestamps.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
        assertThat(IsoTimestamps.parse("2026-11-22T12:00:00.5+01:00")).isEqualTo(Instant.parse("2026-11-22T11:00:00.500Z"));
    }

    @Test
    void refusesWhatTheStandardParserRefuses() {
        for (String text : List.of("2026-02-30T12:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T12:00:00",
                "2026-11-22 12:00:00Z", "2026-11-22T12:00:60Z", "2026-13-01T00:00:00Z",
                "2026-11-22T12:00:00.1234567891Z", "2026-11-22T12:00:00+19:00", "yesterday")) {
            assertThatThrownBy(() -> IsoTimestamps.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
