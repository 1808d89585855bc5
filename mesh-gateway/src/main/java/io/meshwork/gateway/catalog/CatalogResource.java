package io.meshwork.gateway.catalog;

import io.meshwork.core.api.ApplyReport;
import io.meshwork.core.api.ApplyRequest;
import io.meshwork.core.api.DerivationView;
import io.meshwork.core.api.DomainView;
import io.meshwork.core.api.ProductDetail;
import io.meshwork.core.api.ProductQuality;
import io.meshwork.core.api.ProductSummary;
import io.meshwork.core.contract.DataContract;
import io.meshwork.gateway.access.KafkaAccess;
import io.meshwork.gateway.auth.Caller;
import io.meshwork.gateway.auth.Callers;
import io.meshwork.gateway.problem.ProblemException;
import io.meshwork.gateway.quality.QualityBoard;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
    public List<ProductSummary> products(@QueryParam("domain") String domain, @QueryParam("q") String query) {
        List<ProductSummary> all = new ArrayList<>(catalog.products(Optional.ofNullable(domain),
                Optional.ofNullable(query)).stream().map(CatalogResource::summary).toList());
        catalog.unloadableProducts().stream()
                .filter(u -> domain == null || u.name().startsWith(domain + "."))
                .filter(u -> query == null || u.name().contains(query.toLowerCase()))
                .map(CatalogResource::summary).forEach(all::add);
        all.sort(Comparator.comparing(ProductSummary::topic));
        return all;
    }

    @GET
    @Path("/products/{topic}")
    public ProductDetail product(@PathParam("topic") String topic) {
        Product product = catalog.product(topic).orElseThrow(() -> unknownOrUnloadable(catalog, topic));
        DataContract c = product.contract();
        return new ProductDetail(c.topic(), c.domain(), c.name().event(), c.name().major(), c.version(),
                c.status().yamlName(), c.team(), c.description(), c.subject(), product.entry().schemaId(),
                c.schema().toString(), c.keyField().orElse(null),
                new TreeMap<>(c.classifications().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().yamlName()))),
                List.copyOf(c.piiFields()), c.rules(),
                new ProductDetail.TopicSettings(c.kafka().partitions(), c.kafka().retention(), c.kafka().cleanupPolicy()),
                c.freshness().orElse(null), c.derivation().map(DerivationView::of).orElse(null),
                c.retention().orElse(null), quality.quality(topic, c.freshness(), Instant.now()).orElse(null),
                product.entry().appliedBy(), product.entry().appliedAt());
    }

    /**
     * The product's quality as the post-publish monitor last reported it: events per minute,
     * violation rate, null rate per field, and freshness against the SLA.
     */
    @GET
    @Path("/products/{topic}/quality")
    public ProductQuality quality(@PathParam("topic") String topic) {
        Product product = catalog.product(topic).orElseThrow(() -> new ProblemException(404, "Unknown product",
                "no data product " + topic + " in the catalog; GET /v1/products lists them"));
        return quality.quality(topic, product.contract().freshness(), Instant.now()).orElseThrow(() -> new ProblemException(
                404, "No quality report yet", "the quality monitor of the stream processors has not reported on " + topic
                + " yet; it reports every minute while they run"));
    }

    /** The domains that own products, with their teams and products. */
    @GET
    @Path("/domains")
    public List<DomainView> domains() {
        Map<String, List<Product>> byDomain = catalog.products(Optional.empty(), Optional.empty()).stream()
                .collect(Collectors.groupingBy(p -> p.contract().domain(), TreeMap::new, Collectors.toList()));
        return byDomain.entrySet().stream().map(e -> {
            List<String> teams = e.getValue().stream().map(p -> p.contract().team()).distinct().sorted().toList();
            List<String> products = e.getValue().stream().map(p -> p.contract().topic()).toList();
            return catalog.domain(e.getKey()).map(Catalog.Domain::definition)
                    .map(d -> new DomainView(e.getKey(), teams, products, d.team(), d.contacts(), d.tokenSubjects(),
                            d.allowlist().stream().map(Object::toString).toList(), d.eventsPerSecond().orElse(null)))
                    .orElseGet(() -> new DomainView(e.getKey(), teams, products, null, null, null, null, null));
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

    private static ProductSummary summary(Unloadable unloadable) {
        return new ProductSummary(unloadable.name(), unloadable.name().substring(0, Math.max(0,
                unloadable.name().indexOf('.'))), null, null, null, "unloadable", null, unloadable.problems());
    }

    private static ProductSummary summary(Product product) {
        DataContract c = product.contract();
        return new ProductSummary(c.topic(), c.domain(), c.name().event(), c.name().major(), c.version(),
                c.status().yamlName(), c.team(), List.of());
    }
}
