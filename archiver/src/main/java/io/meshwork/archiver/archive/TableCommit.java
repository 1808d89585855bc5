package io.meshwork.archiver.archive;

import io.meshwork.lake.iceberg.TableOffsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.jboss.logging.Logger;

/**
 * One Iceberg snapshot of a topic's table holding the files of its partitions' batches and the
 * offsets they reach. The commit happens only if the table still holds, for every partition, the
 * offset its batch began at: when another instance (one that took a partition over, or a stalled
 * one that lost it) committed one of them since, nothing is committed, and the batches are read
 * again from the table's offsets. The check and the commit are one step, since Iceberg commits only
 * on the snapshot the check read, so no offset is ever in the table twice or skipped.
 */
final class TableCommit {

    /** The summary key of the commit's own id, by which an unknown outcome is found out. */
    static final String COMMIT_ID = "meshwork.commit-id";

    private static final Logger LOG = Logger.getLogger(TableCommit.class);
    private static final int ATTEMPTS = 20;

    /**
     * A partition's part of the commit.
     *
     * @param from the offset the table holds for the partition, as this instance last knew it
     *     (null: none, the partition was never committed)
     * @param next the offset after the batch's last
     */
    record Part(int partition, Long from, long next) {
    }

    /**
     * What became of a commit.
     *
     * @param committed whether the files and offsets are in the table
     * @param held when not, the offset the table holds for each part's partition (null: none)
     */
    record Outcome(boolean committed, Map<Integer, Long> held) {
    }

    private TableCommit() {
    }

    static Outcome commit(Table table, List<Part> parts, List<DataFile> files, String instance) {
        String id = UUID.randomUUID().toString();
        for (int attempt = 1; ; attempt++) {
            table.refresh();
            Map<Integer, Long> held = TableOffsets.current(table);
            if (parts.stream().anyMatch(part -> !Objects.equals(held.get(part.partition()), part.from()))) {
                Map<Integer, Long> theirs = new HashMap<>();
                parts.forEach(part -> theirs.put(part.partition(), held.get(part.partition())));
                return new Outcome(false, theirs);
            }
            Map<Integer, Long> offsets = new HashMap<>(held);
            parts.forEach(part -> offsets.put(part.partition(), part.next()));
            AppendFiles append = table.newAppend();
            files.forEach(append::appendFile);
            append.set(TableOffsets.SUMMARY_KEY, TableOffsets.summary(offsets)).set(COMMIT_ID, id)
                    .set("meshwork.archiver", instance);
            try {
                append.commit();
                return new Outcome(true, Map.of());
            } catch (CommitFailedException conflict) {
                LOG.debugf("Commit %s to %s met another commit (attempt %d): %s", id, table.name(), attempt,
                        conflict.getMessage());
            } catch (CommitStateUnknownException unknown) {
                table.refresh();
                if (committed(table, id)) {
                    return new Outcome(true, Map.of());
                }
                LOG.debugf("Commit %s to %s did not happen (attempt %d): %s", id, table.name(), attempt,
                        unknown.getMessage());
            }
            if (attempt >= ATTEMPTS) {
                throw new IllegalStateException("could not commit to " + table.name() + " in " + ATTEMPTS
                        + " attempts: other commits kept coming first");
            }
            sleep(Math.min(1000, 25L << Math.min(attempt, 5)));
        }
    }

    private static boolean committed(Table table, String id) {
        for (Snapshot snapshot = table.currentSnapshot(); snapshot != null;
             snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
            if (id.equals(snapshot.summary().get(COMMIT_ID))) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while committing", e);
        }
    }
}
