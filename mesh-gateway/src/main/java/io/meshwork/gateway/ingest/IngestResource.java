package io.meshwork.gateway.ingest;

import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.auth.Callers;
import io.meshwork.gateway.problem.ProblemException;
import io.meshwork.gateway.problem.Problems;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;

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
        Ingestion.BatchResult batch = ingestion.publish(caller, source, topic, body, ndjson);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", batch.count("accepted"));
        answer.put("rejected", batch.count("rejected"));
        answer.put("failed", batch.count("failed"));
        answer.put("results", batch.results());
        if (batch.count("failed") > 0) {
            return Response.status(503).type(Problems.MEDIA_TYPE).header("Retry-After", "5")
                    .entity(Map.of("type", "about:blank", "title", "Kafka unavailable", "status", 503,
                            "detail", batch.count("failed") + " event(s) were not acknowledged by Kafka; send those again",
                            "results", batch.results()))
                    .build();
        }
        return Response.status(batch.count("rejected") > 0 ? 207 : 200).type(MediaType.APPLICATION_JSON)
                .entity(answer).build();
    }
}
