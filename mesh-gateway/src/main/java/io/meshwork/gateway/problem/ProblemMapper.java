package io.meshwork.gateway.problem;

import io.meshwork.core.kafka.ControlLogUnavailableException;
import io.meshwork.core.kafka.ControlRecordTooLargeException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers the {@code /v1} API's failures as problem+json. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = Problems.response(e.status(), e.title(), e.getMessage(), uri.getPath(), e.problems());
        return e.retryAfterSeconds() == null ? response
                : Response.fromResponse(response).header("Retry-After", String.valueOf(e.retryAfterSeconds())).build();
    }

    @ServerExceptionMapper
    public Response tooLarge(ControlRecordTooLargeException e, UriInfo uri) {
        return ApiErrors.of(uri, 413, "Too large", e.getMessage() + "; send less", 42201);
    }

    @ServerExceptionMapper
    public Response unavailable(ControlLogUnavailableException e, UriInfo uri) {
        Response response = Problems.response(503, "Kafka unavailable", e.getMessage() + "; try again", uri.getPath(),
                List.of());
        return Response.fromResponse(response).header("Retry-After", "5").build();
    }
}
