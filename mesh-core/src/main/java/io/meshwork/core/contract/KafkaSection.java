package io.meshwork.core.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshwork.core.contract.odcs.OdcsDocument;
import io.meshwork.core.contract.odcs.OdcsDocument.Server;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The product's topic, from the {@code servers} entry of {@code type: kafka}: its custom properties
 * {@code partitions}, {@code retention} and {@code cleanupPolicy}, each with a default.
 */
final class KafkaSection {

    private KafkaSection() {
    }

    static KafkaServer read(OdcsDocument doc, Findings findings) {
        int index = -1;
        for (int i = 0; i < doc.servers().size() && index < 0; i++) {
            if (doc.servers().get(i) != null && "kafka".equals(doc.servers().get(i).type())) {
                index = i;
            }
        }
        if (index < 0) {
            return KafkaServer.DEFAULT;
        }
        Server server = doc.servers().get(index);
        String at = "/servers/" + index;
        if (server.format() != null && !"avro".equals(server.format())) {
            findings.at(at + "/format", "format must be avro, is '" + server.format() + "'");
        }
        int partitions = property(server, "partitions").map(p -> {
            JsonNode value = server.customProperties().get(p).value();
            if (value != null && value.canConvertToInt() && value.isIntegralNumber()
                    && value.asInt() >= 1 && value.asInt() <= 1000) {
                return value.asInt();
            }
            findings.at(pointer(at, p), "partitions must be a whole number from 1 to 1000, is '"
                    + (value == null ? "" : value.asText()) + "'");
            return KafkaServer.DEFAULT.partitions();
        }).orElse(KafkaServer.DEFAULT.partitions());
        Duration retention = property(server, "retention")
                .flatMap(p -> Durations.read(server.customProperties().get(p).value(), pointer(at, p), findings))
                .orElse(KafkaServer.DEFAULT.retention());
        String cleanupPolicy = property(server, "cleanupPolicy").map(p -> {
            JsonNode value = server.customProperties().get(p).value();
            String text = value == null ? "" : value.asText();
            if (!Set.of("delete", "compact").contains(text)) {
                findings.at(pointer(at, p), "cleanupPolicy must be delete or compact, is '" + text + "'");
            }
            return text;
        }).orElse(KafkaServer.DEFAULT.cleanupPolicy());
        return new KafkaServer(partitions, retention, cleanupPolicy);
    }

    private static Optional<Integer> property(Server server, String name) {
        return OdcsDocument.indexOf(server.customProperties(), name);
    }

    private static String pointer(String server, int property) {
        return server + "/customProperties/" + property + "/value";
    }
}
