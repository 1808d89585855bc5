package io.meshwork.gateway.catalog;

import io.meshwork.core.catalog.DerivationJson;
import io.meshwork.core.contract.DataContract;
import io.meshwork.gateway.access.KafkaAccess;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.auth.Callers;
import io.meshwork.gateway.problem.ProblemException;
import io.meshwork.gateway.quality.QualityBoard;
import java.time.Instant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The catalog API: apply contracts, and read domains and products. Every call needs a token. */
@Path("/v1")
@RolesAllowed({Caller.ADMIN, Caller.PRODUCER, Caller.CONSUMER})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CatalogResource {

    /** The header that says why a change is made, kept in the audit trail. */
    static final String REASON = "X-Mesh-Reason";

    /** The body of {@code POST /v1/contracts}. */
    public record ApplyRequest(List<ContractFile> contracts, List<DomainFile> domains) {
    }

    @Inject
    Catalog catalog;

    @Inject
    Callers callers;

    @Inject
    QualityBoard quality;

    @Inject
    KafkaAccess access;

    /** Applies contracts (idempotently), or with {@code dryRun=true} says what applying them would change. */
    @POST
    @Path("/contracts")
    @RolesAllowed({Caller.ADMIN, Caller.PRODUCER})
    public ApplyReport apply(ApplyRequest request, @QueryParam("dryRun") boolean dryRun, @HeaderParam(REASON) String reason) {
        if (request == null) {
            throw new ProblemException(400, "No contracts", "send {\"contracts\": [...]}");
        }
        ApplyReport report = catalog.apply(callers.current(), request.contracts(), request.domains(), dryRun, reason);
        if (!dryRun) {
            access.afterChange();
        }
        return report;
    }

    @GET
    @Path("/products")
    public List<Map<String, Object>> products(@QueryParam("domain") String domain, @QueryParam("q") String query) {
        List<Map<String, Object>> all = new ArrayList<>(catalog.products(Optional.ofNullable(domain),
                Optional.ofNullable(query)).stream().map(CatalogResource::summary).toList());
        catalog.unloadableProducts().stream()
                .filter(u -> domain == null || u.name().startsWith(domain + "."))
                .filter(u -> query == null || u.name().contains(query.toLowerCase()))
                .map(CatalogResource::summary).forEach(all::add);
        all.sort(Comparator.comparing(p -> p.get("topic").toString()));
        return all;
    }

    @GET
    @Path("/products/{topic}")
    public Map<String, Object> product(@PathParam("topic") String topic) {
        Product product = catalog.product(topic).orElseThrow(() -> unknownOrUnloadable(catalog, topic));
        Map<String, Object> body = summary(product);
        DataContract c = product.contract();
        body.put("description", c.description());
        body.put("subject", c.subject());
        body.put("schemaId", product.entry().schemaId());
        body.put("schema", c.schema().toString());
        c.keyField().ifPresent(key -> body.put("keyField", key));
        body.put("classifications", new TreeMap<>(c.classifications().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().yamlName()))));
        body.put("piiFields", c.piiFields());
        body.put("rules", c.rules());
        body.put("kafka", Map.of("partitions", c.kafka().partitions(), "retention", c.kafka().retention().toString(),
                "cleanupPolicy", c.kafka().cleanupPolicy()));
        c.freshness().ifPresent(f -> body.put("freshness", f.toString()));
        c.derivation().ifPresent(d -> body.put("derivation", DerivationJson.write(d)));
        c.retention().ifPresent(r -> body.put("lakeRetention", r.toString()));
        quality.quality(topic, c.freshness(), Instant.now()).ifPresent(q -> body.put("quality", q));
        body.put("appliedBy", product.entry().appliedBy());
        body.put("appliedAt", product.entry().appliedAt().toString());
        return body;
    }

    /**
     * The product's quality as the post-publish monitor last reported it: events per minute,
     * violation rate, null rate per field, and freshness against the SLA.
     */
    @GET
    @Path("/products/{topic}/quality")
    public QualityBoard.ProductQuality quality(@PathParam("topic") String topic) {
        Product product = catalog.product(topic).orElseThrow(() -> new ProblemException(404, "Unknown product",
                "no data product " + topic + " in the catalog; GET /v1/products lists them"));
        return quality.quality(topic, product.contract().freshness(), Instant.now()).orElseThrow(() -> new ProblemException(
                404, "No quality report yet", "the quality monitor of the stream processors has not reported on " + topic
                + " yet; it reports every minute while they run"));
    }

    /** The domains that own products, with their teams and products. */
    @GET
    @Path("/domains")
    public List<Map<String, Object>> domains() {
        Map<String, List<Product>> byDomain = catalog.products(Optional.empty(), Optional.empty()).stream()
                .collect(Collectors.groupingBy(p -> p.contract().domain(), TreeMap::new, Collectors.toList()));
        return byDomain.entrySet().stream().map(e -> {
            Map<String, Object> domain = new LinkedHashMap<>();
            domain.put("domain", e.getKey());
            domain.put("teams", e.getValue().stream().map(p -> p.contract().team()).distinct().sorted().toList());
            domain.put("products", e.getValue().stream().map(p -> p.contract().topic()).toList());
            catalog.domain(e.getKey()).map(Catalog.Domain::definition).ifPresent(d -> {
                domain.put("owner", d.team());
                domain.put("contacts", d.contacts());
                domain.put("tokenSubjects", d.tokenSubjects());
                domain.put("allowlist", d.allowlist().stream().map(Object::toString).toList());
                d.eventsPerSecond().ifPresent(q -> domain.put("quotaEventsPerSecond", q));
            });
            return domain;
        }).toList();
    }

    /** Why a product is not there: unknown (404), or stored with a contract that no longer loads (409). */
    static ProblemException unknownOrUnloadable(Catalog catalog, String topic) {
        return catalog.unloadableProduct(topic).map(u -> new ProblemException(409, "Stored contract no longer loads",
                "the contract of " + topic + " in the catalog (applied by " + u.appliedBy() + " at " + u.appliedAt()
                        + " from " + u.path() + ") no longer loads; its domain must apply it again, fixed", u.problems()))
                .orElseGet(() -> new ProblemException(404, "Unknown product", "no data product " + topic
                        + " in the catalog; GET /v1/products lists them"));
    }

    private static Map<String, Object> summary(Unloadable unloadable) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topic", unloadable.name());
        body.put("domain", unloadable.name().substring(0, Math.max(0, unloadable.name().indexOf('.'))));
        body.put("status", "unloadable");
        body.put("problems", unloadable.problems());
        return body;
    }

    private static Map<String, Object> summary(Product product) {
        DataContract c = product.contract();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topic", c.topic());
        body.put("domain", c.domain());
        body.put("dataProduct", c.name().event());
        body.put("majorVersion", c.name().major());
        body.put("version", c.version());
        body.put("status", c.status().yamlName());
        body.put("team", c.team());
        return body;
    }
}
