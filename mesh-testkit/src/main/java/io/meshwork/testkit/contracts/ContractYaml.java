package io.meshwork.testkit.contracts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ODCS v3.1.0 data contract for tests and benchmarks, as a domain team would write it: the
 * product's identity, its event's Avro schema file, key, classified fields and CEL rules, and its
 * topic's settings. Each setting left out keeps the mesh's default.
 */
public final class ContractYaml {

    private final String domain;
    private final String event;
    private String version = "1.0.0";
    private String status = "active";
    private String description;
    private String schemaName = "Event";
    private String avro;
    private String key;
    private final Map<String, String> classifications = new LinkedHashMap<>();
    private final List<String[]> rules = new ArrayList<>();
    private String rawQuality = "";
    private Integer partitions;
    private String retention;

    private ContractYaml(String domain, String event) {
        this.domain = domain;
        this.event = event;
    }

    /** A contract for {@code <domain>.<event>.v1}, active, its schema in {@code <event>.v1.avsc}. */
    public static ContractYaml of(String domain, String event) {
        return new ContractYaml(domain, event);
    }

    /** The contract's semantic version; its major is the topic's. */
    public ContractYaml version(String version) {
        this.version = version;
        return this;
    }

    public ContractYaml status(String status) {
        this.status = status;
        return this;
    }

    public ContractYaml description(String purpose) {
        this.description = purpose;
        return this;
    }

    /** The name of the schema object, usually the Avro record's. */
    public ContractYaml schemaName(String name) {
        this.schemaName = name;
        return this;
    }

    /** The Avro schema file beside the contract, if not {@code <event>.v<major>.avsc}. */
    public ContractYaml avro(String file) {
        this.avro = file;
        return this;
    }

    /** The field that keys the product's records. */
    public ContractYaml key(String field) {
        this.key = field;
        return this;
    }

    /** Classifies a field (a dotted path): {@code pii}, {@code restricted} or {@code public}. */
    public ContractYaml classify(String field, String classification) {
        classifications.put(field, classification);
        return this;
    }

    /** A CEL quality rule. */
    public ContractYaml rule(String name, String expression) {
        rules.add(new String[] {name, expression});
        return this;
    }

    /** Quality rules as a YAML list at the top level ({@code quality:\n  - name: ...}), moved into the event. */
    public ContractYaml quality(String yaml) {
        this.rawQuality = yaml;
        return this;
    }

    public ContractYaml partitions(int partitions) {
        this.partitions = partitions;
        return this;
    }

    /** How long Kafka keeps the records, as ISO-8601 (e.g. {@code P7D}). */
    public ContractYaml retention(String retention) {
        this.retention = retention;
        return this;
    }

    /** The topic of the product. */
    public String topic() {
        return domain + "." + event + ".v" + major();
    }

    /** The Avro schema file's name. */
    public String avroFile() {
        return avro != null ? avro : event + ".v" + major() + ".avsc";
    }

    /** The contract's path in a contracts folder, e.g. {@code orders/order-placed.v1.yaml}. */
    public String path() {
        return domain + "/" + event + ".v" + major() + ".yaml";
    }

    public String yaml() {
        StringBuilder yaml = new StringBuilder()
                .append("apiVersion: v3.1.0\nkind: DataContract\n")
                .append("id: ").append(topic()).append('\n')
                .append("domain: ").append(domain).append('\n')
                .append("dataProduct: ").append(event).append('\n')
                .append("version: ").append(version).append('\n')
                .append("status: ").append(status).append('\n')
                .append("team:\n  name: ").append(domain).append("-team\n");
        if (description != null) {
            yaml.append("description:\n  purpose: ").append(description).append('\n');
        }
        yaml.append("schema:\n  - name: ").append(schemaName).append('\n')
                .append("    authoritativeDefinitions:\n      - type: avroSchema\n        url: ").append(avroFile())
                .append('\n');
        if (key != null || !classifications.isEmpty()) {
            yaml.append("    properties:\n");
            if (key != null) {
                yaml.append("      - name: ").append(key).append("\n        primaryKey: true\n");
            }
            classifications.forEach((field, level) -> yaml.append("      - name: ").append(field)
                    .append("\n        classification: ").append(level).append('\n'));
        }
        if (!rules.isEmpty()) {
            yaml.append("    quality:\n");
            for (String[] rule : rules) {
                yaml.append("      - name: ").append(rule[0]).append("\n        type: custom\n        engine: cel\n")
                        .append("        implementation: ").append(rule[1]).append('\n');
            }
        }
        rawQuality.lines().forEach(line -> yaml.append(line.isBlank() ? "" : "    " + line).append('\n'));
        if (partitions != null || retention != null) {
            yaml.append("servers:\n  - server: mesh\n    type: kafka\n    host: mesh\n    customProperties:\n");
            if (partitions != null) {
                yaml.append("      - property: partitions\n        value: ").append(partitions).append('\n');
            }
            if (retention != null) {
                yaml.append("      - property: retention\n        value: ").append(retention).append('\n');
            }
        }
        return yaml.toString();
    }

    private int major() {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }
}
