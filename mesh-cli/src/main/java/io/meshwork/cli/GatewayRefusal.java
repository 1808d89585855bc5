package io.meshwork.cli;

import io.meshwork.core.api.MeshApiException;
import io.meshwork.core.api.Problem;
import java.io.PrintWriter;

/** Prints what the gateway refused and why, from its problem. */
public final class GatewayRefusal {

    private GatewayRefusal() {
    }

    /** Prints the refusal and returns the exit status for it, 1. */
    public static int print(PrintWriter err, MeshApiException refusal) {
        Problem problem = refusal.problem();
        err.println("mesh: " + (problem.title() == null ? "refused" : problem.title()) + " (HTTP " + problem.status()
                + "): " + (problem.detail() == null ? "" : problem.detail()));
        problem.problems().forEach(line -> err.println("  " + line));
        err.flush();
        return 1;
    }
}
