package io.meshwork.core.catalog;

import io.meshwork.core.api.GatewayUnreachableException;
import io.meshwork.core.api.MeshApiException;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.api.ProductSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a service reads the products it serves: the gateway's catalog, or a fixed set where the
 * logic is tested without one.
 */
public interface ProductSource {

    /**
     * The product of a topic, or empty when there is none.
     *
     * @throws CatalogUnavailableException when the catalog cannot answer now
     */
    Optional<CatalogProduct> product(String topic);

    /**
     * The topics of every product.
     *
     * @throws CatalogUnavailableException when the catalog cannot answer now
     */
    List<String> topics();

    /** The gateway's catalog, through its client. */
    static ProductSource of(MeshClient client) {
        return new ProductSource() {
            @Override
            public Optional<CatalogProduct> product(String topic) {
                try {
                    return client.product(topic).map(CatalogProduct::of);
                } catch (GatewayUnreachableException | MeshApiException e) {
                    throw new CatalogUnavailableException(client.gateway(), e);
                }
            }

            @Override
            public List<String> topics() {
                try {
                    return client.products(null, null).stream().map(ProductSummary::topic).toList();
                } catch (GatewayUnreachableException | MeshApiException e) {
                    throw new CatalogUnavailableException(client.gateway(), e);
                }
            }
        };
    }

    /** A fixed set of products. */
    static ProductSource of(Map<String, CatalogProduct> products) {
        Map<String, CatalogProduct> fixed = Map.copyOf(products);
        return new ProductSource() {
            @Override
            public Optional<CatalogProduct> product(String topic) {
                return Optional.ofNullable(fixed.get(topic));
            }

            @Override
            public List<String> topics() {
                return fixed.keySet().stream().sorted().toList();
            }
        };
    }
}
