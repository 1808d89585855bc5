package io.meshwork.processors.derived;

import io.meshwork.core.catalog.CatalogProduct;
import io.meshwork.core.contract.Derivation;
import io.meshwork.core.contract.DerivationCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which derived products of the catalog can be computed, checked against their sources. */
public final class DerivedPlans {

    /** The products that can be computed, and what is wrong with those that cannot. */
    public record Plan(List<DerivedProduct> products, List<String> problems) {
    }

    private DerivedPlans() {
    }

    /** Plans every derived product among {@code catalog}, which holds their sources too. */
    public static Plan plan(List<CatalogProduct> catalog) {
        Map<String, CatalogProduct> byTopic = new HashMap<>();
        catalog.forEach(p -> byTopic.put(p.topic(), p));
        List<DerivedProduct> products = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (CatalogProduct product : catalog) {
            if (product.derivation().isEmpty()) {
                continue;
            }
            List<String> found = DerivationCheck.problems(product, topic -> Optional.ofNullable(byTopic.get(topic)));
            if (found.isEmpty()) {
                Derivation derivation = product.derivation().get();
                List<String> sources = derivation.sources();
                products.add(new DerivedProduct(product, derivation, byTopic.get(sources.get(0)),
                        sources.size() > 1 ? byTopic.get(sources.get(1)) : null));
            }
            problems.addAll(found);
        }
        return new Plan(products, problems);
    }
}
