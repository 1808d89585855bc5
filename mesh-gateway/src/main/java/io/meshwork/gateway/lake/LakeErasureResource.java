package io.meshwork.gateway.lake;

import io.meshwork.core.api.LakeErasure;
import io.meshwork.core.api.MeshClient;
import io.meshwork.gateway.audit.AuditEvent;
import io.meshwork.gateway.audit.AuditLog;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.auth.Callers;
import io.meshwork.gateway.problem.ProblemException;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The audit trail of erasures from the lake's tables, which {@code mesh lake erase} does with the
 * lake's own credentials: it records here before it erases (nothing is erased unless the trail has
 * it) and again once the rows are gone.
 */
@Path("/v1/lake/erasures")
@Singleton
@RolesAllowed(Caller.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class LakeErasureResource {

    private final AuditLog audit;

    @Inject
    Callers callers;

    @Inject
    LakeErasureResource(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.audit = new AuditLog(kafka);
    }

    /** Records an erasure about to happen ({@code erasedRows} absent) or done; the reason header is required. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public LakeErasure record(LakeErasure erasure, @HeaderParam(MeshClient.REASON) String reason) {
        if (erasure == null || erasure.topic() == null || erasure.topic().isBlank()
                || erasure.where() == null || erasure.where().isBlank()) {
            throw new ProblemException(400, "Incomplete erasure", "an erasure names its topic and its predicate (where)");
        }
        if (reason == null || reason.isBlank()) {
            throw new ProblemException(400, "No reason", "an erasure needs a reason, in header " + MeshClient.REASON);
        }
        boolean done = erasure.erasedRows() != null;
        List<String> changes = new ArrayList<>();
        changes.add((done ? "erased rows where " : "erasing rows where ") + erasure.where());
        if (done) {
            changes.add(erasure.erasedRows() + " row(s) in " + erasure.rewrittenFiles() + " file(s); snapshot "
                    + erasure.snapshot() + " holds none of them and every older snapshot was expired");
        }
        synchronized (audit) {
            audit.start();
        }
        audit.record(new AuditEvent(Instant.now(), callers.current().principal(),
                done ? "lake.erased" : "lake.erasure.requested", erasure.topic(), reason, changes));
        return erasure;
    }

    @PreDestroy
    void close() {
        audit.close();
    }
}
