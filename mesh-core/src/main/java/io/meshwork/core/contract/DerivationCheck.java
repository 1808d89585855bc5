package io.meshwork.core.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Checks a derived product against the products it is computed from, which its contract alone
 * cannot: that the sources exist, that keys and measured fields exist and are of the right kind,
 * and that no personal data reaches a product that does not classify it as such. The gateway runs
 * it when a derived contract is applied; the stream processors again when they start, since a
 * source may have changed since.
 */
public final class DerivationCheck {

    private DerivationCheck() {
    }

    /**
     * What is wrong with computing {@code derived} from the products {@code catalog} finds by topic;
     * empty when it can be computed, and for a product that is not derived.
     */
    public static List<String> problems(ProductShape derived,
                                        Function<String, Optional<? extends ProductShape>> catalog) {
        List<String> problems = new ArrayList<>();
        Optional<Derivation> declared = derived.derivation();
        if (declared.isEmpty()) {
            return problems;
        }
        Derivation derivation = declared.get();
        derivation.sources().forEach(source -> {
            if (catalog.apply(source).isEmpty()) {
                problems.add(derived.topic() + ": source " + source + " is not in the catalog");
            }
        });
        if (!problems.isEmpty()) {
            return problems;
        }
        ProductShape first = catalog.apply(derivation.sources().get(0)).orElseThrow();
        if (derivation instanceof Derivation.Aggregation a) {
            checkAggregation(derived, a, first, problems);
        } else {
            ProductShape table = catalog.apply(derivation.sources().get(1)).orElseThrow();
            checkEnrichment(derived, (Derivation.Enrichment) derivation, first, table, problems);
        }
        return problems;
    }

    private static void checkAggregation(ProductShape product, Derivation.Aggregation a, ProductShape source,
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
                } else {
                    checkDecimal(product, m, field, FieldPaths.nonNull(type.get()), source, problems);
                }
            });
        }
    }

    /**
     * A measure of a decimal (money, mostly) must itself be a decimal in the derived product, with at
     * least the source's scale where the function keeps the values as they are (sum, min, max), so
     * that it stays exact; a decimal measure reads a decimal or an integer, never a floating-point number.
     */
    private static void checkDecimal(ProductShape product, Derivation.Measure m, String field, Schema sourceType,
                                     ProductShape source, List<String> problems) {
        Schema.Field output = product.schema().getField(m.name());
        if (output == null) {
            return;
        }
        Schema outputType = FieldPaths.nonNull(output.schema());
        LogicalTypes.Decimal sourceDecimal = sourceType.getLogicalType() instanceof LogicalTypes.Decimal d ? d : null;
        LogicalTypes.Decimal outputDecimal = outputType.getLogicalType() instanceof LogicalTypes.Decimal d ? d : null;
        if (sourceDecimal != null && outputDecimal == null) {
            problems.add(product.topic() + ": measure " + m.name() + " is the " + m.function().yamlName() + " of " + field
                    + ", a decimal in " + source.topic() + ", so " + m.name() + " must be a decimal too"
                    + " ({\"type\": \"bytes\", \"logicalType\": \"decimal\", ...}) to stay exact");
        } else if (outputDecimal != null && (sourceType.getType() == Schema.Type.FLOAT
                || sourceType.getType() == Schema.Type.DOUBLE)) {
            problems.add(product.topic() + ": measure " + m.name() + " is a decimal but reads " + field + ", a "
                    + sourceType.getType().getName() + " in " + source.topic() + "; a decimal measure reads a decimal or"
                    + " an integer");
        } else if (sourceDecimal != null && m.function() != Derivation.Function.AVG
                && outputDecimal.getScale() < sourceDecimal.getScale()) {
            problems.add(product.topic() + ": measure " + m.name() + " has scale " + outputDecimal.getScale()
                    + ", less than the " + sourceDecimal.getScale() + " of " + field + " in " + source.topic()
                    + ": its values would be rounded");
        }
    }

    private static void checkEnrichment(ProductShape product, Derivation.Enrichment e, ProductShape stream,
                                        ProductShape table, List<String> problems) {
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
