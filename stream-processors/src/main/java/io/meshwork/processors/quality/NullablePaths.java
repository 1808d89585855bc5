package io.meshwork.processors.quality;

import io.meshwork.core.contract.FieldPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/** The fields of a schema that can be null, by dotted path, and which of them are null in an event. */
final class NullablePaths {

    private static final Map<Schema, List<String>> PATHS = new ConcurrentHashMap<>();

    private NullablePaths() {
    }

    static List<String> of(Schema schema) {
        return PATHS.computeIfAbsent(schema, s -> {
            List<String> paths = new ArrayList<>();
            collect(s, "", paths);
            return List.copyOf(paths);
        });
    }

    /** Whether the field at the path is null, or anything on the way to it. */
    static boolean isNull(IndexedRecord record, String path) {
        return FieldPaths.valueAt(record, path) == null;
    }

    private static void collect(Schema record, String prefix, List<String> paths) {
        for (Schema.Field field : record.getFields()) {
            String path = prefix + field.name();
            if (FieldPaths.nullable(field.schema())) {
                paths.add(path);
            }
            Schema type = FieldPaths.nonNull(field.schema());
            if (type.getType() == Schema.Type.RECORD) {
                collect(type, path + ".", paths);
            }
        }
    }
}
