package io.meshwork.gateway.ingest;

import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.auth.Callers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/dlq/{domain}/reprocess}: republishes the domain's dead letters that pass the current contracts. */
@Path("/v1/dlq/{domain}/reprocess")
@RolesAllowed({Caller.ADMIN, Caller.PRODUCER})
public class ReprocessResource {

    @Inject
    Reprocessing reprocessing;

    @Inject
    Callers callers;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> reprocess(@PathParam("domain") String domain) {
        List<Reprocessing.Outcome> outcomes = reprocessing.reprocess(callers.current(), domain);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("republished", outcomes.stream().filter(o -> o.status().equals("republished")).count());
        answer.put("rejected", outcomes.stream().filter(o -> o.status().equals("rejected")).count());
        answer.put("skipped", outcomes.stream().filter(o -> o.status().equals("skipped")).count());
        answer.put("results", outcomes);
        return answer;
    }
}
