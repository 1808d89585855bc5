package io.meshwork.processors.query;

import io.meshwork.core.contract.Derivation;
import io.meshwork.processors.derived.DerivedProduct;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** The derived products this application computes, as the topology was built with them. */
@Singleton
public class DerivedCatalog {

    private volatile List<DerivedProduct> products = List.of();

    public void set(List<DerivedProduct> products) {
        this.products = List.copyOf(products);
    }

    public Optional<DerivedProduct> aggregate(String topic) {
        return products.stream().filter(p -> p.topic().equals(topic))
                .filter(p -> p.derivation() instanceof Derivation.Aggregation).findFirst();
    }

    public List<String> aggregateTopics() {
        return products.stream().filter(p -> p.derivation() instanceof Derivation.Aggregation)
                .map(DerivedProduct::topic).toList();
    }
}
