package io.meshwork.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.meshwork.core.contract.Derivation;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a derived product is computed, as the catalog API writes it: either {@code aggregate} or {@code enrich}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DerivationView(Aggregate aggregate, Enrich enrich) {

    public record Window(Duration size, Duration advance, Duration grace) {
    }

    /** @param function {@code count}, {@code sum}, {@code avg}, {@code min} or {@code max} */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Measure(String name, String function, String field) {
    }

    public record Aggregate(String source, String groupBy, Window window, List<Measure> measures) {
    }

    /** @param onMissing what happens to an event whose row is missing: {@code emit} or {@code drop} */
    public record Enrich(String stream, String table, String joinKey, Map<String, String> fields, Duration grace,
                         String onMissing) {
    }

    public static DerivationView of(Derivation derivation) {
        if (derivation instanceof Derivation.Aggregation a) {
            return new DerivationView(new Aggregate(a.source(), a.groupBy(), new Window(a.size(), a.advance(), a.grace()),
                    a.measures().stream().map(m -> new Measure(m.name(), m.function().yamlName(), m.field().orElse(null)))
                            .toList()), null);
        }
        Derivation.Enrichment e = (Derivation.Enrichment) derivation;
        return new DerivationView(null, new Enrich(e.stream(), e.table(), e.joinKey(), new TreeMap<>(e.fields()),
                e.grace(), e.onMissing().yamlName()));
    }

    /** The derivation this describes. */
    public Derivation toDerivation() {
        if (aggregate != null) {
            Window w = aggregate.window();
            return new Derivation.Aggregation(aggregate.source(), aggregate.groupBy(), w.size(), w.advance(), w.grace(),
                    aggregate.measures().stream().map(m -> new Derivation.Measure(m.name(),
                            Derivation.Function.valueOf(m.function().toUpperCase(Locale.ROOT)),
                            Optional.ofNullable(m.field()))).toList());
        }
        return new Derivation.Enrichment(enrich.stream(), enrich.table(), enrich.joinKey(), enrich.fields(),
                enrich.grace(), Derivation.OnMissing.valueOf(enrich.onMissing().toUpperCase(Locale.ROOT)));
    }
}
