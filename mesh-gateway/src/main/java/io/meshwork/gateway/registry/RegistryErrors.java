package io.meshwork.gateway.registry;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.MediaType;
import io.meshwork.gateway.problem.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Registry failures in the body Confluent's clients read: {@code {"error_code": 40401, "message": "..."}}.
 */
public class RegistryErrors {

    @ServerExceptionMapper
    public Response registryFailure(RegistryException e) {
        Response.ResponseBuilder response = body(e.status(), e.errorCode(), e.getMessage());
        if (e.status() == 503) {
            response.header("Retry-After", "5");
        }
        return response.build();
    }

    /** Auth failures in the style of the API that was called: Confluent's under /registry, problem+json elsewhere. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(UriInfo uri) {
        String detail = "send a bearer token (Authorization: Bearer <jwt>); ./mesh token makes one for the dev mesh";
        Response response = isRegistry(uri) ? body(401, 40101, "Unauthorized: " + detail).build()
                : Problems.response(401, "Unauthorized", detail, uri.getPath(), List.of());
        return Response.fromResponse(response).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        String detail = "this token's roles may not make this call";
        return isRegistry(uri) ? body(403, 40301, "Forbidden: " + detail).build()
                : Problems.response(403, "Forbidden", detail, uri.getPath(), List.of());
    }

    private static boolean isRegistry(UriInfo uri) {
        return uri.getPath().startsWith("/registry");
    }

    private static Response.ResponseBuilder body(int status, int errorCode, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error_code", errorCode, "message", message));
    }
}
