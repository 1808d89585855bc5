package io.meshwork.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An {@code application/problem+json} body (RFC 9457) as the gateway writes it.
 *
 * @param type always {@code about:blank}: the title says what went wrong
 * @param title what went wrong, in a few words
 * @param status the HTTP status
 * @param detail what went wrong here, and how to fix it
 * @param instance the request path
 * @param problems each problem found, e.g. {@code file:line: field: message}; absent when there is one
 * @param results for a batch of events Kafka did not wholly acknowledge, what happened to each
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<String> problems,
                      List<EventResult> results) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        problems = problems == null ? List.of() : List.copyOf(problems);
        results = results == null ? List.of() : List.copyOf(results);
    }

    public static Problem of(int status, String title, String detail, String instance, List<String> problems) {
        return new Problem("about:blank", title, status, detail, instance, problems, List.of());
    }
}
