package io.meshwork.core.contract;

import io.meshwork.core.contract.odcs.OdcsDocument;
import io.meshwork.core.contract.odcs.OdcsDocument.AuthoritativeDefinition;
import io.meshwork.core.contract.odcs.OdcsDocument.Property;
import io.meshwork.core.contract.odcs.OdcsDocument.SchemaObject;
import io.meshwork.core.naming.ProductName;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The product's event ({@code schema[0]}): its Avro schema (an authoritative definition of type
 * {@code avroSchema}), its key (the property with {@code primaryKey: true}) and the classification
 * of its fields.
 */
final class EventSchemaSection {

    static final String SCHEMA = "/schema/0";

    /** @param avro null when the schema is missing or broken; nothing else is checked then */
    record EventSchema(Schema avro, Optional<String> keyField, Map<String, Classification> classifications) {
    }

    private static final EventSchema NONE = new EventSchema(null, Optional.empty(), Map.of());

    private EventSchemaSection() {
    }

    static EventSchema read(OdcsDocument doc, ProductName name, Path file, Function<String, Optional<String>> siblings,
                            Findings findings) {
        if (doc.schema().isEmpty()) {
            findings.at("/schema", "missing; declare the event as schema: [{name: ..., authoritativeDefinitions:"
                    + " [{type: avroSchema, url: <file>.avsc}]}]");
            return NONE;
        }
        if (doc.schema().size() != 1 || doc.schema().get(0) == null) {
            findings.at("/schema", "schema must be a list with exactly one object: the event of this product");
            return NONE;
        }
        SchemaObject event = doc.schema().get(0);
        if (event.physicalName() != null && name != null && !name.topic().equals(event.physicalName())) {
            findings.at(SCHEMA + "/physicalName", "physicalName '" + event.physicalName() + "' must be the topic "
                    + name.topic() + ", or be left out");
        }
        Schema avro = avro(event, file, siblings, findings);
        if (avro == null) {
            return NONE;
        }
        Optional<String> key = Optional.empty();
        Map<String, Classification> classifications = new LinkedHashMap<>();
        for (int i = 0; i < event.properties().size(); i++) {
            Property property = event.properties().get(i);
            String at = SCHEMA + "/properties/" + i;
            if (property == null || property.name() == null) {
                findings.at(at + "/name", "required, but missing");
                continue;
            }
            if (Boolean.TRUE.equals(property.primaryKey())) {
                if (key.isPresent()) {
                    findings.at(at + "/primaryKey", "the key is " + key.get() + " already; a product has one key field");
                } else if (keyable(avro, property.name(), at, findings)) {
                    key = Optional.of(property.name());
                }
            } else if (FieldPaths.resolve(avro, property.name()).isEmpty()) {
                findings.at(at + "/name", "'" + property.name() + "' is not a field of " + avro.getName()
                        + " (nested fields are written as parent.child); fields are " + FieldPaths.fieldNames(avro));
                continue;
            }
            if (property.classification() != null) {
                Optional<Classification> classification = Classification.of(property.classification());
                if (classification.isEmpty()) {
                    findings.at(at + "/classification", "classification '" + property.classification()
                            + "' is not one of pii, restricted, public");
                } else if (classification.get() != Classification.PUBLIC) {
                    classifications.put(property.name(), classification.get());
                }
            }
        }
        return new EventSchema(avro, key, classifications);
    }

    /** The file name of the event's Avro schema in a contract, if it names one. */
    static Optional<String> avroFile(SchemaObject event) {
        return event.authoritativeDefinitions().stream()
                .filter(d -> d != null && SchemaObject.AVRO_SCHEMA.equals(d.type()) && d.url() != null)
                .map(AuthoritativeDefinition::url).findFirst();
    }

    private static Schema avro(SchemaObject event, Path file, Function<String, Optional<String>> siblings,
                               Findings findings) {
        List<AuthoritativeDefinition> definitions = event.authoritativeDefinitions();
        int index = -1;
        for (int i = 0; i < definitions.size() && index < 0; i++) {
            if (definitions.get(i) != null && SchemaObject.AVRO_SCHEMA.equals(definitions.get(i).type())) {
                index = i;
            }
        }
        if (index < 0 || definitions.get(index).url() == null) {
            findings.at(SCHEMA + "/authoritativeDefinitions", "name the event's Avro schema as authoritativeDefinitions:"
                    + " [{type: avroSchema, url: <file>.avsc}]");
            return null;
        }
        String name = definitions.get(index).url();
        Path avsc = file.resolveSibling(name);
        Optional<String> text = siblings.apply(name);
        if (text.isEmpty()) {
            findings.at(SCHEMA + "/authoritativeDefinitions/" + index + "/url", "schema file " + avsc
                    + " does not exist; put the .avsc beside the contract");
            return null;
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text.get());
        } catch (SchemaParseException e) {
            findings.inFile(avsc, "not a valid Avro schema: " + e.getMessage());
            return null;
        }
        if (schema.getType() != Schema.Type.RECORD) {
            findings.inFile(avsc, "the event schema must be an Avro record, not " + schema.getType().getName());
            return null;
        }
        return schema;
    }

    private static boolean keyable(Schema avro, String name, String at, Findings findings) {
        Schema.Field field = avro.getField(name);
        if (field == null) {
            findings.at(at + "/name", "key field '" + name + "' is not a field of " + avro.getName() + "; fields are "
                    + FieldPaths.fieldNames(avro));
            return false;
        }
        Schema.Type type = FieldPaths.nonNull(field.schema()).getType();
        if (type != Schema.Type.STRING && type != Schema.Type.INT && type != Schema.Type.LONG
                && type != Schema.Type.ENUM) {
            findings.at(at + "/name", "key field '" + name + "' must be a string, number or enum, not "
                    + field.schema().getType().getName());
            return false;
        }
        return true;
    }
}
