package io.meshwork.gateway.problem;

import io.meshwork.core.api.registry.RegistryError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * An error in the style of the API that was called: Confluent's {@code {"error_code", "message"}}
 * under {@code /registry}, whose clients read nothing else, and problem+json everywhere else.
 */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static boolean isRegistry(UriInfo uri) {
        return uri.getPath().startsWith("/registry");
    }

    /**
     * @param errorCode Confluent's error code, used under {@code /registry}
     */
    public static Response of(UriInfo uri, int status, String title, String detail, int errorCode) {
        return isRegistry(uri) ? confluent(status, errorCode, title + ": " + detail).build()
                : Problems.response(status, title, detail, uri.getPath(), List.of());
    }

    /** Confluent's error body. */
    public static Response.ResponseBuilder confluent(int status, int errorCode, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new RegistryError(errorCode, message));
    }
}
