package io.meshwork.gateway;

import java.util.List;
import java.util.Map;

/** Minimal data contracts for gateway tests, and the body that applies them. */
public final class TestContracts {

    private TestContracts() {
    }

    /**
     * A contract for {@code <domain>.<event>.v1} with its schema in {@code <event>.v1.avsc}.
     *
     * @param key the key field, or null for none
     * @param quality a YAML {@code quality:} section, or an empty string
     */
    public static String yaml(String domain, String event, String status, int partitions, String key, String quality) {
        return """
                apiVersion: v3.0.2
                kind: DataContract
                id: %1$s.%2$s.v1
                domain: %1$s
                dataProduct: %2$s
                version: 1.0.0
                status: %3$s
                team:
                  name: %1$s-team
                schema:
                  - avro: %2$s.v1.avsc
                %4$s%5$s
                servers:
                  - type: kafka
                    partitions: %6$d
                """.formatted(domain, event, status, key == null ? "" : "    key: " + key + "\n", quality, partitions)
                .replace("\n\n", "\n");
    }

    /** The body of {@code POST /v1/contracts} with one contract and its schema. */
    public static Map<String, Object> request(String domain, String event, String yaml, String schema) {
        return Map.of("contracts", List.of(contract(domain, event, yaml, schema)));
    }

    /** One entry of the {@code contracts} list. */
    public static Map<String, Object> contract(String domain, String event, String yaml, String schema) {
        return Map.of("path", domain + "/" + event + ".v1.yaml", "yaml", yaml, "schemas", Map.of(event + ".v1.avsc", schema));
    }
}
