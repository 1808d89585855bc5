package io.meshwork.processors.derived;

import io.meshwork.core.catalog.CatalogProduct;
import io.meshwork.core.contract.Classification;
import io.meshwork.core.contract.Derivation;
import io.meshwork.core.contract.FieldPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.Schema;

/**
 * Checks derived products against the products they are computed from, which their contracts
 * alone cannot: that the sources exist, that keys and measured fields exist and are of the right
 * kind, and that no personal data reaches a product that does not classify it as such.
 */
public final class DerivedPlans {

    /** The products that can be computed, and what is wrong with those that cannot. */
    public record Plan(List<DerivedProduct> products, List<String> problems) {
    }

    private DerivedPlans() {
    }

    public static Plan plan(List<CatalogProduct> derived, Function<String, Optional<CatalogProduct>> catalog) {
        List<DerivedProduct> products = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (CatalogProduct product : derived) {
            List<String> found = new ArrayList<>();
            Derivation derivation = product.derivation().orElseThrow();
            Optional<CatalogProduct> first = catalog.apply(derivation.sources().get(0));
            Optional<CatalogProduct> table = derivation.sources().size() > 1
                    ? catalog.apply(derivation.sources().get(1)) : Optional.empty();
            derivation.sources().forEach(source -> {
                if (catalog.apply(source).isEmpty()) {
                    found.add(product.topic() + ": source " + source + " is not in the catalog");
                }
            });
            if (found.isEmpty()) {
                if (derivation instanceof Derivation.Aggregation a) {
                    checkAggregation(product, a, first.get(), found);
                } else {
                    checkEnrichment(product, (Derivation.Enrichment) derivation, first.get(), table.get(), found);
                }
            }
            if (found.isEmpty()) {
                products.add(new DerivedProduct(product, derivation, first.get(), table.orElse(null)));
            }
            problems.addAll(found);
        }
        return new Plan(products, problems);
    }

    private static void checkAggregation(CatalogProduct product, Derivation.Aggregation a, CatalogProduct source,
                                         List<String> problems) {
        Schema schema = source.schema();
        if (FieldPaths.resolve(schema, a.groupBy()).isEmpty()) {
            problems.add(product.topic() + ": groupBy " + a.groupBy() + " is not a field of " + source.topic());
        }
        if (source.classifications().get(a.groupBy()) == Classification.PII
                && product.classifications().get(a.keyField()) != Classification.PII) {
            problems.add(product.topic() + ": groupBy " + a.groupBy() + " is personal data in " + source.topic()
                    + "; classify " + a.keyField() + " as pii in the derived contract, or group by another field");
        }
        for (Derivation.Measure m : a.measures()) {
            m.field().ifPresent(field -> {
                Optional<Schema> type = FieldPaths.resolve(schema, field);
                if (type.isEmpty()) {
                    problems.add(product.topic() + ": measure " + m.name() + " reads " + field + ", which is not a field"
                            + " of " + source.topic());
                } else if (!FieldPaths.numeric(type.get())) {
                    problems.add(product.topic() + ": measure " + m.name() + " reads " + field + ", which is not a"
                            + " number in " + source.topic());
                }
            });
        }
    }

    private static void checkEnrichment(CatalogProduct product, Derivation.Enrichment e, CatalogProduct stream,
                                        CatalogProduct table, List<String> problems) {
        if (FieldPaths.resolve(stream.schema(), e.joinKey()).isEmpty()) {
            problems.add(product.topic() + ": joinKey " + e.joinKey() + " is not a field of " + stream.topic());
        }
        if (table.keyField().isEmpty()) {
            problems.add(product.topic() + ": " + table.topic() + " has no key field, so it cannot be read as a table");
        }
        e.fields().forEach((output, path) -> {
            if (FieldPaths.resolve(table.schema(), path).isEmpty()) {
                problems.add(product.topic() + ": " + output + " copies " + path + ", which is not a field of "
                        + table.topic());
            } else if (table.classifications().get(path) == Classification.PII) {
                problems.add(product.topic() + ": " + output + " copies " + path + ", which is personal data in "
                        + table.topic() + "; enrichments do not copy personal data from tables");
            }
        });
        for (Schema.Field field : product.schema().getFields()) {
            if (e.fields().containsKey(field.name())) {
                continue;
            }
            if (stream.schema().getField(field.name()) == null) {
                problems.add(product.topic() + ": " + field.name() + " is neither an enrichment field nor a field of "
                        + stream.topic());
                continue;
            }
            stream.classifications().forEach((path, classification) -> {
                if ((path.equals(field.name()) || path.startsWith(field.name() + "."))
                        && product.classifications().get(path) != classification) {
                    problems.add(product.topic() + ": " + path + " is " + classification.yamlName() + " in "
                            + stream.topic() + " and must be classified the same in the derived contract");
                }
            });
        }
    }
}
