package io.meshwork.gateway.ingest;

import io.meshwork.core.api.ReprocessReport;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.auth.Callers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

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
    public ReprocessReport reprocess(@PathParam("domain") String domain) {
        return ReprocessReport.of(reprocessing.reprocess(callers.current(), domain));
    }
}
