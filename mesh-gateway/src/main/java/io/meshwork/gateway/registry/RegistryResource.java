package io.meshwork.gateway.registry;

import io.meshwork.core.api.registry.CompatibilityCheck;
import io.meshwork.core.api.registry.ConfigUpdate;
import io.meshwork.core.api.registry.RegisteredSchema;
import io.meshwork.core.api.registry.RegistryConfig;
import io.meshwork.core.api.registry.RegistryMode;
import io.meshwork.core.api.registry.SchemaId;
import io.meshwork.core.api.registry.SchemaRequest;
import io.meshwork.core.api.registry.SchemaString;
import io.meshwork.core.api.registry.SubjectVersion;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.auth.Callers;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Confluent Schema Registry's REST API for Avro, under {@code /registry}: point a Confluent client's
 * {@code schema.registry.url} at {@code http://<gateway>/registry}. Every call needs a bearer token.
 * Reads are answered from the registry's state in memory on the I/O thread; writes, which wait for
 * Kafka, on a worker.
 */
@Path("/registry")
@RolesAllowed({Caller.ADMIN, Caller.PRODUCER, Caller.CONSUMER})
@Produces({RegistryResource.SR_V1, RegistryResource.SR, MediaType.APPLICATION_JSON})
@Consumes({RegistryResource.SR_V1, RegistryResource.SR, MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
public class RegistryResource {

    static final String SR_V1 = "application/vnd.schemaregistry.v1+json";
    static final String SR = "application/vnd.schemaregistry+json";
    /** The header with which an admin registers a schema that fails the compatibility check. */
    static final String OVERRIDE_REASON = "X-Mesh-Override-Reason";

    @Inject
    SchemaRegistry registry;

    @Inject
    Callers callers;

    @GET
    @NonBlocking
    @Path("/schemas/types")
    public List<String> schemaTypes() {
        return List.of("AVRO");
    }

    @GET
    @NonBlocking
    @Path("/schemas/ids/{id}")
    public SchemaString schemaById(@PathParam("id") int id) {
        return new SchemaString(registry.schemaById(id));
    }

    @GET
    @NonBlocking
    @Path("/schemas/ids/{id}/schema")
    @APIResponse(responseCode = "200", description = "The schema itself, as JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Response rawSchemaById(@PathParam("id") int id) {
        return raw(registry.schemaById(id));
    }

    @GET
    @NonBlocking
    @Path("/schemas/ids/{id}/versions")
    public List<SubjectVersion> versionsOfId(@PathParam("id") int id, @QueryParam("deleted") boolean deleted) {
        return registry.usesOfId(id, deleted).stream().map(v -> new SubjectVersion(v.subject(), v.version())).toList();
    }

    @GET
    @NonBlocking
    @Path("/schemas/ids/{id}/subjects")
    public List<String> subjectsOfId(@PathParam("id") int id, @QueryParam("deleted") boolean deleted) {
        return registry.usesOfId(id, deleted).stream().map(SchemaRegistry.Version::subject).distinct().toList();
    }

    @GET
    @NonBlocking
    @Path("/subjects")
    public List<String> subjects(@QueryParam("deleted") boolean deleted, @QueryParam("subjectPrefix") String prefix) {
        return registry.subjects(deleted, prefix);
    }

    @GET
    @NonBlocking
    @Path("/subjects/{subject}/versions")
    public List<Integer> versions(@PathParam("subject") String subject, @QueryParam("deleted") boolean deleted) {
        return registry.versions(subject, deleted);
    }

    @GET
    @NonBlocking
    @Path("/subjects/{subject}/versions/{version}")
    public RegisteredSchema version(@PathParam("subject") String subject, @PathParam("version") String version,
                                       @QueryParam("deleted") boolean deleted) {
        return versionBody(registry.version(subject, version, deleted));
    }

    @GET
    @NonBlocking
    @Path("/subjects/{subject}/versions/{version}/schema")
    @APIResponse(responseCode = "200", description = "The schema itself, as JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Response rawVersion(@PathParam("subject") String subject, @PathParam("version") String version,
                               @QueryParam("deleted") boolean deleted) {
        return raw(registry.version(subject, version, deleted).schema());
    }

    @GET
    @NonBlocking
    @Path("/subjects/{subject}/versions/{version}/referencedby")
    public List<Integer> referencedBy(@PathParam("subject") String subject, @PathParam("version") String version) {
        registry.version(subject, version, false);
        return List.of();
    }

    @POST
    @Path("/subjects/{subject}/versions")
    public SchemaId register(@PathParam("subject") String subject, SchemaRequest request,
                                        @HeaderParam(OVERRIDE_REASON) String overrideReason) {
        requireNoReferences(request);
        int id = registry.register(callers.current(), subject, request.schema(), request.schemaType(),
                overrideReason == null || overrideReason.isBlank() ? null : overrideReason, request.id(),
                request.version());
        return new SchemaId(id);
    }

    @POST
    @Path("/subjects/{subject}")
    public RegisteredSchema lookup(@PathParam("subject") String subject, SchemaRequest request,
                                      @QueryParam("deleted") boolean deleted) {
        requireNoReferences(request);
        return versionBody(registry.lookup(subject, request.schema(), deleted));
    }

    @DELETE
    @Path("/subjects/{subject}")
    public List<Integer> deleteSubject(@PathParam("subject") String subject, @QueryParam("permanent") boolean permanent) {
        return registry.deleteSubject(callers.current(), subject, permanent);
    }

    @DELETE
    @Path("/subjects/{subject}/versions/{version}")
    public int deleteVersion(@PathParam("subject") String subject, @PathParam("version") String version,
                             @QueryParam("permanent") boolean permanent) {
        return registry.deleteVersion(callers.current(), subject, version, permanent);
    }

    @POST
    @Path("/compatibility/subjects/{subject}/versions/{version}")
    public CompatibilityCheck compatibleWithVersion(@PathParam("subject") String subject,
                                                     @PathParam("version") String version, SchemaRequest request,
                                                     @QueryParam("verbose") boolean verbose) {
        requireNoReferences(request);
        return compatibilityBody(registry.testCompatibility(subject, version, request.schema()), verbose);
    }

    @POST
    @Path("/compatibility/subjects/{subject}/versions")
    public CompatibilityCheck compatibleWithSubject(@PathParam("subject") String subject, SchemaRequest request,
                                                     @QueryParam("verbose") boolean verbose) {
        requireNoReferences(request);
        return compatibilityBody(registry.testCompatibility(subject, null, request.schema()), verbose);
    }

    @GET
    @NonBlocking
    @Path("/config")
    public RegistryConfig globalConfig() {
        return new RegistryConfig(registry.config(null, true).name());
    }

    @PUT
    @Path("/config")
    public ConfigUpdate setGlobalConfig(ConfigUpdate request) {
        return new ConfigUpdate(registry.setConfig(callers.current(), null, compatibility(request)).name());
    }

    @DELETE
    @Path("/config")
    public RegistryConfig deleteGlobalConfig() {
        return new RegistryConfig(registry.deleteConfig(callers.current(), null).name());
    }

    @GET
    @NonBlocking
    @Path("/config/{subject}")
    public RegistryConfig subjectConfig(@PathParam("subject") String subject,
                                            @QueryParam("defaultToGlobal") boolean defaultToGlobal) {
        return new RegistryConfig(registry.config(subject, defaultToGlobal).name());
    }

    @PUT
    @Path("/config/{subject}")
    public ConfigUpdate setSubjectConfig(@PathParam("subject") String subject, ConfigUpdate request) {
        return new ConfigUpdate(registry.setConfig(callers.current(), subject, compatibility(request)).name());
    }

    @DELETE
    @Path("/config/{subject}")
    public RegistryConfig deleteSubjectConfig(@PathParam("subject") String subject) {
        return new RegistryConfig(registry.deleteConfig(callers.current(), subject).name());
    }

    @GET
    @NonBlocking
    @Path("/mode")
    public RegistryMode globalMode() {
        return new RegistryMode(registry.mode(null, true).name());
    }

    @PUT
    @Path("/mode")
    public RegistryMode setGlobalMode(RegistryMode request) {
        return new RegistryMode(registry.setMode(callers.current(), null, mode(request)).name());
    }

    @DELETE
    @Path("/mode")
    public RegistryMode deleteGlobalMode() {
        return new RegistryMode(registry.deleteMode(callers.current(), null).name());
    }

    @GET
    @NonBlocking
    @Path("/mode/{subject}")
    public RegistryMode subjectMode(@PathParam("subject") String subject,
                                    @QueryParam("defaultToGlobal") @DefaultValue("false") boolean defaultToGlobal) {
        return new RegistryMode(registry.mode(subject, defaultToGlobal).name());
    }

    @PUT
    @Path("/mode/{subject}")
    public RegistryMode setSubjectMode(@PathParam("subject") String subject, RegistryMode request) {
        return new RegistryMode(registry.setMode(callers.current(), subject, mode(request)).name());
    }

    @DELETE
    @Path("/mode/{subject}")
    public RegistryMode deleteSubjectMode(@PathParam("subject") String subject) {
        return new RegistryMode(registry.deleteMode(callers.current(), subject).name());
    }

    private static String compatibility(ConfigUpdate request) {
        if (request == null || request.compatibility() == null) {
            throw RegistryException.invalidCompatibilityLevel("(none)");
        }
        return request.compatibility();
    }

    private static String mode(RegistryMode request) {
        if (request == null || request.mode() == null) {
            throw RegistryException.invalidMode("(none)");
        }
        return request.mode();
    }

    private static RegisteredSchema versionBody(SchemaRegistry.Version version) {
        return new RegisteredSchema(version.subject(), version.version(), version.id(), version.schema(),
                version.deleted() ? Boolean.TRUE : null);
    }

    private static CompatibilityCheck compatibilityBody(SchemaRegistry.CompatibilityResult result, boolean verbose) {
        return new CompatibilityCheck(result.compatible(), verbose ? result.messages() : null);
    }

    private static Response raw(String schema) {
        return Response.ok(schema, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static void requireNoReferences(SchemaRequest request) {
        if (request == null) {
            throw RegistryException.invalidSchema("the request has no body; send {\"schema\": \"...\"}");
        }
        if (request.references() != null && !request.references().isEmpty()) {
            throw RegistryException.invalidSchema("schema references are not supported; inline the referenced types");
        }
    }
}
