package io.meshwork.core.json;

/**
 * Why part of a JSON event does not fit its schema.
 *
 * @param path where, as a JSON path, e.g. {@code $.items[2].quantity}
 * @param message what is wrong and what was expected
 */
public record JsonProblem(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
