package io.meshwork.cli;

import io.meshwork.core.api.MeshApiException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Prints an expected failure as one line that says what went wrong (a gateway's refusal with the
 * problems it lists), and exits with status 1; the stack trace appears only with {@code MESH_LOG_LEVEL=DEBUG}.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        if (e instanceof MeshApiException refusal) {
            return GatewayRefusal.print(command.getErr(), refusal);
        }
        command.getErr().println(command.getColorScheme().errorText("mesh: " + e.getMessage()));
        if ("DEBUG".equalsIgnoreCase(System.getenv("MESH_LOG_LEVEL"))) {
            e.printStackTrace(command.getErr());
        }
        return 1;
    }
}
