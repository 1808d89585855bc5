package io.meshwork.gateway.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What the HTTP layer itself refuses (an unknown path, a method or media type the resource does not
 * take, a body that is not JSON), answered with a body that says so in the API's own style, and
 * anything unexpected answered without a stack trace, logged once under an id the answer names.
 */
public class HttpErrors {

    private static final Logger LOG = Logger.getLogger(HttpErrors.class);

    @ServerExceptionMapper(priority = 5000)
    public Response refused(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadable(unreadable, uri);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        String detail = switch (status) {
            case 404 -> "there is nothing at " + uri.getPath() + "; " + (ApiErrors.isRegistry(uri)
                    ? "the registry serves Confluent's API under /registry" : "the API is described at /q/openapi");
            case 405 -> "this resource does not take that method; it takes " + original.getHeaderString("Allow");
            case 406 -> "this resource answers in JSON; accept application/json";
            case 415 -> "this resource does not read " + headers.getHeaderString(HttpHeaders.CONTENT_TYPE)
                    + "; send application/json" + (uri.getPath().endsWith("/events") ? " or application/x-ndjson" : "");
            default -> e.getMessage();
        };
        String title = Response.Status.fromStatusCode(status) == null ? "Refused"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        Response answer = ApiErrors.of(uri, status, title, detail, status);
        return original.getHeaderString("Allow") == null ? answer
                : Response.fromResponse(answer).header("Allow", original.getHeaderString("Allow")).build();
    }

    /**
     * A request body that is not JSON, or not of the shape the resource reads; named one by one, since
     * Quarkus maps the more specific ones itself, without a body.
     */
    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
        MismatchedInputException.class, InvalidFormatException.class, ValueInstantiationException.class})
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        String what = e.getOriginalMessage();
        return ApiErrors.of(uri, 400, "Unreadable JSON", "the body is not the JSON this call reads: "
                + (what.length() > 300 ? what.substring(0, 297) + "..." : what) + where, 400);
    }

    @ServerExceptionMapper(priority = 10000)
    public Response unexpected(RuntimeException e, UriInfo uri) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure of %s (error %s)", uri.getPath(), id);
        return ApiErrors.of(uri, 500, "Unexpected failure", "the gateway failed unexpectedly; its log has error " + id,
                50001);
    }
}
