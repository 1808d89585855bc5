package io.meshwork.gateway.subscription;

import io.meshwork.core.api.SubscriptionRequest;
import io.meshwork.core.api.SubscriptionView;
import io.meshwork.core.subscription.Grant;
import io.meshwork.core.subscription.Subscription;
import io.meshwork.gateway.access.KafkaAccess;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.auth.Callers;
import io.meshwork.gateway.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The subscriptions API. A caller subscribes as itself (its token's subject); an admin may act
 * for any consumer with {@code ?consumer=}. Grants live under the product they open.
 */
@Path("/v1")
@RolesAllowed({Caller.ADMIN, Caller.PRODUCER, Caller.CONSUMER})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SubscriptionResource {

    /** The header that says why a change is made, kept in the audit trail. */
    static final String REASON = "X-Mesh-Reason";

    @Inject
    Subscriptions subscriptions;

    @Inject
    DeliveryStreams streams;

    @Inject
    Callers callers;

    @Inject
    KafkaAccess access;

    @PUT
    @Path("/subscriptions/{name}")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "200", description = "Changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionView.class)))
    public Response put(@PathParam("name") String name, @QueryParam("consumer") String consumer,
                        SubscriptionRequest request, @HeaderParam(REASON) String reason) {
        Caller caller = callers.current();
        Subscriptions.Saved saved = subscriptions.put(caller, consumerOf(caller, consumer), name, request, reason);
        return Response.status(saved.created() ? 201 : 200).entity(SubscriptionView.of(saved.subscription())).build();
    }

    @GET
    @Path("/subscriptions")
    public List<SubscriptionView> list(@QueryParam("consumer") String consumer) {
        Caller caller = callers.current();
        Optional<String> whose = caller.admin() && consumer == null ? Optional.empty()
                : Optional.of(consumerOf(caller, consumer));
        return subscriptions.list(whose).stream().map(SubscriptionView::of).toList();
    }

    @GET
    @Path("/subscriptions/{name}")
    public SubscriptionView get(@PathParam("name") String name, @QueryParam("consumer") String consumer) {
        return SubscriptionView.of(find(name, consumer));
    }

    @DELETE
    @Path("/subscriptions/{name}")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response remove(@PathParam("name") String name, @QueryParam("consumer") String consumer,
                           @HeaderParam(REASON) String reason) {
        Caller caller = callers.current();
        if (!subscriptions.remove(caller, consumerOf(caller, consumer), name, reason)) {
            throw unknown(name);
        }
        return Response.noContent().build();
    }

    /**
     * The subscription's deliveries as server-sent events, from a position: the {@code Last-Event-ID}
     * a client sends when it reconnects, or {@code ?from=} a position, {@code earliest} (the default)
     * or {@code latest}.
     */
    @GET
    @Path("/subscriptions/{name}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("name") String name, @QueryParam("consumer") String consumer,
                       @QueryParam("from") String from, @HeaderParam("Last-Event-ID") String lastEventId,
                       @Context SseEventSink sink, @Context Sse sse) {
        Subscription subscription = find(name, consumer);
        String position = lastEventId != null && !lastEventId.isBlank() ? lastEventId : from == null ? "earliest" : from;
        streams.stream(subscription.deliveryTopic(), DeliveryPosition.parse(position), sink, sse);
    }

    @GET
    @Path("/products/{topic}/grants")
    public List<Grant> grants(@PathParam("topic") String topic) {
        return subscriptions.grants(topic);
    }

    /** Grants a consumer the product's personal data in clear; only the product's domain may. */
    @PUT
    @Path("/products/{topic}/grants/{consumer}")
    @RolesAllowed({Caller.ADMIN, Caller.PRODUCER})
    public Grant grant(@PathParam("topic") String topic, @PathParam("consumer") String consumer,
                       @HeaderParam(REASON) String reason) {
        Grant grant = subscriptions.grant(callers.current(), topic, consumer, reason);
        access.afterChange();
        return grant;
    }

    @DELETE
    @Path("/products/{topic}/grants/{consumer}")
    @APIResponse(responseCode = "204", description = "Revoked")
    @RolesAllowed({Caller.ADMIN, Caller.PRODUCER})
    public Response revoke(@PathParam("topic") String topic, @PathParam("consumer") String consumer,
                           @HeaderParam(REASON) String reason) {
        if (!subscriptions.revoke(callers.current(), topic, consumer, reason)) {
            throw new ProblemException(404, "No such grant", consumer + " holds no grant for " + topic);
        }
        access.afterChange();
        return Response.noContent().build();
    }

    private Subscription find(String name, String consumer) {
        return subscriptions.get(consumerOf(callers.current(), consumer), name).orElseThrow(() -> unknown(name));
    }

    private static ProblemException unknown(String name) {
        return new ProblemException(404, "Unknown subscription", "you have no subscription " + name
                + "; GET /v1/subscriptions lists yours");
    }

    private static String consumerOf(Caller caller, String consumer) {
        if (consumer == null || consumer.equals(caller.principal())) {
            return caller.principal();
        }
        if (!caller.admin()) {
            throw new ProblemException(403, "Not your subscriptions", caller.describe() + " acts only for consumer "
                    + caller.principal() + "; leave ?consumer= out, or use an admin token");
        }
        return consumer;
    }
}
