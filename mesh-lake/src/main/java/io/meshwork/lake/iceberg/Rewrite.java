package io.meshwork.lake.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;

/**
 * One atomic commit that replaces some of a table's data files by others (compaction, erasure),
 * carrying the table's Kafka offsets over, so that the archiver resumes where it was. Appends
 * that land meanwhile are kept; a file being replaced that another commit removed meanwhile makes
 * the rewrite fail, and nothing changes.
 */
public final class Rewrite {

    /** The summary key naming what a rewrite was for, e.g. {@code compaction} or {@code erasure}. */
    public static final String OPERATION = "meshwork.operation";
    private static final String ID = "meshwork.rewrite-id";
    private static final int ATTEMPTS = 10;

    private Rewrite() {
    }

    /**
     * @param base the snapshot the replaced files were read from
     * @param summary more snapshot summary properties
     * @return the id of the snapshot that made the change
     * @throws IllegalStateException when a replaced file is gone meanwhile, or other commits kept coming first
     */
    public static long commit(Table table, Snapshot base, List<DataFile> removed, List<DataFile> added, String operation,
                              Map<String, String> summary) {
        String id = UUID.randomUUID().toString();
        for (int attempt = 1; ; attempt++) {
            table.refresh();
            RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(base.snapshotId());
            removed.forEach(rewrite::deleteFile);
            added.forEach(rewrite::addFile);
            rewrite.set(TableOffsets.SUMMARY_KEY, TableOffsets.summary(TableOffsets.current(table)))
                    .set(OPERATION, operation).set(ID, id);
            summary.forEach(rewrite::set);
            try {
                rewrite.commit();
                return committed(table, id);
            } catch (CommitFailedException conflict) {
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException("could not commit the " + operation + " of " + table.name() + " in "
                            + ATTEMPTS + " attempts: other commits kept coming first", conflict);
                }
            } catch (CommitStateUnknownException unknown) {
                table.refresh();
                Snapshot current = table.currentSnapshot();
                if (current != null && id.equals(current.summary().get(ID))) {
                    return current.snapshotId();
                }
            } catch (ValidationException gone) {
                throw new IllegalStateException("the files of " + table.name() + " being rewritten by the " + operation
                        + " changed meanwhile; run it again: " + gone.getMessage(), gone);
            }
        }
    }

    private static long committed(Table table, String id) {
        table.refresh();
        for (Snapshot snapshot = table.currentSnapshot(); snapshot != null;
             snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
            if (id.equals(snapshot.summary().get(ID))) {
                return snapshot.snapshotId();
            }
        }
        throw new IllegalStateException("the " + id + " rewrite of " + table.name() + " committed but is not in its history");
    }

    /** The data files of a snapshot, as Iceberg plans them. */
    public static List<DataFile> files(Table table, Snapshot snapshot) {
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
            List<DataFile> files = new java.util.ArrayList<>();
            tasks.forEach(task -> files.add(task.file()));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot plan the files of " + table.name(), e);
        }
    }
}
