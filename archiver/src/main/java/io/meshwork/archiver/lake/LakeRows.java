package io.meshwork.archiver.lake;

import io.meshwork.archiver.pii.Pseudonymizer;
import io.meshwork.core.lake.LakePaths;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Turns an event into its row of the lake (see {@link LakeSchema}). */
public final class LakeRows {

    private LakeRows() {
    }

    /** Where an event was in Kafka, and its CloudEvents id (null when it had none). */
    public record Position(int partition, long offset, long timestamp, String eventId) {
    }

    /**
     * @param lake the schema from {@link LakeSchema#of} for the event's writer schema and the same PII fields
     * @param domain whose key pseudonymizes the PII fields
     */
    public static GenericRecord of(GenericRecord event, Schema lake, Set<String> piiFields, String domain,
                                   Pseudonymizer pseudonymizer, Position position) {
        GenericRecord row = copy(event, lake, "", piiFields, domain, pseudonymizer);
        row.put(LakePaths.PARTITION_COLUMN, position.partition());
        row.put(LakePaths.OFFSET_COLUMN, position.offset());
        row.put(LakePaths.TIMESTAMP_COLUMN, position.timestamp());
        row.put(LakePaths.EVENT_ID_COLUMN, position.eventId());
        return row;
    }

    private static GenericRecord copy(GenericRecord source, Schema target, String path, Set<String> pii, String domain,
                                      Pseudonymizer pseudonymizer) {
        GenericData.Record copy = new GenericData.Record(target);
        for (Schema.Field field : source.getSchema().getFields()) {
            String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
            Object value = source.get(field.pos());
            Schema.Field targetField = target.getField(field.name());
            if (pii.contains(fieldPath)) {
                copy.put(targetField.pos(), pseudonymizer.pseudonym(domain, value));
            } else if (value instanceof GenericRecord nested) {
                copy.put(targetField.pos(), copy(nested, recordBranch(targetField.schema(), nested.getSchema()), fieldPath,
                        pii, domain, pseudonymizer));
            } else {
                copy.put(targetField.pos(), value);
            }
        }
        return copy;
    }

    private static Schema recordBranch(Schema target, Schema sourceRecord) {
        if (target.getType() != Schema.Type.UNION) {
            return target;
        }
        return target.getTypes().stream().filter(s -> s.getFullName().equals(sourceRecord.getFullName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + sourceRecord.getFullName() + " in " + target));
    }
}
