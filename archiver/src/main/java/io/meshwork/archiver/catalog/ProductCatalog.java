package io.meshwork.archiver.catalog;

import io.meshwork.archiver.ArchiverSettings;
import io.meshwork.core.api.GatewayUnreachableException;
import io.meshwork.core.api.MeshApiException;
import io.meshwork.core.api.MeshClient;
import io.meshwork.core.catalog.CatalogUnavailableException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Products by topic from the gateway ({@code GET /v1/products/{topic}}). A known product is cached
 * until {@link #refresh} asks again, which the archiver does before it commits each batch; an
 * unknown one is asked about again on the next call, since its contract may be applied any time.
 */
public class ProductCatalog {

    private final MeshClient client;
    private final Map<String, ProductInfo> known = new ConcurrentHashMap<>();

    public ProductCatalog(ArchiverSettings settings) {
        this(settings.gatewayUrl(), settings.token());
    }

    public ProductCatalog(URI gateway, Optional<String> token) {
        this.client = MeshClient.of(gateway, token);
    }

    /**
     * The product of a topic, or empty when the catalog has none.
     *
     * @throws CatalogUnavailableException when the gateway cannot answer
     */
    public Optional<ProductInfo> product(String topic) {
        ProductInfo cached = known.get(topic);
        if (cached != null) {
            return Optional.of(cached);
        }
        return refresh(topic);
    }

    /**
     * The product of a topic as the catalog has it now, which replaces what was cached.
     *
     * @throws CatalogUnavailableException when the gateway cannot answer
     */
    public Optional<ProductInfo> refresh(String topic) {
        Optional<ProductInfo> product;
        try {
            product = client.product(topic).map(p -> new ProductInfo(topic, p.domain(), Set.copyOf(p.piiFields()), p.team(),
                    p.description(), p.classifications() == null ? Map.of() : p.classifications()));
        } catch (GatewayUnreachableException | MeshApiException e) {
            throw new CatalogUnavailableException(client.gateway(), e);
        }
        product.ifPresentOrElse(p -> known.put(topic, p), () -> known.remove(topic));
        return product;
    }
}
