package io.meshwork.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints an expected failure as one line that says what went wrong, and exits with status 1;
 * the stack trace appears only with {@code MESH_LOG_LEVEL=DEBUG}.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        command.getErr().println(command.getColorScheme().errorText("mesh: " + e.getMessage()));
        if ("DEBUG".equalsIgnoreCase(System.getenv("MESH_LOG_LEVEL"))) {
            e.printStackTrace(command.getErr());
        }
        return 1;
    }
}
