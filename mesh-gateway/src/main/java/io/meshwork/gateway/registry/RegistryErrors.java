package io.meshwork.gateway.registry;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized() {
        return body(401, 40101, "Unauthorized: send a bearer token (Authorization: Bearer <jwt>)")
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return body(403, 40301, "Forbidden: this token's roles may not call the registry").build();
    }

    private static Response.ResponseBuilder body(int status, int errorCode, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error_code", errorCode, "message", message));
    }
}
