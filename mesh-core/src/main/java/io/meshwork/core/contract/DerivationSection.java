package io.meshwork.core.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.meshwork.core.contract.odcs.OdcsDocument;
import io.meshwork.core.json.MeshJson;
import io.meshwork.core.naming.ProductName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * How a derived product is computed, from the custom property {@code derivation}: an aggregation
 * of a source in windows, or an enrichment of a stream with a table. The output schema must have
 * the fields it computes.
 */
final class DerivationSection {

    record Window(String size, String advance, String grace) {
    }

    record Measure(String name, String function, String field) {
    }

    record Aggregate(String source, String groupBy, Window window, List<Measure> measures) {
    }

    record Enrich(String stream, String table, String joinKey, Map<String, String> fields, String grace,
                  String onMissing) {
    }

    record Spec(Aggregate aggregate, Enrich enrich) {
    }

    private final Schema output;
    private final Findings findings;
    private final String at;

    private DerivationSection(Schema output, Findings findings, String at) {
        this.output = output;
        this.findings = findings;
        this.at = at;
    }

    static Optional<Derivation> read(OdcsDocument doc, Schema output, Findings findings) {
        Optional<Integer> index = OdcsDocument.indexOf(doc.customProperties(), "derivation");
        if (index.isEmpty() || output == null) {
            return Optional.empty();
        }
        String at = "/customProperties/" + index.get() + "/value";
        JsonNode value = doc.customProperties().get(index.get()).value();
        Spec spec;
        try {
            spec = MeshJson.mapper().treeToValue(value, Spec.class);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : String.valueOf(r.getIndex())).reduce("", (a, b) -> a + "/" + b);
            findings.at(at + path, "not a derivation: " + e.getOriginalMessage());
            return Optional.empty();
        } catch (JsonProcessingException e) {
            findings.at(at, "not a derivation: " + e.getOriginalMessage());
            return Optional.empty();
        }
        if (spec == null || (spec.aggregate() == null) == (spec.enrich() == null)) {
            findings.at(at, "a derivation is either aggregate: {...} or enrich: {...}");
            return Optional.empty();
        }
        DerivationSection section = new DerivationSection(output, findings, at);
        return spec.aggregate() != null ? section.aggregation(spec.aggregate()) : section.enrichment(spec.enrich());
    }

    private Optional<Derivation> aggregation(Aggregate spec) {
        String base = at + "/aggregate";
        Optional<String> source = topic(spec.source(), base + "/source");
        Optional<String> groupBy = required(spec.groupBy(), base + "/groupBy");
        Window window = spec.window();
        if (window == null) {
            findings.at(base + "/window", "missing; give the window as {size: PT5M} (tumbling) or"
                    + " {size: PT5M, advance: PT1M} (hopping)");
        }
        Optional<Duration> size = Optional.ofNullable(window)
                .flatMap(w -> required(w.size(), base + "/window/size"))
                .flatMap(s -> Durations.read(s, base + "/window/size", findings));
        Optional<Duration> advance = Optional.ofNullable(window).map(Window::advance)
                .flatMap(a -> Durations.read(a, base + "/window/advance", findings)).or(() -> size);
        Duration grace = Optional.ofNullable(window).map(Window::grace)
                .flatMap(g -> Durations.read(g, base + "/window/grace", findings)).orElse(Duration.ofSeconds(30));
        if (size.isPresent() && advance.isPresent() && advance.get().compareTo(size.get()) > 0) {
            findings.at(base + "/window", "advance " + advance.get() + " is longer than the window's size "
                    + size.get() + "; windows would leave gaps");
        }
        List<Measure> list = spec.measures() == null ? List.of() : spec.measures();
        if (list.isEmpty()) {
            findings.at(base + "/measures", "give at least one measure as {name: orders, function: count}"
                    + " or {name: revenue, function: sum, field: price.total}");
        }
        List<Derivation.Measure> measures = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            measure(list.get(i), base + "/measures/" + i).ifPresent(measures::add);
        }
        groupBy.ifPresent(g -> requireOutput(base, g.substring(g.lastIndexOf('.') + 1), Schema.Type.STRING,
                "the key " + g));
        requireOutput(base, Derivation.Aggregation.WINDOW_START, Schema.Type.LONG, "the window's start");
        requireOutput(base, Derivation.Aggregation.WINDOW_END, Schema.Type.LONG, "the window's end");
        if (source.isEmpty() || groupBy.isEmpty() || size.isEmpty() || measures.size() != list.size()
                || list.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Derivation.Aggregation(source.get(), groupBy.get(), size.get(), advance.get(), grace,
                measures));
    }

    private Optional<Derivation.Measure> measure(Measure m, String base) {
        if (m == null) {
            findings.at(base, "give the measure as {name: orders, function: count}");
            return Optional.empty();
        }
        Optional<String> name = required(m.name(), base + "/name");
        Optional<String> function = required(m.function(), base + "/function");
        if (name.isEmpty() || function.isEmpty()) {
            return Optional.empty();
        }
        Derivation.Function f;
        try {
            f = Derivation.Function.valueOf(function.get().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            findings.at(base + "/function", "function '" + function.get() + "' is not one of count, sum, avg, min, max");
            return Optional.empty();
        }
        if (f != Derivation.Function.COUNT && m.field() == null) {
            findings.at(base + "/field", f.yamlName() + " needs the source field it is computed over");
            return Optional.empty();
        }
        boolean ok = f == Derivation.Function.COUNT ? requireOutput(base, name.get(), Schema.Type.LONG, "the measure")
                : requireNumberOutput(base, name.get());
        return ok ? Optional.of(new Derivation.Measure(name.get(), f, Optional.ofNullable(m.field()))) : Optional.empty();
    }

    private Optional<Derivation> enrichment(Enrich spec) {
        String base = at + "/enrich";
        Optional<String> stream = topic(spec.stream(), base + "/stream");
        Optional<String> table = topic(spec.table(), base + "/table");
        Optional<String> joinKey = required(spec.joinKey(), base + "/joinKey");
        Duration grace = Optional.ofNullable(spec.grace()).flatMap(g -> Durations.read(g, base + "/grace", findings))
                .orElse(Duration.ofSeconds(10));
        Derivation.OnMissing onMissing = Derivation.OnMissing.EMIT;
        if (spec.onMissing() != null) {
            try {
                onMissing = Derivation.OnMissing.valueOf(spec.onMissing().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                findings.at(base + "/onMissing", "onMissing '" + spec.onMissing() + "' is not one of emit, drop");
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (spec.fields() == null || spec.fields().isEmpty()) {
            findings.at(base + "/fields", "map each output field to the table field it is copied from,"
                    + " e.g. {customerSegment: segment, customerCity: address.city}");
        }
        for (Map.Entry<String, String> mapping : (spec.fields() == null ? Map.<String, String>of() : spec.fields())
                .entrySet()) {
            String name = mapping.getKey();
            String where = base + "/fields/" + name;
            Schema.Field field = output.getField(name);
            if (field == null) {
                findings.at(where, "'" + name + "' is not a field of " + output.getName() + "; fields are "
                        + FieldPaths.fieldNames(output));
            } else if (onMissing == Derivation.OnMissing.EMIT && !FieldPaths.nullable(field.schema())) {
                findings.at(where, "'" + name + "' must be nullable ([\"null\", ...]): with onMissing: emit it is null"
                        + " for events whose table row has not arrived");
            } else {
                fields.put(name, mapping.getValue());
            }
        }
        if (stream.isEmpty() || table.isEmpty() || joinKey.isEmpty() || fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Derivation.Enrichment(stream.get(), table.get(), joinKey.get(), fields, grace,
                onMissing));
    }

    private Optional<String> required(String value, String pointer) {
        if (value == null || value.isBlank()) {
            findings.at(pointer, "required, but missing");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private Optional<String> topic(String value, String pointer) {
        return required(value, pointer).flatMap(v -> {
            try {
                return Optional.of(ProductName.parse(v).topic());
            } catch (IllegalArgumentException e) {
                findings.at(pointer, e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** A measure other than a count is a double, or a decimal (which keeps money exact). */
    private boolean requireNumberOutput(String pointer, String name) {
        Schema.Field field = output.getField(name);
        Schema type = field == null ? null : FieldPaths.nonNull(field.schema());
        if (type != null && (type.getType() == Schema.Type.DOUBLE
                || type.getLogicalType() instanceof LogicalTypes.Decimal)) {
            return true;
        }
        findings.at(pointer, output.getName() + " must have a field " + name + " of type double, or a decimal, for the"
                + " measure" + (field == null ? "; fields are " + FieldPaths.fieldNames(output)
                : ", not " + type.getType().getName()));
        return false;
    }

    private boolean requireOutput(String pointer, String name, Schema.Type type, String what) {
        Schema.Field field = output.getField(name);
        Schema.Type actual = field == null ? null : FieldPaths.nonNull(field.schema()).getType();
        if (actual != type) {
            findings.at(pointer, output.getName() + " must have a field " + name + " of type " + type.getName()
                    + " for " + what + (field == null ? "; fields are " + FieldPaths.fieldNames(output)
                    : ", not " + actual.getName()));
            return false;
        }
        return true;
    }
}
