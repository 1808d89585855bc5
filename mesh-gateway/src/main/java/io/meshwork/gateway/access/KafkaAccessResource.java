package io.meshwork.gateway.access;

import io.meshwork.core.access.AccessRule;
import io.meshwork.core.access.KafkaClientCredentials;
import io.meshwork.core.api.CredentialsRequest;
import io.meshwork.core.api.PrincipalAccess;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.auth.Callers;
import io.meshwork.gateway.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Kafka access for native clients: a caller's own SASL credentials (registering a consumer or
 * admin on first asking), and what its principal may do.
 */
@Path("/v1/kafka")
@RolesAllowed({Caller.ADMIN, Caller.PRODUCER, Caller.CONSUMER})
@Produces(MediaType.APPLICATION_JSON)
public class KafkaAccessResource {

    private static final Comparator<AccessRule> RULE_ORDER = Comparator.comparing(AccessRule::resourceType)
            .thenComparing(AccessRule::name).thenComparing(AccessRule::patternType).thenComparing(AccessRule::operation);

    @Inject
    KafkaAccess access;

    @Inject
    Callers callers;

    /** The caller's Kafka credentials: bootstrap servers, protocol, mechanism, user name and password. */
    @POST
    @Path("/credentials")
    @Consumes(MediaType.APPLICATION_JSON)
    public KafkaClientCredentials credentials(CredentialsRequest request) {
        return access.credentials(callers.current(), Optional.ofNullable(request).map(CredentialsRequest::principal));
    }

    /** Removes a registered consumer's or admin's Kafka access. */
    @DELETE
    @Path("/credentials/{principal}")
    @APIResponse(responseCode = "204", description = "Forgotten")
    public Response forget(@PathParam("principal") String principal) {
        if (!access.forget(callers.current(), principal)) {
            throw new ProblemException(404, "Not registered", principal + " is not registered for Kafka access");
        }
        return Response.noContent().build();
    }

    /**
     * Every principal the mesh knows (its services, the domains' service identities, the registered
     * consumers and admins) and what each may do on Kafka; what {@code mesh k8s render --from-gateway}
     * renders as Strimzi users.
     */
    @GET
    @Path("/principals")
    @RolesAllowed(Caller.ADMIN)
    public List<PrincipalAccess> principals() {
        return access.plan().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new PrincipalAccess(e.getKey(), e.getValue().stream().map(AccessRule::of)
                        .sorted(RULE_ORDER).toList()))
                .toList();
    }

    /** What a principal may do on Kafka: the caller's own, or any principal's for an admin. */
    @GET
    @Path("/acls")
    public List<AccessRule> acls(@QueryParam("principal") String principal) {
        Caller caller = callers.current();
        String whose = principal == null || principal.isBlank() ? caller.principal() : principal;
        if (!whose.equals(caller.principal()) && !caller.admin()) {
            throw new ProblemException(403, "Not your access", caller.describe() + " may see only its own ACLs");
        }
        return access.acls(whose).stream().map(AccessRule::of).toList();
    }
}
