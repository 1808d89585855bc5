package io.meshwork.gateway.registry;

import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.auth.Callers;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Confluent Schema Registry's REST API for Avro, under {@code /registry}: point a Confluent client's
 * {@code schema.registry.url} at {@code http://<gateway>/registry}. Every call needs a bearer token.
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

    /** The body of {@code POST /subjects/{subject}/versions} and of lookups and compatibility tests. */
    public record SchemaRequest(String schema, String schemaType, List<Object> references, Integer id,
                                Integer version) {
    }

    public record ConfigRequest(String compatibility) {
    }

    public record ModeRequest(String mode) {
    }

    @Inject
    SchemaRegistry registry;

    @Inject
    Callers callers;

    @GET
    @Path("/schemas/types")
    public List<String> schemaTypes() {
        return List.of("AVRO");
    }

    @GET
    @Path("/schemas/ids/{id}")
    public Map<String, Object> schemaById(@PathParam("id") int id) {
        return Map.of("schema", registry.schemaById(id));
    }

    @GET
    @Path("/schemas/ids/{id}/schema")
    public Response rawSchemaById(@PathParam("id") int id) {
        return raw(registry.schemaById(id));
    }

    @GET
    @Path("/schemas/ids/{id}/versions")
    public List<Map<String, Object>> versionsOfId(@PathParam("id") int id, @QueryParam("deleted") boolean deleted) {
        return registry.usesOfId(id, deleted).stream()
                .map(v -> Map.<String, Object>of("subject", v.subject(), "version", v.version()))
                .toList();
    }

    @GET
    @Path("/schemas/ids/{id}/subjects")
    public List<String> subjectsOfId(@PathParam("id") int id, @QueryParam("deleted") boolean deleted) {
        return registry.usesOfId(id, deleted).stream().map(SchemaRegistry.Version::subject).distinct().toList();
    }

    @GET
    @Path("/subjects")
    public List<String> subjects(@QueryParam("deleted") boolean deleted, @QueryParam("subjectPrefix") String prefix) {
        return registry.subjects(deleted, prefix);
    }

    @GET
    @Path("/subjects/{subject}/versions")
    public List<Integer> versions(@PathParam("subject") String subject, @QueryParam("deleted") boolean deleted) {
        return registry.versions(subject, deleted);
    }

    @GET
    @Path("/subjects/{subject}/versions/{version}")
    public Map<String, Object> version(@PathParam("subject") String subject, @PathParam("version") String version,
                                       @QueryParam("deleted") boolean deleted) {
        return versionBody(registry.version(subject, version, deleted));
    }

    @GET
    @Path("/subjects/{subject}/versions/{version}/schema")
    public Response rawVersion(@PathParam("subject") String subject, @PathParam("version") String version,
                               @QueryParam("deleted") boolean deleted) {
        return raw(registry.version(subject, version, deleted).schema());
    }

    @GET
    @Path("/subjects/{subject}/versions/{version}/referencedby")
    public List<Integer> referencedBy(@PathParam("subject") String subject, @PathParam("version") String version) {
        registry.version(subject, version, false);
        return List.of();
    }

    @POST
    @Path("/subjects/{subject}/versions")
    public Map<String, Object> register(@PathParam("subject") String subject, SchemaRequest request,
                                        @HeaderParam(OVERRIDE_REASON) String overrideReason) {
        requireNoReferences(request);
        int id = registry.register(callers.current(), subject, request.schema(), request.schemaType(),
                overrideReason == null || overrideReason.isBlank() ? null : overrideReason, request.id(),
                request.version());
        return Map.of("id", id);
    }

    @POST
    @Path("/subjects/{subject}")
    public Map<String, Object> lookup(@PathParam("subject") String subject, SchemaRequest request,
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
    public Map<String, Object> compatibleWithVersion(@PathParam("subject") String subject,
                                                     @PathParam("version") String version, SchemaRequest request,
                                                     @QueryParam("verbose") boolean verbose) {
        requireNoReferences(request);
        return compatibilityBody(registry.testCompatibility(subject, version, request.schema()), verbose);
    }

    @POST
    @Path("/compatibility/subjects/{subject}/versions")
    public Map<String, Object> compatibleWithSubject(@PathParam("subject") String subject, SchemaRequest request,
                                                     @QueryParam("verbose") boolean verbose) {
        requireNoReferences(request);
        return compatibilityBody(registry.testCompatibility(subject, null, request.schema()), verbose);
    }

    @GET
    @Path("/config")
    public Map<String, Object> globalConfig() {
        return Map.of("compatibilityLevel", registry.config(null, true).name());
    }

    @PUT
    @Path("/config")
    public Map<String, Object> setGlobalConfig(ConfigRequest request) {
        return Map.of("compatibility", registry.setConfig(callers.current(), null, compatibility(request)).name());
    }

    @DELETE
    @Path("/config")
    public Map<String, Object> deleteGlobalConfig() {
        return Map.of("compatibilityLevel", registry.deleteConfig(callers.current(), null).name());
    }

    @GET
    @Path("/config/{subject}")
    public Map<String, Object> subjectConfig(@PathParam("subject") String subject,
                                             @QueryParam("defaultToGlobal") boolean defaultToGlobal) {
        return Map.of("compatibilityLevel", registry.config(subject, defaultToGlobal).name());
    }

    @PUT
    @Path("/config/{subject}")
    public Map<String, Object> setSubjectConfig(@PathParam("subject") String subject, ConfigRequest request) {
        return Map.of("compatibility", registry.setConfig(callers.current(), subject, compatibility(request)).name());
    }

    @DELETE
    @Path("/config/{subject}")
    public Map<String, Object> deleteSubjectConfig(@PathParam("subject") String subject) {
        return Map.of("compatibilityLevel", registry.deleteConfig(callers.current(), subject).name());
    }

    @GET
    @Path("/mode")
    public Map<String, Object> globalMode() {
        return Map.of("mode", registry.mode(null, true).name());
    }

    @PUT
    @Path("/mode")
    public Map<String, Object> setGlobalMode(ModeRequest request) {
        return Map.of("mode", registry.setMode(callers.current(), null, mode(request)).name());
    }

    @DELETE
    @Path("/mode")
    public Map<String, Object> deleteGlobalMode() {
        return Map.of("mode", registry.deleteMode(callers.current(), null).name());
    }

    @GET
    @Path("/mode/{subject}")
    public Map<String, Object> subjectMode(@PathParam("subject") String subject,
                                           @QueryParam("defaultToGlobal") @DefaultValue("false") boolean defaultToGlobal) {
        return Map.of("mode", registry.mode(subject, defaultToGlobal).name());
    }

    @PUT
    @Path("/mode/{subject}")
    public Map<String, Object> setSubjectMode(@PathParam("subject") String subject, ModeRequest request) {
        return Map.of("mode", registry.setMode(callers.current(), subject, mode(request)).name());
    }

    @DELETE
    @Path("/mode/{subject}")
    public Map<String, Object> deleteSubjectMode(@PathParam("subject") String subject) {
        return Map.of("mode", registry.deleteMode(callers.current(), subject).name());
    }

    private static String compatibility(ConfigRequest request) {
        if (request == null || request.compatibility() == null) {
            throw RegistryException.invalidCompatibilityLevel("(none)");
        }
        return request.compatibility();
    }

    private static String mode(ModeRequest request) {
        if (request == null || request.mode() == null) {
            throw RegistryException.invalidMode("(none)");
        }
        return request.mode();
    }

    private static Map<String, Object> versionBody(SchemaRegistry.Version version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", version.subject());
        body.put("version", version.version());
        body.put("id", version.id());
        body.put("schema", version.schema());
        if (version.deleted()) {
            body.put("deleted", true);
        }
        return body;
    }

    private static Map<String, Object> compatibilityBody(SchemaRegistry.CompatibilityResult result, boolean verbose) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("is_compatible", result.compatible());
        if (verbose) {
            body.put("messages", result.messages());
        }
        return body;
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
