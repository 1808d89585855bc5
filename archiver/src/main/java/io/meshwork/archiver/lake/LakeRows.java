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

/**
 * Turns the events of one writer schema into their rows of the lake (see {@link LakeSchema}). The
 * conversion is worked out once per schema, as a tree of small steps: a field that needs nothing
 * (most of them) is handed over as it is, and no field is looked up by name per event.
 */
public final class LakeRows {

    /** Where an event was in Kafka (its timestamp in milliseconds), and its CloudEvents id (null when it had none). */
    public record Position(int partition, long offset, long timestamp, String eventId) {
    }

    /** One value's way into the lake. */
    @FunctionalInterface
    private interface Step {
        Object apply(Object value, String domain, Pseudonymizer pseudonymizer);
    }

    private static final Step SAME = (value, domain, pseudonymizer) -> value;
    private static final Step MICROS = (value, domain, pseudonymizer) ->
            value == null ? null : Math.multiplyExact((Long) value, 1000L);
    private static final Step PSEUDONYM = (value, domain, pseudonymizer) -> pseudonymizer.pseudonym(domain, value);

    private final Schema lake;
    private final Step fields;
    private final int partition;
    private final int offset;
    private final int timestamp;
    private final int eventId;

    private LakeRows(Schema writer, Schema lake, Set<String> piiFields) {
        this.lake = lake;
        this.fields = record(writer, lake, "", piiFields);
        this.partition = lake.getField(LakePaths.PARTITION_COLUMN).pos();
        this.offset = lake.getField(LakePaths.OFFSET_COLUMN).pos();
        this.timestamp = lake.getField(LakePaths.TIMESTAMP_COLUMN).pos();
        this.eventId = lake.getField(LakePaths.EVENT_ID_COLUMN).pos();
    }

    /**
     * @param writer the schema the events were written with
     * @param lake the schema from {@link LakeSchema#of} for that writer schema and the same PII fields
     * @param piiFields dotted paths of the fields to pseudonymize
     */
    public static LakeRows of(Schema writer, Schema lake, Set<String> piiFields) {
        return new LakeRows(writer, lake, piiFields);
    }

    /** The lake schema of the rows. */
    public Schema schema() {
        return lake;
    }

    /**
     * @param event an event of the writer schema
     * @param domain whose key pseudonymizes the PII fields
     */
    public GenericRecord row(GenericRecord event, String domain, Pseudonymizer pseudonymizer, Position position) {
        GenericData.Record row = (GenericData.Record) fields.apply(event, domain, pseudonymizer);
        row.put(partition, position.partition());
        row.put(offset, position.offset());
        row.put(timestamp, Math.multiplyExact(position.timestamp(), 1000L));
        row.put(eventId, position.eventId());
        return row;
    }

    private static Step record(Schema source, Schema target, String path, Set<String> pii) {
        List<Schema.Field> sourceFields = source.getFields();
        int[] from = new int[sourceFields.size()];
        int[] to = new int[sourceFields.size()];
        Step[] steps = new Step[sourceFields.size()];
        for (int i = 0; i < sourceFields.size(); i++) {
            Schema.Field field = sourceFields.get(i);
            String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
            Schema.Field targetField = target.getField(field.name());
            from[i] = field.pos();
            to[i] = targetField.pos();
            steps[i] = pii.contains(fieldPath) ? PSEUDONYM : value(field.schema(), targetField.schema(), fieldPath, pii);
        }
        return (value, domain, pseudonymizer) -> {
            if (value == null) {
                return null;
            }
            GenericRecord record = (GenericRecord) value;
            GenericData.Record copy = new GenericData.Record(target);
            for (int i = 0; i < steps.length; i++) {
                Object item = record.get(from[i]);
                copy.put(to[i], steps[i] == SAME ? item : steps[i].apply(item, domain, pseudonymizer));
            }
            return copy;
        };
    }

    /** A value as the lake keeps it: pseudonymized when personal, timestamps in microseconds, nested values alike. */
    private static Step value(Schema source, Schema target, String path, Set<String> pii) {
        switch (source.getType()) {
            case UNION -> {
                List<Schema> branches = source.getTypes();
                Step[] steps = new Step[branches.size()];
                boolean same = true;
                for (int i = 0; i < steps.length; i++) {
                    steps[i] = value(branches.get(i), target.getTypes().get(i), path, pii);
                    same &= steps[i] == SAME;
                }
                if (same) {
                    return SAME;
                }
                return (value, domain, pseudonymizer) -> value == null ? null
                        : steps[GenericData.get().resolveUnion(source, value)].apply(value, domain, pseudonymizer);
            }
            case RECORD -> {
                return record(source, target, path, pii);
            }
            case ARRAY -> {
                Step item = value(source.getElementType(), target.getElementType(), path + "[]", pii);
                if (item == SAME) {
                    return SAME;
                }
                return (value, domain, pseudonymizer) -> {
                    if (value == null) {
                        return null;
                    }
                    Collection<?> items = (Collection<?>) value;
                    List<Object> copy = new ArrayList<>(items.size());
                    for (Object each : items) {
                        copy.add(item.apply(each, domain, pseudonymizer));
                    }
                    return new GenericData.Array<>(target, copy);
                };
            }
            case MAP -> {
                Step item = value(source.getValueType(), target.getValueType(), path + "{}", pii);
                if (item == SAME) {
                    return SAME;
                }
                return (value, domain, pseudonymizer) -> {
                    if (value == null) {
                        return null;
                    }
                    Map<Object, Object> copy = new LinkedHashMap<>();
                    ((Map<?, ?>) value).forEach((key, each) -> copy.put(key, item.apply(each, domain, pseudonymizer)));
                    return copy;
                };
            }
            default -> {
                return LakeSchema.millisecondTimestamp(source) ? MICROS : SAME;
            }
        }
    }
}
