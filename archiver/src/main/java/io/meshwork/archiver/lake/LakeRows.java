package io.meshwork.archiver.lake;

import io.meshwork.archiver.pii.Pseudonymizer;
import io.meshwork.core.lake.LakePaths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Turns an event into its row of the lake (see {@link LakeSchema}). */
public final class LakeRows {

    private LakeRows() {
    }

    /** Where an event was in Kafka (its timestamp in milliseconds), and its CloudEvents id (null when it had none). */
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
        row.put(LakePaths.TIMESTAMP_COLUMN, Math.multiplyExact(position.timestamp(), 1000L));
        row.put(LakePaths.EVENT_ID_COLUMN, position.eventId());
        return row;
    }

    private static GenericRecord copy(GenericRecord source, Schema target, String path, Set<String> pii, String domain,
                                      Pseudonymizer pseudonymizer) {
        GenericData.Record copy = new GenericData.Record(target);
        for (Schema.Field field : source.getSchema().getFields()) {
            String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
            Schema.Field targetField = target.getField(field.name());
            copy.put(targetField.pos(), value(source.get(field.pos()), field.schema(), targetField.schema(), fieldPath, pii,
                    domain, pseudonymizer));
        }
        return copy;
    }

    /** A value as the lake keeps it: pseudonymized when personal, timestamps in microseconds, nested values alike. */
    private static Object value(Object value, Schema source, Schema target, String path, Set<String> pii, String domain,
                                Pseudonymizer pseudonymizer) {
        if (pii.contains(path)) {
            return pseudonymizer.pseudonym(domain, value);
        }
        if (value == null) {
            return null;
        }
        switch (source.getType()) {
            case UNION -> {
                int branch = GenericData.get().resolveUnion(source, value);
                return value(value, source.getTypes().get(branch), target.getTypes().get(branch), path, pii, domain,
                        pseudonymizer);
            }
            case RECORD -> {
                return copy((GenericRecord) value, target, path, pii, domain, pseudonymizer);
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (Object item : (Collection<?>) value) {
                    items.add(value(item, source.getElementType(), target.getElementType(), path + "[]", pii, domain,
                            pseudonymizer));
                }
                return new GenericData.Array<>(target, items);
            }
            case MAP -> {
                Map<Object, Object> entries = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((key, item) -> entries.put(key, value(item, source.getValueType(),
                        target.getValueType(), path + "{}", pii, domain, pseudonymizer)));
                return entries;
            }
            default -> {
                return LakeSchema.millisecondTimestamp(source) ? Math.multiplyExact((Long) value, 1000L) : value;
            }
        }
    }
}
