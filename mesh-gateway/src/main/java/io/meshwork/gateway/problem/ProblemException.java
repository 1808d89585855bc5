package io.meshwork.gateway.problem;

import java.util.List;

/**
 * An expected failure of a {@code /v1} call, answered as {@code application/problem+json}: a status,
 * a short title, what happened and how to fix it, and the individual problems when there are several.
 */
public final class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<String> problems;
    private final Integer retryAfterSeconds;

    public ProblemException(int status, String title, String detail, List<String> problems) {
        this(status, title, detail, problems, null);
    }

    private ProblemException(int status, String title, String detail, List<String> problems, Integer retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.title = title;
        this.problems = List.copyOf(problems);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A refusal the caller may retry after the given time, answered with {@code Retry-After}. */
    public static ProblemException retryLater(int status, String title, String detail, int retryAfterSeconds) {
        return new ProblemException(status, title, detail, List.of(), retryAfterSeconds);
    }

    /** Seconds after which the call may succeed, or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<String> problems() {
        return problems;
    }
}
