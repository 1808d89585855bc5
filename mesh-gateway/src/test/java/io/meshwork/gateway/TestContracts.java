package io.meshwork.gateway;

import io.meshwork.core.api.ApplyRequest;
import io.meshwork.core.api.ContractFile;
import io.meshwork.testkit.contracts.ContractYaml;
import java.util.List;
import java.util.Map;

/** Minimal data contracts for gateway tests, and the body that applies them. */
public final class TestContracts {

    private TestContracts() {
    }

    /**
     * An ODCS v3.1.0 contract for {@code <domain>.<event>.v1} with its schema in {@code <event>.v1.avsc}.
     *
     * @param key the key field, or null for none
     * @param quality the event's quality rules as a YAML {@code quality:} list at the top level (indented
     *     here into the event's schema object), or an empty string
     */
    public static String yaml(String domain, String event, String status, int partitions, String key, String quality) {
        return yaml(domain, event, status, partitions, key, Map.of(), quality);
    }

    /** The same contract, with fields classified, e.g. {@code email: pii}. */
    public static String yaml(String domain, String event, String status, int partitions, String key,
                              Map<String, String> classifications, String quality) {
        ContractYaml contract = ContractYaml.of(domain, event).status(status).partitions(partitions).quality(quality);
        if (key != null) {
            contract.key(key);
        }
        classifications.forEach(contract::classify);
        return contract.yaml();
    }

    /** The body of {@code POST /v1/contracts} with one contract and its schema. */
    public static ApplyRequest request(String domain, String event, String yaml, String schema) {
        return new ApplyRequest(List.of(contract(domain, event, yaml, schema)), List.of());
    }

    /** One entry of the {@code contracts} list. */
    public static ContractFile contract(String domain, String event, String yaml, String schema) {
        return new ContractFile(domain + "/" + event + ".v1.yaml", yaml, Map.of(event + ".v1.avsc", schema));
    }
}
