package io.meshwork.lake.iceberg;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The Kafka offsets a table holds, kept in the summary of each snapshot the archiver commits: for
 * every partition of its topic, the offset of the first record not yet in the table. Each commit
 * carries every partition's offset, so the current snapshot alone says where to resume; a commit
 * that rewrites files (compaction, erasure) carries its parent's offsets over.
 */
public final class TableOffsets {

    /** The snapshot summary key: a JSON object of partition to next offset, e.g. {@code {"0":120,"1":98}}. */
    public static final String SUMMARY_KEY = "meshwork.kafka.offsets";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TableOffsets() {
    }

    /**
     * The offsets of the table's current snapshot, or of its nearest ancestor that has them (a
     * snapshot another engine committed, such as Spark's compaction, carries none); empty for a new table.
     */
    public static Map<Integer, Long> current(Table table) {
        for (Snapshot snapshot = table.currentSnapshot(); snapshot != null;
             snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
            if (snapshot.summary() != null && snapshot.summary().containsKey(SUMMARY_KEY)) {
                return of(snapshot);
            }
        }
        return Map.of();
    }

    /** The offsets a snapshot recorded; empty for none or a snapshot without any. */
    public static Map<Integer, Long> of(Snapshot snapshot) {
        if (snapshot == null || snapshot.summary() == null || !snapshot.summary().containsKey(SUMMARY_KEY)) {
            return Map.of();
        }
        try {
            return new TreeMap<>(JSON.readValue(snapshot.summary().get(SUMMARY_KEY), new TypeReference<Map<Integer, Long>>() { }));
        } catch (IOException e) {
            throw new IllegalStateException("snapshot " + snapshot.snapshotId() + " has unreadable offsets in "
                    + SUMMARY_KEY + ": " + e.getMessage(), e);
        }
    }

    /** The summary value for these offsets. */
    public static String summary(Map<Integer, Long> offsets) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(offsets));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
