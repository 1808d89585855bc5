package io.meshwork.gateway.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Checks a new schema against earlier versions under a compatibility level, with Avro's own
 * reader/writer resolution rules, and says what breaks in words a producer can act on.
 */
final class Compatibility {

    private Compatibility() {
    }

    /**
     * What breaks when {@code candidate} joins a subject whose live versions are {@code existing}
     * (oldest first); empty when nothing does.
     */
    static List<String> check(CompatibilityLevel level, Schema candidate, List<VersionedSchema> existing) {
        List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || existing.isEmpty()) {
            return problems;
        }
        List<VersionedSchema> against = level.transitive ? existing : List.of(existing.get(existing.size() - 1));
        for (VersionedSchema old : against) {
            if (level.backward) {
                describe(candidate, old.schema(), "new schema cannot read data written with version " + old.version(),
                        problems);
            }
            if (level.forward) {
                describe(old.schema(), candidate, "version " + old.version() + " cannot read data written with the new schema",
                        problems);
            }
        }
        return problems;
    }

    private static void describe(Schema reader, Schema writer, String what, List<String> problems) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add("{errorType:'" + incompatibility.getType() + "', description:'" + what + ": "
                    + incompatibility.getMessage() + " at " + incompatibility.getLocation() + "'}");
        }
    }

    /** A schema with the version it has in its subject. */
    record VersionedSchema(int version, Schema schema) {
    }
}
