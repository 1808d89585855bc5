package io.meshwork.gateway.ingest;

import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.auth.Callers;
import io.meshwork.gateway.problem.ProblemException;
import io.meshwork.gateway.problem.Problems;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    @ConfigProperty(name = "mesh.ingest.max-body-size")
    MemorySize maxBodySize;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, NDJSON})
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(@PathParam("topic") String topic, String body,
                            @HeaderParam("Content-Type") String contentType, @Context HttpServerRequest request) {
        if (body.length() > maxBodySize.asLongValue()) {
            throw new ProblemException(413, "Body too large", "the body has " + body.length() + " bytes; a batch may"
                    + " have at most " + maxBodySize.asLongValue() + " (mesh.ingest.max-body-size): send smaller batches");
        }
        boolean ndjson = contentType != null && contentType.startsWith(NDJSON);
        Ingestion.BatchResult batch = ingestion.publish(callers.current(), request.remoteAddress().hostAddress(), topic,
                body, ndjson);
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
