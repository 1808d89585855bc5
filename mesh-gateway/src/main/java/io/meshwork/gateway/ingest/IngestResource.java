package io.meshwork.gateway.ingest;

import io.meshwork.core.api.Problem;
import io.meshwork.core.api.PublishReport;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.auth.Callers;
import io.meshwork.gateway.problem.ProblemException;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /v1/products/{topic}/events}: 200 when every event was accepted, 207 with a status per
 * event when some were rejected, 503 with Retry-After when Kafka did not acknowledge some.
 */
@Path("/v1/products/{topic}/events")
@RolesAllowed({Caller.ADMIN, Caller.PRODUCER})
public class IngestResource {

    static final String NDJSON = "application/x-ndjson";

    @Inject
    Ingestion ingestion;

    @Inject
    Callers callers;

    @Inject
    ManagedExecutor workers;

    @ConfigProperty(name = "mesh.ingest.max-body-size")
    MemorySize maxBodySize;

    /**
     * Reads the body as it arrives, on the event loop (up to {@code quarkus.rest.input-buffer-size}), then
     * does the work on a worker thread. A body read by a blocking worker would hold back, over HTTP/2,
     * every other request of the connection: its flow-control window is given back only as bodies are
     * read, so the bodies of requests queued for a worker would use it up, and those being read would
     * wait for data the client could no longer send until the read timed out and the connection closed.
     */
    @POST
    @APIResponse(responseCode = "200", description = "Every event accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PublishReport.class)))
    @APIResponse(responseCode = "207", description = "Some events rejected (they are in the dead-letter topic)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PublishReport.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge some events: send those again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @NonBlocking
    @Consumes({MediaType.APPLICATION_JSON, NDJSON})
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> publish(@PathParam("topic") String topic, String body,
                                 @HeaderParam("Content-Type") String contentType, @Context HttpServerRequest request) {
        Caller caller = callers.current();
        String source = request.remoteAddress().hostAddress();
        return Uni.createFrom().item(() -> publish(caller, source, topic, body, contentType)).runSubscriptionOn(workers);
    }

    private Response publish(Caller caller, String source, String topic, String body, String contentType) {
        if (body.length() > maxBodySize.asLongValue()) {
            throw new ProblemException(413, "Body too large", "the body has " + body.length() + " bytes; a batch may"
                    + " have at most " + maxBodySize.asLongValue() + " (mesh.ingest.max-body-size): send smaller batches");
        }
        boolean ndjson = contentType != null && contentType.startsWith(NDJSON);
        PublishReport report = ingestion.publish(caller, source, topic, body, ndjson);
        if (report.failed() > 0) {
            return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "5")
                    .entity(new Problem("about:blank", "Kafka unavailable", 503, report.failed()
                            + " event(s) were not acknowledged by Kafka; send those again", null, List.of(),
                            report.results()))
                    .build();
        }
        return Response.status(report.rejected() > 0 ? 207 : 200).type(MediaType.APPLICATION_JSON)
                .entity(report).build();
    }
}
