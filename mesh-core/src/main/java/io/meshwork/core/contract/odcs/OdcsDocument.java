package io.meshwork.core.contract.odcs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The parts of an ODCS v3.1.0 contract that Meshwork reads, bound from a document that passed the
 * standard's JSON Schema. What the standard has and Meshwork does not read is ignored.
 *
 * @param schema the product's event: exactly one schema object
 * @param customProperties among them {@code derivation}, for a derived product
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OdcsDocument(String apiVersion, String kind, String id, String version, String status, String domain,
                           String dataProduct, Description description, Team team, List<SchemaObject> schema,
                           List<SlaProperty> slaProperties, List<Server> servers,
                           List<CustomProperty> customProperties) {

    public OdcsDocument {
        schema = orEmpty(schema);
        slaProperties = orEmpty(slaProperties);
        servers = orEmpty(servers);
        customProperties = orEmpty(customProperties);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Description(String purpose, String usage, String limitations) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Team(String name) {
    }

    /**
     * The event: its Avro schema is named by an authoritative definition of type {@link #AVRO_SCHEMA}.
     *
     * @param properties the fields with something to say: the key ({@code primaryKey: true}) and classifications
     * @param quality the rules every event must pass
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SchemaObject(String name, String physicalName, List<AuthoritativeDefinition> authoritativeDefinitions,
                               List<Property> properties, List<Quality> quality) {

        public static final String AVRO_SCHEMA = "avroSchema";

        public SchemaObject {
            authoritativeDefinitions = orEmpty(authoritativeDefinitions);
            properties = orEmpty(properties);
            quality = orEmpty(quality);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuthoritativeDefinition(String type, String url) {
    }

    /** @param name a field's dotted path, e.g. {@code deliveryAddress.street} */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Property(String name, Boolean primaryKey, String classification) {
    }

    /** @param implementation for {@code engine: cel}, the CEL expression */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Quality(String name, String type, String engine, JsonNode implementation, String description) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SlaProperty(String property, JsonNode value) {
    }

    /** @param customProperties the topic's settings: {@code partitions}, {@code retention}, {@code cleanupPolicy} */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Server(String server, String type, String host, String format, List<CustomProperty> customProperties) {

        public Server {
            customProperties = orEmpty(customProperties);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CustomProperty(String property, JsonNode value) {
    }

    /** The index of the first custom property by this name, if any. */
    public static Optional<Integer> indexOf(List<CustomProperty> properties, String name) {
        for (int i = 0; i < properties.size(); i++) {
            if (name.equals(properties.get(i).property())) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : java.util.Collections.unmodifiableList(list);
    }
}
