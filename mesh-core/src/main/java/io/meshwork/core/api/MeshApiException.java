package io.meshwork.core.api;

/** The gateway answered, and refused: its status and its problem. */
public final class MeshApiException extends RuntimeException {

    private final Problem problem;

    public MeshApiException(Problem problem) {
        super(problem.title() + " (HTTP " + problem.status() + "): " + problem.detail()
                + (problem.problems().isEmpty() ? "" : "\n  " + String.join("\n  ", problem.problems())));
        this.problem = problem;
    }

    public int status() {
        return problem.status();
    }

    public Problem problem() {
        return problem;
    }
}
