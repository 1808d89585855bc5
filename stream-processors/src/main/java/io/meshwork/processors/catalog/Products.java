package io.meshwork.processors.catalog;

import io.meshwork.core.catalog.CatalogProduct;
import io.meshwork.core.catalog.CatalogUnavailableException;
import io.meshwork.core.catalog.ProductSource;
import io.meshwork.core.rules.QualityRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Products by topic from the catalog, each read again as soon as {@code _mesh.catalog} says its
 * contract changed ({@link #changed}), and at least every {@code refresh}, so that a changed contract
 * (new rules, new PII fields) takes effect without a restart. When the gateway cannot answer, the
 * last known contract is used; a product never seen throws, so that its records are retried rather
 * than processed without their contract.
 */
public final class Products {

    private static final Logger LOG = Logger.getLogger(Products.class);

    /** A product with its rules compiled. */
    public record Known(CatalogProduct product, QualityRules rules, Instant readAt) {
    }

    private final ProductSource catalog;
    private final Duration refresh;
    private final Clock clock;
    private final Map<String, Optional<Known>> known = new ConcurrentHashMap<>();
    private final Map<String, Instant> readAt = new ConcurrentHashMap<>();

    public Products(ProductSource catalog, Duration refresh, Clock clock) {
        this.catalog = catalog;
        this.refresh = refresh;
        this.clock = clock;
    }

    /** Forgets what is known of a product, whose contract changed: the next event reads it again. */
    public void changed(String topic) {
        readAt.remove(topic);
        LOG.debugf("The contract of %s changed; reading it again", topic);
    }

    /** The product of a topic, or empty when the catalog has none. */
    public Optional<Known> product(String topic) {
        Instant now = clock.instant();
        Optional<Known> cached = known.get(topic);
        Instant last = readAt.get(topic);
        if (cached != null && last != null && last.plus(refresh).isAfter(now)) {
            return cached;
        }
        try {
            Optional<Known> fresh = catalog.product(topic).map(p -> new Known(p, compile(p), now));
            known.put(topic, fresh);
            readAt.put(topic, now);
            return fresh;
        } catch (CatalogUnavailableException unreachable) {
            if (cached == null) {
                throw unreachable;
            }
            LOG.debugf("Using the last known contract of %s: %s", topic, unreachable.getMessage());
            readAt.put(topic, now);
            return cached;
        }
    }

    private static QualityRules compile(CatalogProduct product) {
        QualityRules.Result result = QualityRules.compile(product.schema(), product.rules());
        if (!result.ok()) {
            // The gateway compiled these rules when the contract was applied; this cannot happen unless they differ.
            throw new IllegalStateException("the rules of " + product.topic() + " do not compile: " + result.problems());
        }
        return result.rules();
    }
}
