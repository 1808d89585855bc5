package io.meshwork.gateway.registry;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.meshwork.gateway.problem.ApiErrors;
import io.meshwork.gateway.problem.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Registry failures in the body Confluent's clients read: {@code {"error_code": 40401, "message": "..."}}.
 */
public class RegistryErrors {

    @ServerExceptionMapper
    public Response registryFailure(RegistryException e) {
        Response.ResponseBuilder response = ApiErrors.confluent(e.status(), e.errorCode(), e.getMessage());
        if (e.status() == 503) {
            response.header("Retry-After", "5");
        }
        return response.build();
    }

    /** Auth failures in the style of the API that was called: Confluent's under /registry, problem+json elsewhere. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(UriInfo uri) {
        String detail = "send a bearer token (Authorization: Bearer <jwt>); ./mesh token makes one for the dev mesh";
        Response response = ApiErrors.isRegistry(uri) ? ApiErrors.confluent(401, 40101, "Unauthorized: " + detail).build()
                : Problems.response(401, "Unauthorized", detail, uri.getPath(), List.of());
        return Response.fromResponse(response).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        String detail = "this token's roles may not make this call";
        return ApiErrors.isRegistry(uri) ? ApiErrors.confluent(403, 40301, "Forbidden: " + detail).build()
                : Problems.response(403, "Forbidden", detail, uri.getPath(), List.of());
    }
}
