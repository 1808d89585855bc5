package io.meshwork.processors.query;

import io.meshwork.core.api.AggregateAnswer;
import io.meshwork.core.api.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /v1/aggregates/{topic}/{key}?from=&to=}: the windows of one key of an aggregate
 * product, from any instance. Without a range, the last hour.
 */
@Path("/v1/aggregates")
@RolesAllowed({"admin", "producer", "consumer"})
@Produces(MediaType.APPLICATION_JSON)
public class AggregateResource {

    @Inject
    InteractiveQueries queries;

    @GET
    @Path("/{topic}/{key}")
    @APIResponse(responseCode = "200", description = "The key's windows in the range",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AggregateAnswer.class)))
    @APIResponse(responseCode = "400", description = "The range is not two ISO-8601 instants",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "The topic is not an aggregate computed here",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Starting or rebalancing, or the instance holding the key is unreachable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response windows(@PathParam("topic") String topic, @PathParam("key") String key,
                            @QueryParam("from") String from, @QueryParam("to") String to,
                            @HeaderParam("Authorization") String authorization) {
        Instant end;
        Instant start;
        try {
            end = to == null ? Instant.now() : Instant.parse(to);
            start = from == null ? end.minus(Duration.ofHours(1)) : Instant.parse(from);
        } catch (DateTimeParseException e) {
            return problem(400, "Invalid range", "from and to are ISO-8601 instants like 2026-11-22T12:00:00Z: "
                    + e.getParsedString());
        }
        InteractiveQueries.Outcome outcome = queries.windows(topic, key, start, end, authorization);
        if (outcome instanceof InteractiveQueries.Found found) {
            return Response.ok(found.answer()).build();
        }
        if (outcome instanceof InteractiveQueries.NotAggregate notAggregate) {
            return problem(404, "Not an aggregate", notAggregate.message());
        }
        return Response.fromResponse(problem(503, "Not available", ((InteractiveQueries.Unavailable) outcome).message()))
                .header("Retry-After", "2").build();
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, title, detail, null, List.of())).build();
    }
}
