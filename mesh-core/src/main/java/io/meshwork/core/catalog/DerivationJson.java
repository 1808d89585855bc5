package io.meshwork.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshwork.core.contract.Derivation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A derivation as the catalog API writes it: {@code {"aggregate": {...}}} or {@code {"enrich": {...}}}. */
public final class DerivationJson {

    private DerivationJson() {
    }

    public static Map<String, Object> write(Derivation derivation) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (derivation instanceof Derivation.Aggregation a) {
            body.put("source", a.source());
            body.put("groupBy", a.groupBy());
            body.put("window", Map.of("size", a.size().toString(), "advance", a.advance().toString(),
                    "grace", a.grace().toString()));
            body.put("measures", a.measures().stream().map(m -> {
                Map<String, Object> measure = new LinkedHashMap<>();
                measure.put("name", m.name());
                measure.put("function", m.function().yamlName());
                m.field().ifPresent(f -> measure.put("field", f));
                return measure;
            }).toList());
            return Map.of("aggregate", body);
        }
        Derivation.Enrichment e = (Derivation.Enrichment) derivation;
        body.put("stream", e.stream());
        body.put("table", e.table());
        body.put("joinKey", e.joinKey());
        body.put("fields", new java.util.TreeMap<>(e.fields()));
        body.put("grace", e.grace().toString());
        body.put("onMissing", e.onMissing().yamlName());
        return Map.of("enrich", body);
    }

    public static Optional<Derivation> read(JsonNode json) {
        if (json == null || json.isMissingNode() || json.isNull()) {
            return Optional.empty();
        }
        JsonNode a = json.get("aggregate");
        if (a != null) {
            JsonNode window = a.path("window");
            List<Derivation.Measure> measures = new java.util.ArrayList<>();
            a.path("measures").forEach(m -> measures.add(new Derivation.Measure(m.path("name").asText(),
                    Derivation.Function.valueOf(m.path("function").asText().toUpperCase(Locale.ROOT)),
                    Optional.ofNullable(m.get("field")).map(JsonNode::asText))));
            return Optional.of(new Derivation.Aggregation(a.path("source").asText(), a.path("groupBy").asText(),
                    Duration.parse(window.path("size").asText()), Duration.parse(window.path("advance").asText()),
                    Duration.parse(window.path("grace").asText()), measures));
        }
        JsonNode e = json.path("enrich");
        Map<String, String> fields = new LinkedHashMap<>();
        e.path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        return Optional.of(new Derivation.Enrichment(e.path("stream").asText(), e.path("table").asText(),
                e.path("joinKey").asText(), fields, Duration.parse(e.path("grace").asText()),
                Derivation.OnMissing.valueOf(e.path("onMissing").asText().toUpperCase(Locale.ROOT))));
    }
}
