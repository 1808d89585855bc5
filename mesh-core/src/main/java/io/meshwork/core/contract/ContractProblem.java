package io.meshwork.core.contract;

import java.nio.file.Path;

/**
 * Something wrong with a contract, located for the person who fixes it.
 *
 * @param file the contract or schema file
 * @param line the 1-based line, or 0 when the problem is with the file as a whole
 * @param field the path of the offending field in the file, e.g. {@code quality[1].implementation}
 * @param message what is wrong and how to fix it
 */
public record ContractProblem(Path file, int line, String field, String message) {

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
