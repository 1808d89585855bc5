package io.meshwork.core.contract.odcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The published JSON Schema of ODCS v3.1.0 ({@code odcs-json-schema-v3.1.0.json} of the standard's
 * repository), which contracts are checked against when it is configured: the file named by the
 * system property {@code mesh.contracts.odcs-schema} or the environment variable
 * {@code MESH_CONTRACTS_ODCS_SCHEMA}. Meshwork does not ship the standard's file; without it,
 * contracts get Meshwork's own checks only.
 */
public final class OdcsSchema {

    /** The version of the standard that contracts declare as {@code apiVersion}. */
    public static final String API_VERSION = "v3.1.0";
    public static final String PROPERTY = "mesh.contracts.odcs-schema";
    public static final String ENVIRONMENT = "MESH_CONTRACTS_ODCS_SCHEMA";
    private static final Set<String> ALTERNATIVES = Set.of("oneOf", "anyOf");
    private static volatile Optional<OdcsSchema> configured;

    private final JsonSchema schema;

    /**
     * Where a contract departs from the standard.
     *
     * @param pointer the JSON pointer of the value, e.g. {@code /servers/0/host}
     * @param message what is wrong there
     */
    public record Violation(String pointer, String message) {
    }

    private OdcsSchema(JsonSchema schema) {
        this.schema = schema;
    }

    /**
     * The standard's schema in this file.
     *
     * @throws IllegalArgumentException when it cannot be read as a JSON Schema
     */
    public static OdcsSchema load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new OdcsSchema(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909).getSchema(in));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the ODCS JSON Schema " + file + " (" + PROPERTY + " or "
                    + ENVIRONMENT + "): " + e.getMessage(), e);
        }
    }

    /** The configured schema, read once; empty when none is configured. */
    public static Optional<OdcsSchema> configured() {
        Optional<OdcsSchema> known = configured;
        if (known == null) {
            String file = Optional.ofNullable(System.getProperty(PROPERTY)).orElseGet(() -> System.getenv(ENVIRONMENT));
            known = file == null || file.isBlank() ? Optional.empty() : Optional.of(load(Path.of(file)));
            configured = known;
        }
        return known;
    }

    /** Every place the document departs from the standard, in document order; none when it conforms. */
    public List<Violation> violations(JsonNode document) {
        List<ValidationMessage> messages = schema.validate(document).stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString()))
                .toList();
        Set<String> explained = new HashSet<>();
        messages.stream().filter(m -> !ALTERNATIVES.contains(m.getType()))
                .forEach(m -> explained.add(m.getInstanceLocation().toString()));
        Set<Violation> violations = new LinkedHashSet<>();
        for (ValidationMessage message : messages) {
            // "valid to one and only one schema" says less than the alternatives' own messages beside it.
            if (!ALTERNATIVES.contains(message.getType()) || !explained.contains(message.getInstanceLocation().toString())) {
                violations.add(violation(message));
            }
        }
        return new ArrayList<>(violations);
    }

    private static Violation violation(ValidationMessage message) {
        String at = pointer(message.getInstanceLocation());
        String property = message.getProperty();
        return switch (message.getType()) {
            case "required" -> new Violation(at + "/" + property, "required by ODCS " + API_VERSION + ", but missing");
            case "additionalProperties", "unevaluatedProperties" -> new Violation(at + "/" + property,
                    "unknown key '" + property + "'; ODCS " + API_VERSION + " has no such key here"
                            + (at.contains("/quality/") && Set.of("engine", "implementation").contains(property)
                            ? " (a CEL rule is type: custom, engine: cel)" : ""));
            default -> new Violation(at, "not ODCS " + API_VERSION + ": " + withoutLocation(message));
        };
    }

    /** The validator's message starts with the location, which the problem names already. */
    private static String withoutLocation(ValidationMessage message) {
        String text = message.getMessage();
        String prefix = message.getInstanceLocation() + ": ";
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    private static String pointer(JsonNodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(String.valueOf(path.getElement(i)).replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }
}
